package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task started more than {@code SyncOptions.relistAfter} after its scan lists each item's directories again before
 * fetching, so it fetches what the server holds now (changed and added files); one started within it uses the scan.
 */
class RelistBeforeFetchTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  @TempDir
  Path local;

  @Test
  void executeListsTheItemAgainSoAFileChangedSinceTheScanLandsWithItsNewBytes() throws Exception {
    String shot = "ep01/sq010/sh0010";
    String scene = shot + "/anim/publish/v001/scene.ma";
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root()).animVersion(shot, "v001");
    try (ShotSync sync = open(FTP.endpoint(), local, fast().withRelistAfter(Duration.ZERO))) {
      sync.scan(FTP.endpoint().id());
      assertThat(runToEnd(sync, spec(FTP.endpoint()).shots(shot).build()).status()).isEqualTo(TaskStatus.COMPLETED);
      // the server changes after the scan; the cached structure still has the old size and mtime
      tree.file(scene, 1500);
      Files.setLastModifiedTime(FTP.root().resolve(scene), FileTime.from(Instant.parse("2025-06-01T12:00:00Z")));
      tree.file(shot + "/anim/publish/v001/cache/extra.abc", 700);
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(shot).departments(Department.ANIM)
          .conflictStrategy("compare").build());
      assertThat(t.status()).as(String.valueOf(t.message())).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, scene, 1500);
      assertSameBytes(local, shot + "/anim/publish/v001/cache/extra.abc", 700);
      TaskItem anim = item(sync, t.id(), shot + "/anim");
      assertThat(anim.stats().overwritten()).isEqualTo(1);
      assertThat(anim.stats().downloaded()).isEqualTo(1);
      assertThat(anim.stats().skipped()).isEqualTo(1);
      assertThat(anim.fileCount()).isEqualTo(3);
    }
  }

  @Test
  void aScanYoungerThanRelistAfterIsUsedAsItIsAndAnOlderOneIsListedAgain() throws Exception {
    String shot = "ep01/sq010/sh0010";
    String scene = shot + "/anim/publish/v001/scene.ma";
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root()).animVersion(shot, "v001");
    try (ShotSync sync = open(FTP.endpoint(), local, fast().withRelistAfter(Duration.ofHours(1)))) {
      sync.scan(FTP.endpoint().id());
      // a file added after the scan: a fresh scan is trusted, so this task does not see it
      tree.file(shot + "/anim/publish/v001/cache/late.abc", 300);
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(shot).departments(Department.ANIM).build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(local.resolve(shot + "/anim/publish/v001/cache/late.abc")).doesNotExist();
      assertSameBytes(local, scene, 1000);
    }
    try (ShotSync sync = open(FTP.endpoint(), local.resolve("again"), fast().withRelistAfter(Duration.ZERO))) {
      sync.scan(FTP.endpoint().id());
      tree.file(shot + "/anim/publish/v001/cache/later.abc", 400);
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(shot).departments(Department.ANIM).build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local.resolve("again"), shot + "/anim/publish/v001/cache/later.abc", 400);
    }
  }
}
