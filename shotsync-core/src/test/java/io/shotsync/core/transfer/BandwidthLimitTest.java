package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Task;
import io.shotsync.api.TaskStatus;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FtpServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bandwidth limit holds for all of a task's connections together. */
class BandwidthLimitTest extends ThroughFaultProxy {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  BandwidthLimitTest() {
    super(FTP);
  }

  @Test
  void theBandwidthLimitHoldsAcrossConnections() {
    for (int i = 1; i <= 3; i++) {
      tree.file(SHOT + "/anim/publish/v001/part" + i + ".bin", 1_000_000);
    }
    long limit = 2_000_000;
    try (ShotSync sync = open(FTP.endpoint(), local, fast().withBandwidthLimit(limit))) {
      sync.scan(FTP.endpoint().id());
      long start = System.nanoTime();
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(SHOT).build());
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      // 3 MB at 2 MB/s: at least 1.5 s less the 0.1 s burst (a lower bound only)
      assertThat(elapsedMillis).isGreaterThanOrEqualTo(1_350);
    }
  }
}
