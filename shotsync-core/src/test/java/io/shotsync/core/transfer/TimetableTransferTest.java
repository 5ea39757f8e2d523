package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.Task;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.FileEvent;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.event.TransferProgress;
import io.shotsync.api.BandwidthTimetable;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.core.testkit.TaskStoreContract.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A timetable's change of period slows a file already in flight. */
class TimetableTransferTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  static final int SIZE = 512 * 1024;
  static final long SLOW = 128 * 1024;

  @TempDir
  Path local;

  @Test
  void aLowerLimitFromTheNextPeriodAppliesMidFile() {
    String rel = "ep01/sq010/sh0010/anim/publish/v001/big.abc";
    new ShotTreeGenerator(FTP.root()).file(rel, SIZE);
    TestClock clock = new TestClock(Instant.parse("2026-06-01T11:00:00Z"));
    BandwidthTimetable table = BandwidthTimetable.parse("00:00,1M 12:00,128K").withZone(ZoneOffset.UTC);
    AtomicLong bytesAtSwitch = new AtomicLong(-1);
    AtomicLong switchedAt = new AtomicLong();
    AtomicLong finishedAt = new AtomicLong();
    SyncListener switcher = new SyncListener() {
      @Override
      public void progress(TransferProgress p) {
        // the first progress report comes mid-file: move the clock into the slow period
        if (p.fileBytes() < SIZE && bytesAtSwitch.compareAndSet(-1, p.fileBytes())) {
          switchedAt.set(System.nanoTime());
          clock.advance(Duration.ofHours(1));
        }
      }

      @Override
      public void fileFinished(FileEvent e) {
        finishedAt.set(System.nanoTime());
      }
    };
    try (ShotSync sync = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast()).clock(clock)
        .bandwidth(table).listener(switcher).build()) {
      Task t = sync.run(spec(FTP.endpoint()).shots("ep01/sq010/sh0010").departments(Department.ANIM).build())
          .await(Duration.ofSeconds(60));
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
    }
    assertThat(bytesAtSwitch.get()).as("switched mid-file").isBetween(0L, SIZE - 128 * 1024L);
    SyncTestSupport.assertSameBytes(local, rel, SIZE);
    // after the switch, the rest of the file (less a burst and a buffer) took at least its time at 128 KiB/s
    long rest = SIZE - bytesAtSwitch.get() - 64 * 1024;
    double seconds = (finishedAt.get() - switchedAt.get()) / 1e9;
    assertThat(seconds).isGreaterThanOrEqualTo(rest / (double) SLOW * 0.95);
  }
}
