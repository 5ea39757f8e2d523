package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.files;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.read;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.FileStats;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The seed's file conflict scenarios: download a shot, change things, download it again. */
class ConflictStrategyTransferTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  private static final String SHOT = "ep01/sq010/sh0010";
  private static final String SCENE = SHOT + "/anim/publish/v002/scene.ma";
  private static final String GEO = SHOT + "/anim/publish/v002/cache/geo.abc";
  private static final String FRAME1 = SHOT + "/lighting/version/sh0010_lighting_v002.0001.exr";
  private static final String FRAME2 = SHOT + "/lighting/version/sh0010_lighting_v002.0002.exr";

  @TempDir
  Path local;
  ShotTreeGenerator tree;

  @BeforeEach
  void tree() {
    tree = new ShotTreeGenerator(FTP.root());
    tree.animVersion(SHOT, "v001").animVersion(SHOT, "v002").lightingVersion(SHOT, "v002", 2);
  }

  private TaskSpec conflict(String id) {
    return spec(FTP.endpoint()).shots(SHOT).conflictStrategy(id).build();
  }

  private static FileStats total(ShotSync sync, Task t) {
    return sync.items(t.id()).stream().map(TaskItem::stats).reduce(FileStats.ZERO, FileStats::plus);
  }

  @Test
  void skipRedownloadsNothing() throws Exception {
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      Task first = runToEnd(sync, conflict("skip"));
      assertThat(total(sync, first)).isEqualTo(new FileStats(4, 0, 0, 0, 0, 0));
      Files.writeString(local.resolve(SCENE), "edited locally");
      Task second = runToEnd(sync, conflict("skip"));
      assertThat(second.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(total(sync, second)).isEqualTo(new FileStats(0, 4, 0, 0, 0, 0));
      assertThat(Files.readString(local.resolve(SCENE))).isEqualTo("edited locally");
    }
  }

  @Test
  void compareRedownloadsOnlyFilesMadeNewerOrResized() throws Exception {
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      runToEnd(sync, conflict("compare"));
      // the local mtimes were set from the remote ones
      assertThat(Files.getLastModifiedTime(local.resolve(SCENE)).toInstant()).isEqualTo(tree.mtime(SCENE));
      Task unchanged = runToEnd(sync, conflict("compare"));
      assertThat(total(sync, unchanged)).isEqualTo(new FileStats(0, 4, 0, 0, 0, 0));

      Files.setLastModifiedTime(FTP.root().resolve(GEO), FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
      Files.write(FTP.root().resolve(FRAME1), new byte[123]);
      Files.setLastModifiedTime(FTP.root().resolve(FRAME1), FileTime.from(tree.mtime(FRAME1)));
      sync.scan(FTP.endpoint().id());
      Task changed = runToEnd(sync, conflict("compare"));
      assertThat(changed.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(total(sync, changed)).isEqualTo(new FileStats(0, 2, 2, 0, 0, 0));
      assertThat(read(local.resolve(FRAME1))).hasSize(123);
      assertThat(Files.getLastModifiedTime(local.resolve(GEO)).toInstant())
          .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }
  }

  @Test
  void overwriteRedownloadsAll() throws Exception {
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      runToEnd(sync, conflict("overwrite"));
      Files.writeString(local.resolve(SCENE), "edited locally");
      Task second = runToEnd(sync, conflict("overwrite"));
      assertThat(total(sync, second)).isEqualTo(new FileStats(0, 0, 4, 0, 0, 0));
      assertSameBytes(local, SCENE, 2000);
      assertThat(files(local)).hasSize(4);
    }
  }

  @Test
  void keepBothKeepsOldBytesAndLandsNewOnesTwiceWithoutCollisions() throws Exception {
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      runToEnd(sync, conflict("keep_both"));
      Files.writeString(local.resolve(SCENE), "first local edit");
      Task second = runToEnd(sync, conflict("keep_both"));
      assertThat(total(sync, second)).isEqualTo(new FileStats(0, 0, 0, 4, 0, 0));
      Files.writeString(local.resolve(SCENE), "second local edit");
      Task third = runToEnd(sync, conflict("keep_both"));
      assertThat(total(sync, third)).isEqualTo(new FileStats(0, 0, 0, 4, 0, 0));

      assertSameBytes(local, SCENE, 2000);
      Path dir = local.resolve(SCENE).getParent();
      List<String> kept;
      try (var s = Files.list(dir)) {
        kept = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("scene.ma.shotsync-kept-")).sorted()
            .toList();
      }
      assertThat(kept).hasSize(2).doesNotHaveDuplicates();
      List<String> contents = kept.stream().map(n -> new String(read(dir.resolve(n)), StandardCharsets.UTF_8)).toList();
      assertThat(contents).containsExactlyInAnyOrder("first local edit", "second local edit");
      // 4 files x (1 current + 2 kept); nothing half-written left behind
      assertThat(files(local)).hasSize(12).noneMatch(f -> f.endsWith(".part"));
      // kept files are never read as another version or frame
      assertThat(sync.compare(FTP.endpoint().id(), io.shotsync.api.Selection.shots(SHOT)))
          .allSatisfy(r -> assertThat(r.local()).isEqualTo(Version.of(2)));
    }
  }
}
