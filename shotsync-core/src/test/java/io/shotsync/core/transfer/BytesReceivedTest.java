package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Endpoint;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.event.TransferProgress;
import io.shotsync.core.ShotSync;
import io.shotsync.core.SyncJson;
import io.shotsync.core.testkit.FaultProxy;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bytesReceived} counts what came over the network in a run: on a full download what the server sent (counted
 * at a proxy), on a rerun that finds every file in place 0, while {@code transferredBytes} keeps meaning "fetched or
 * found in place".
 */
class BytesReceivedTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  private static final String DIR = "ep01/sq010/sh0010/anim/publish/v001/";

  @TempDir
  Path local;

  @Test
  void aFullDownloadReceivesWhatTheServerSentAndANoOpRerunReceivesNothing() throws Exception {
    new ShotTreeGenerator(FTP.root()).file(DIR + "a.bin", 700_000).file(DIR + "b.bin", 1_300_000)
        .file(DIR + "c.bin", 5_000);
    try (FaultProxy proxy = new FaultProxy("127.0.0.1", FTP.port())) {
      Endpoint viaProxy = FTP.endpoint().withPort(proxy.port());
      List<TransferProgress> progress = new CopyOnWriteArrayList<>();
      SyncListener recorder = new SyncListener() {
        @Override
        public void progress(TransferProgress p) {
          progress.add(p);
        }
      };
      try (ShotSync sync = open(viaProxy, local, fast().withBandwidthLimit(4_000_000), recorder)) {
        Task full = runToEnd(sync, spec(viaProxy).build());
        assertThat(full.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(full.bytesReceived()).isEqualTo(proxy.retrievedBytes()).isEqualTo(2_005_000);
        assertThat(full.transferredBytes()).isEqualTo(2_005_000);
        List<TaskItem> items = sync.items(full.id());
        assertThat(items.stream().mapToLong(TaskItem::bytesReceived).sum()).isEqualTo(2_005_000);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).bytesReceived()).isPositive().isLessThanOrEqualTo(2_005_000);
        assertThat(SyncJson.task(full)).containsEntry("bytesReceived", 2_005_000L);
        assertThat(SyncJson.readTask(SyncJson.parse(SyncJson.write(SyncJson.task(full)))).bytesReceived())
            .isEqualTo(2_005_000);

        long before = proxy.retrievedBytes();
        Task again = runToEnd(sync, spec(viaProxy).build());
        assertThat(again.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(proxy.retrievedBytes()).isEqualTo(before);
        assertThat(again.bytesReceived()).isZero();
        assertThat(again.transferredBytes()).as("found in place").isEqualTo(2_005_000);
        assertThat(sync.items(again.id())).allSatisfy(i -> assertThat(i.bytesReceived()).isZero());
      }
    }
  }
}
