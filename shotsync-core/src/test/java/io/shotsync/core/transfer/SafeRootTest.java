package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shotsync.api.Endpoint;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.Task;
import io.shotsync.core.TaskHandle;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FaultProxy;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.core.testkit.TaskStoreContract.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing outside the local root, whatever happens to the tree meanwhile: a directory of the local tree swapped for a
 * link to a folder outside the root between scan and transfer, during a transfer and between the write and the
 * rename; a {@code .part} name and keep-both's aside name planted as links. In each case the folder outside is
 * byte-for-byte unchanged, the run says which path (an ERROR or a WARN), and the files of other directories land.
 */
class SafeRootTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  private static final String SHOT = "ep01/sq010/sh0010";
  private static final String VDIR = SHOT + "/anim/publish/v001";
  private static final String SCENE = VDIR + "/scene.ma";
  private static final String GEO = VDIR + "/cache/geo.abc";
  private static final String FRAME = SHOT + "/lighting/version/sh0010_lighting_v001.0001.exr";
  private static final String BIG = VDIR + "/big.bin";
  private static final int BIG_SIZE = 800_000;

  @TempDir
  Path local;
  @TempDir
  Path outside;
  ShotTreeGenerator tree;
  FaultProxy proxy;

  @BeforeEach
  void setUp() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(local)) {
      assumeTrue(ds instanceof SecureDirectoryStream, "directory handles (SecureDirectoryStream) on this platform");
    }
    tree = new ShotTreeGenerator(FTP.root());
    tree.animVersion(SHOT, "v001").lightingVersion(SHOT, "v001", 2);
    // what a write through a link would hit
    Files.writeString(outside.resolve("scene.ma"), "outside, not to be touched");
    Files.writeString(outside.resolve("victim.bin"), "victim, not to be touched");
    Files.createDirectories(outside.resolve("cache"));
    Files.writeString(outside.resolve("cache/geo.abc"), "outside geo");
  }

  @AfterEach
  void closeProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void aDirectorySwappedForALinkBetweenScanAndTransferIsRefusedNamingItAndOtherDirectoriesLand() throws Exception {
    String before = hash(outside);
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      runToEnd(sync, spec(FTP.endpoint()).shots(SHOT).build());
      Files.writeString(local.resolve(FRAME), "edited");
      sync.compare(FTP.endpoint().id(), io.shotsync.api.Selection.shots(SHOT));
      swap(VDIR);
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(SHOT).conflictStrategy("overwrite").build());

      assertThat(t.status()).isEqualTo(TaskStatus.PARTIAL);
      TaskItem anim = item(sync, t.id(), SHOT + "/anim");
      assertThat(anim.status()).isEqualTo(ItemStatus.FAILED);
      assertThat(anim.message()).contains(local.resolve(VDIR).toString()).contains("leading out of the local root");
      assertThat(messages(sync, t.id(), LogLevel.ERROR)).anyMatch(m -> m.contains(local.resolve(VDIR).toString()));
      assertThat(item(sync, t.id(), SHOT + "/lighting").status()).isEqualTo(ItemStatus.COMPLETED);
      assertSameBytes(local, FRAME, size(FRAME));
    }
    assertThat(hash(outside)).isEqualTo(before);
  }

  @Test
  void aDirectoryPlantedAsALinkWhereTheTransferWouldCreateOneIsRefused() throws Exception {
    String before = hash(outside);
    Files.createDirectories(local.resolve(VDIR).getParent());
    Files.createSymbolicLink(local.resolve(VDIR), outside);
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(SHOT).build());
      assertThat(item(sync, t.id(), SHOT + "/anim").status()).isEqualTo(ItemStatus.FAILED);
      assertThat(messages(sync, t.id(), LogLevel.ERROR)).anyMatch(m -> m.contains(local.resolve(VDIR).toString()));
      assertThat(item(sync, t.id(), SHOT + "/lighting").status()).isEqualTo(ItemStatus.COMPLETED);
      assertSameBytes(local, FRAME, size(FRAME));
    }
    assertThat(hash(outside)).isEqualTo(before);
  }

  @Test
  void aDirectorySwappedForALinkDuringATransferKeepsEveryByteInsideAndFailsTheFileNamingIt() throws Exception {
    tree.file(BIG, BIG_SIZE);
    String before = hash(outside);
    Path part = local.resolve(VDIR).resolve(".big.bin.shotsync.part");
    try (ShotSync sync = open(FTP.endpoint(), local, fast().withBandwidthLimit(400_000))) {
      TaskHandle h = sync.run(spec(FTP.endpoint()).shots(SHOT).build());
      long deadline = System.nanoTime() + 20_000_000_000L;
      while ((!Files.exists(part) || Files.size(part) < 100_000) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(Files.size(part)).isBetween(100_000L, BIG_SIZE - 1L);
      swap(VDIR);
      Task t = h.await(Duration.ofSeconds(60));

      assertThat(t.status()).isEqualTo(TaskStatus.PARTIAL);
      assertThat(item(sync, t.id(), SHOT + "/anim").status()).isEqualTo(ItemStatus.FAILED);
      assertThat(messages(sync, t.id(), LogLevel.ERROR)).anyMatch(m -> m.contains(BIG)
          && m.contains(local.resolve(VDIR).toString()) && m.contains("replaced by a symbolic link"));
      assertThat(item(sync, t.id(), SHOT + "/lighting").status()).isEqualTo(ItemStatus.COMPLETED);
      assertSameBytes(local, FRAME, size(FRAME));
      // the bytes went on into the directory that was opened, now under its new name, inside the root
      assertThat(java.util.Arrays.equals(Files.readAllBytes(local.resolve(VDIR + "-moved/big.bin")),
          ShotTreeGenerator.content(BIG, BIG_SIZE))).as("big.bin complete in the moved directory").isTrue();
    }
    assertThat(hash(outside)).isEqualTo(before);
  }

  @Test
  void aDirectorySwappedForALinkBetweenTheWriteAndTheRenameFailsTheFileNamingIt() throws Exception {
    proxy = new FaultProxy("127.0.0.1", FTP.port());
    Endpoint viaProxy = FTP.endpoint().withPort(proxy.port());
    String before = hash(outside);
    Path part = local.resolve(VDIR).resolve(".scene.ma.shotsync.part");
    int sceneSize = size(SCENE);
    proxy.beforeCompletionOf("scene.ma", () -> {
      try {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((!Files.exists(part) || Files.size(part) < sceneSize) && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        swap(VDIR);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try (ShotSync sync = open(viaProxy, local, fast())) {
      Task t = runToEnd(sync, spec(viaProxy).shots(SHOT).build());

      assertThat(t.status()).isEqualTo(TaskStatus.PARTIAL);
      assertThat(messages(sync, t.id(), LogLevel.ERROR)).anyMatch(m -> m.contains(SCENE)
          && m.contains(local.resolve(VDIR).toString()) && m.contains("replaced by a symbolic link"));
      assertThat(item(sync, t.id(), SHOT + "/lighting").status()).isEqualTo(ItemStatus.COMPLETED);
      assertSameBytes(local, FRAME, size(FRAME));
    }
    assertThat(hash(outside)).isEqualTo(before);
    assertThat(Files.readString(outside.resolve("scene.ma"))).isEqualTo("outside, not to be touched");
  }

  @Test
  void aPartNamePlantedAsALinkIsRemovedWithAWarningAndNeverWrittenThrough() throws Exception {
    Path dir = Files.createDirectories(local.resolve(VDIR));
    Path link = Files.createSymbolicLink(dir.resolve(".scene.ma.shotsync.part"), outside.resolve("victim.bin"));
    String before = hash(outside);
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(SHOT).build());

      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(messages(sync, t.id(), LogLevel.WARN)).anyMatch(m -> m.contains(link.toString())
          && m.contains("symbolic link"));
      assertSameBytes(local, SCENE, size(SCENE));
      assertSameBytes(local, FRAME, size(FRAME));
      assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
    assertThat(hash(outside)).isEqualTo(before);
  }

  @Test
  void keepBothsAsideNamePlantedAsALinkIsLeftAloneWithAWarning() throws Exception {
    Instant now = Instant.parse("2026-11-26T01:57:30Z");
    try (ShotSync sync = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast())
        .clock(new TestClock(now)).build()) {
      runToEnd(sync, spec(FTP.endpoint()).shots(SHOT).build());
      Files.writeString(local.resolve(SCENE), "local edit");
      Path dir = local.resolve(VDIR);
      Path link = Files.createSymbolicLink(dir.resolve("scene.ma.shotsync-kept-20261126T015730Z"),
          outside.resolve("victim.bin"));
      String before = hash(outside);
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(SHOT).conflictStrategy("keep_both").build());

      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(messages(sync, t.id(), LogLevel.WARN)).anyMatch(m -> m.contains(link.toString())
          && m.contains("symbolic link"));
      assertSameBytes(local, SCENE, size(SCENE));
      assertThat(Files.readString(dir.resolve("scene.ma.shotsync-kept-20261126T015730Z-2"))).isEqualTo("local edit");
      assertThat(Files.readSymbolicLink(link)).isEqualTo(outside.resolve("victim.bin"));
      assertThat(hash(outside)).isEqualTo(before);
    }
  }

  // ---- helpers

  /** Moves a directory of the local tree aside (inside the root) and puts a link to the outside folder in its place. */
  private void swap(String rel) throws IOException {
    Path dir = local.resolve(rel);
    Files.move(dir, dir.resolveSibling(dir.getFileName() + "-moved"));
    Files.createSymbolicLink(dir, outside);
  }

  private int size(String rel) {
    return tree.files().get(rel);
  }

  private static List<String> messages(ShotSync sync, String taskId, LogLevel level) {
    return sync.logs(new LogQuery(taskId, LogLevel.DEBUG, 0, 10_000)).stream().filter(r -> r.level() == level)
        .map(LogRecord::message).toList();
  }

  /** Names, kinds, sizes, mtimes, link targets and contents of everything under a folder, as one digest. */
  static String hash(Path folder) throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Path p : s.sorted().toList()) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        md.update((folder.relativize(p) + "|" + (a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : "f") + "|"
            + a.lastModifiedTime().toMillis() + "\n").getBytes(StandardCharsets.UTF_8));
        if (a.isSymbolicLink()) {
          md.update(Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8));
        } else if (a.isRegularFile()) {
          md.update(Files.readAllBytes(p));
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
