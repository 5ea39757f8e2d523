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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shotsync.api.Department;
import io.shotsync.api.FileStatus;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.core.ShotSync;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local root: one that cannot be written (read-only, under a regular file) is a clear error before any transfer;
 * a full disk fails its item naming it, with nothing partial under a final name; a tree deleted between two tasks of
 * one engine is made again.
 */
class LocalRootTest extends ThroughFaultProxy {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  LocalRootTest() {
    super(FTP);
  }

  @Test
  void aLocalRootUnderARegularFileIsAClearErrorBeforeAnyTransfer() throws IOException {
    tree.animVersion(SHOT, "v001");
    Path file = Files.write(local.resolve("not-a-dir"), new byte[1]);
    Path root = file.resolve("shots");
    try (ShotSync sync = open(viaProxy, root, fast())) {
      Task t = runToEnd(sync, spec(viaProxy).shots(SHOT).build());
      assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
      assertThat(t.message()).startsWith("local root " + root + " is not writable");
      assertThat(proxy.retrs()).isZero();
      assertThat(sync.items(t.id())).allSatisfy(i -> assertThat(i.status()).isEqualTo(ItemStatus.PENDING));
      assertThat(messages(sync, t.id())).anyMatch(m -> m.startsWith("task cannot run: local root " + root));
    }
  }

  @Test
  void aReadOnlyLocalRootIsAClearErrorBeforeAnyTransfer() throws Exception {
    Path ro = tmpfs(local.resolve("ro"), "ro,size=1m");
    try {
      tree.animVersion(SHOT, "v001");
      try (ShotSync sync = open(viaProxy, ro, fast())) {
        Task t = runToEnd(sync, spec(viaProxy).shots(SHOT).build());
        assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(t.message()).startsWith("local root " + ro + " is not writable (Read-only file system)");
        assertThat(proxy.retrs()).isZero();
      }
    } finally {
      unmount(ro);
    }
  }

  @Test
  void aFullDiskFailsTheItemClearlyAndLeavesNoPartialFileUnderAFinalName() throws Exception {
    Path disk = tmpfs(local.resolve("small"), "size=2m");
    try {
      tree.file(SHOT + "/anim/publish/v001/a.bin", 500_000).file(SHOT + "/anim/publish/v001/b.bin", 3_000_000);
      InMemoryTaskStore store = new InMemoryTaskStore();
      try (ShotSync sync = open(FTP.endpoint(), disk, fast().withConnections(1), store)) {
        Task t = runToEnd(sync, spec(FTP.endpoint()).shots(SHOT).departments(Department.ANIM).build());
        assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
        TaskItem anim = item(sync, t.id(), SHOT + "/anim");
        assertThat(anim.status()).isEqualTo(ItemStatus.FAILED);
        assertThat(anim.message()).contains("no space left on device");
        assertThat(t.message()).contains("no space left on device");
        // the small file is complete; the big one is nowhere under its final name and its temporary file is gone
        assertSameBytes(disk, SHOT + "/anim/publish/v001/a.bin", 500_000);
        assertThat(disk.resolve(SHOT + "/anim/publish/v001/b.bin")).doesNotExist();
        assertThat(files(disk)).noneMatch(f -> f.endsWith(".part"));
        assertThat(store.files(t.id())).anySatisfy(f -> {
          assertThat(f.path()).endsWith("b.bin");
          assertThat(f.status()).isEqualTo(FileStatus.FAILED);
        }).anySatisfy(f -> {
          assertThat(f.path()).endsWith("a.bin");
          assertThat(f.status()).isEqualTo(FileStatus.DONE);
        });
        assertThat(messages(sync, t.id())).anyMatch(m -> m.contains("no space left on device"));
      }
    } finally {
      unmount(disk);
    }
  }

  @Test
  void aLocalTreeDeletedBetweenTasksIsMadeAgainBySameEngine() throws Exception {
    new ShotTreeGenerator(FTP.root()).animVersion("ep01/sq010/sh0010", "v001");
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      assertThat(runToEnd(sync, spec(FTP.endpoint()).build()).status()).isEqualTo(TaskStatus.COMPLETED);
      List<String> first = files(local);
      assertThat(first).isNotEmpty();
      // the engine remembers the directories it made; a user cleans the tree before the next task
      try (java.util.stream.Stream<Path> walk = Files.walk(local)) {
        walk.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(local)).forEach(p -> p.toFile().delete());
      }
      assertThat(files(local)).isEmpty();

      Task again = runToEnd(sync, spec(FTP.endpoint()).build());

      assertThat(again.status()).as(again.message()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(files(local)).isEqualTo(first);
      for (String rel : first) {
        assertThat(Files.size(local.resolve(rel))).isPositive();
      }
    }
  }

  /** Mounts a tmpfs (root only); skips with the reason where that is not allowed, unless servers are required. */
  static Path tmpfs(Path dir, String options) throws Exception {
    Files.createDirectories(dir);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    boolean ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    if (!ok && "1".equals(System.getenv("SHOTSYNC_REQUIRE_SERVERS"))) {
      throw new AssertionError("cannot mount a tmpfs at " + dir + " (SHOTSYNC_REQUIRE_SERVERS=1): " + out);
    }
    assumeTrue(ok, "cannot mount a tmpfs at " + dir + " (needs root and mount permission): " + out.strip());
    return dir;
  }

  static void unmount(Path dir) {
    try {
      new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start().waitFor(20,
          TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      // left for the OS
    }
  }
}
