package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.files;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.messages;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.ShotKey;
import io.shotsync.api.Task;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.core.Layout;
import io.shotsync.core.ShotSync;
import io.shotsync.core.internal.layout.VersionedFilesLayout;
import io.shotsync.core.internal.scan.LocalScanner;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Temporary ({@code .part}) and kept-aside files: never read as a version or a frame, locally or on the server, never
 * called complete when larger than the remote file, and never left behind by a finished task.
 */
class PartialFilesTest extends ThroughFaultProxy {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  PartialFilesTest() {
    super(FTP);
  }

  @Test
  void aStaleTemporaryFileIsDeletedWhenTheExistingFileIsSkipped() throws Exception {
    String shot = "ep01/sq010/sh0010";
    String scene = shot + "/anim/publish/v001/scene.ma";
    new ShotTreeGenerator(FTP.root()).animVersion(shot, "v001");
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      assertThat(runToEnd(sync, spec(FTP.endpoint()).shots(shot).build()).status()).isEqualTo(TaskStatus.COMPLETED);
      // left by an earlier run that was killed while overwriting the file
      Path stale = local.resolve(shot + "/anim/publish/v001/.scene.ma.shotsync.part");
      Files.write(stale, new byte[] {1, 2, 3});
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(shot).conflictStrategy("skip").build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(item(sync, t.id(), shot + "/anim").stats().skipped()).isEqualTo(2);
      assertThat(stale).doesNotExist();
      assertThat(files(local)).noneMatch(f -> f.endsWith(".part"));
      assertSameBytes(local, scene, 1000);
    }
  }

  @Test
  void keptAndTemporaryFilesAreNeverReadAsAVersionOrFrame() throws Exception {
    String shot = "ep01/sq010/sh0010";
    Path dir = local.resolve(shot + "/lighting/version");
    Files.createDirectories(dir);
    Files.write(dir.resolve("sh0010_lighting_v001.0001.exr"), new byte[10]);
    Files.write(dir.resolve("sh0010_lighting_v002.0001.exr.shotsync-kept-20261126T015730Z"), new byte[10]);
    Files.write(dir.resolve(".sh0010_lighting_v003.0001.exr.shotsync.part"), new byte[10]);
    Path anim = local.resolve(shot + "/anim/publish/v004");
    Files.createDirectories(anim);
    Files.write(anim.resolve("scene.ma.shotsync-kept-20261126T015730Z"), new byte[10]);
    Layout layout = Layout.defaults();
    LocalScanner scanner = new LocalScanner(layout);
    ShotKey key = ShotKey.parse(shot);
    assertThat(scanner.versions(local, key, layout.department(Department.LIGHTING).orElseThrow()).keySet())
        .containsExactly(Version.parse("v001"));
    // a version folder holding only a kept file has no finished file of its own
    assertThat(scanner.latest(local, key, layout.department(Department.ANIM).orElseThrow())).isNull();
    VersionedFilesLayout lighting = new VersionedFilesLayout(Department.LIGHTING, "lighting/version",
        VersionedFilesLayout.DEFAULT_PATTERN, false);
    assertThat(lighting.versionOf("x_v002.0001.exr.shotsync-kept-20261126T015730Z")).isNull();
    assertThat(lighting.versionOf(".x_v002.0001.exr.shotsync.part")).isNull();
    assertThat(lighting.versionOf("x_v002.0001.exr")).isEqualTo(Version.parse("v002"));

    // the same names on the server are no version's files either
    new ShotTreeGenerator(FTP.root()).lightingVersion(shot, "v001", 1)
        .file(shot + "/lighting/version/sh0010_lighting_v007.0001.exr.shotsync-kept-20261126T015730Z", 10)
        .file(shot + "/anim/publish/v001/scene.ma.shotsync-kept-20261126T015730Z", 10)
        .file(shot + "/anim/publish/v001/scene.ma", 10);
    try (ShotSync sync = open(FTP.endpoint(), local.resolve("other"), fast())) {
      var s = sync.scan(FTP.endpoint().id());
      var dept = s.department(io.shotsync.api.ItemKey.parse(shot + "/lighting")).orElseThrow();
      assertThat(dept.versionList()).containsExactly(Version.parse("v001"));
      var animDept = s.department(io.shotsync.api.ItemKey.parse(shot + "/anim")).orElseThrow();
      assertThat(animDept.versions().get(0).files()).extracting(f -> f.name()).containsExactly("scene.ma");
    }
  }

  @Test
  void aLocalPartialLargerThanTheRemoteFileIsStartedOverNeverCalledComplete() throws IOException {
    tree.file(BIG, 300_000);
    Path part = local.resolve(SHOT + "/anim/publish/v001/.big.bin.shotsync.part");
    Files.createDirectories(part.getParent());
    Files.write(part, new byte[400_000]);
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(SHOT).departments(Department.ANIM).build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, BIG, 300_000);
      assertThat(part).doesNotExist();
      assertThat(item(sync, t.id(), SHOT + "/anim").stats().resumed()).isZero();
      assertThat(messages(sync, t.id())).anyMatch(m -> m.startsWith("starting " + BIG + " over instead of resuming"));
    }
  }
}
