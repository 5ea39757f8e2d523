package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.messages;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FaultProxy;
import io.shotsync.core.testkit.FtpServerExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A download cut or stalled mid-file continues from its confirmed offset with REST in the same run, on one
 * connection or in ranges on several; a server that ignores or refuses REST makes the file start over instead of
 * being spliced. Every file ends byte-identical to the server's.
 */
class ResumeAfterDisconnectTest extends ThroughFaultProxy {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();
  private static final int BIG_SIZE = 3_000_000;

  ResumeAfterDisconnectTest() {
    super(FTP);
  }

  @Test
  void aStalledDownloadTimesOutWithinTheDataTimeoutAndResumes() {
    tree.file(BIG, 2_000_000);
    SyncOptions options = fast().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(800));
    try (ShotSync sync = open(viaProxy, local, options)) {
      sync.scan(viaProxy.id());
      proxy.stallNextDataAfter(600_000, Duration.ofSeconds(20));
      long start = System.nanoTime();
      Task t = runToEnd(sync, spec(viaProxy).shots(SHOT).departments(Department.ANIM).build());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(proxy.stalls()).isEqualTo(1);
      assertSameBytes(local, BIG, 2_000_000);
      assertThat(item(sync, t.id(), SHOT + "/anim").stats().resumed()).isEqualTo(1);
      assertThat(messages(sync, t.id())).anyMatch(m -> m.startsWith("retry 1 of 3 for " + BIG + " in ")
          && m.contains("from byte 600000"));
      // the stall was given up on by the timeout, not waited out (the proxy would have held it 20 s)
      assertThat(millis).isLessThan(20_000);
    }
  }

  @Test
  void aCutDataConnectionResumesFromItsOffsetByteIdentical() {
    tree.file(BIG, BIG_SIZE);
    try (ShotSync sync = open(viaProxy, local, fast())) {
      sync.scan(viaProxy.id());
      proxy.cutNextDataAfter(1_000_000);
      Task t = runToEnd(sync, spec(viaProxy).shots(SHOT).build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(proxy.cuts()).isEqualTo(1);
      assertThat(proxy.restOffsets()).hasSize(1);
      assertThat(proxy.restOffsets().get(0)).isGreaterThan(0).isLessThanOrEqualTo(1_000_000);
      assertSameBytes(local, BIG, BIG_SIZE);
      TaskItem anim = item(sync, t.id(), SHOT + "/anim");
      assertThat(anim.stats().resumed()).isEqualTo(1);
      assertThat(messages(sync, t.id())).anyMatch(m -> m.startsWith("retry 1 of 3 for " + BIG));
      // nothing served twice beyond the cut: the second request started where the first stopped
      assertThat(proxy.dataBytes()).isLessThan(BIG_SIZE + 1_000_000L);
    }
  }

  @Test
  void aServerIgnoringRestStillEndsByteIdentical() {
    tree.file(BIG, BIG_SIZE);
    try (ShotSync sync = open(viaProxy, local, fast())) {
      sync.scan(viaProxy.id());
      proxy.restMode(FaultProxy.RestMode.IGNORE);
      proxy.cutNextDataAfter(700_000);
      Task t = runToEnd(sync, spec(viaProxy).shots(SHOT).build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, BIG, BIG_SIZE);
      assertThat(messages(sync, t.id())).anyMatch(m -> m.contains("ignored REST"));
    }
  }

  @Test
  void aServerRefusingRestStartsOverByteIdentical() {
    tree.file(BIG, BIG_SIZE);
    try (ShotSync sync = open(viaProxy, local, fast())) {
      sync.scan(viaProxy.id());
      proxy.restMode(FaultProxy.RestMode.REFUSE);
      proxy.cutNextDataAfter(700_000);
      Task t = runToEnd(sync, spec(viaProxy).shots(SHOT).build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, BIG, BIG_SIZE);
      assertThat(messages(sync, t.id())).anyMatch(m -> m.contains("refused to resume"));
    }
  }

  @Test
  void aLargeFileComesInRangesOnSeveralConnectionsAndSurvivesACut() {
    int size = 6_000_000;
    tree.file(BIG, size);
    SyncOptions ranged = fast().withSegmentThreshold(2_000_000);
    try (ShotSync sync = open(viaProxy, local, ranged)) {
      sync.scan(viaProxy.id());
      proxy.cutNextDataAfter(400_000);
      Task t = runToEnd(sync, spec(viaProxy).shots(SHOT).build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, BIG, size);
      assertThat(proxy.cuts()).isEqualTo(1);
      assertThat(proxy.restOffsets()).hasSizeGreaterThanOrEqualTo(4);
      assertThat(messages(sync, t.id())).anyMatch(m -> m.contains("in 4 ranges"));
    }
  }
}
