package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.files;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shotsync.api.Department;
import io.shotsync.api.Endpoint;
import io.shotsync.api.FileStatus;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.RemoteException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.core.ShotSync;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.testkit.FaultProxy;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability half of issue #8: faults on control and data connections through {@link FaultProxy}, local
 * faults (a full disk, an unwritable root) and partial files that must never be called complete.
 */
class ReliabilityTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  private static final String SHOT = "ep01/sq010/sh0010";
  private static final String BIG = SHOT + "/anim/publish/v001/big.bin";

  @TempDir
  Path local;
  FaultProxy proxy;
  Endpoint viaProxy;
  ShotTreeGenerator tree;

  @BeforeEach
  void start() throws Exception {
    proxy = new FaultProxy("127.0.0.1", FTP.port());
    viaProxy = FTP.endpoint().withPort(proxy.port());
    tree = new ShotTreeGenerator(FTP.root());
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  static List<LogRecord> log(ShotSync sync, String taskId) {
    return sync.logs(new LogQuery(taskId, LogLevel.DEBUG, 0, 10_000));
  }

  static List<String> messages(ShotSync sync, String taskId) {
    return log(sync, taskId).stream().map(LogRecord::message).toList();
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
  void a421StormAtLoginAndOnRetrIsBackedOffAndTheTaskFinishes() {
    tree.animVersion(SHOT, "v001").animVersion("ep01/sq010/sh0020", "v001");
    try (ShotSync sync = open(viaProxy, local, fast())) {
      sync.scan(viaProxy.id());
      proxy.refuseNextConnections(3);
      proxy.answerNext("RETR", "421 Too many transfers, closing control connection", 2);
      Task t = runToEnd(sync, spec(viaProxy).departments(Department.ANIM).build());
      assertThat(t.status()).as(String.valueOf(t.message())).isEqualTo(TaskStatus.COMPLETED);
      assertThat(proxy.refused()).isEqualTo(3);
      for (String f : tree.files().keySet()) {
        assertSameBytes(local, f, tree.files().get(f));
      }
      assertThat(messages(sync, t.id())).filteredOn(m -> m.startsWith("retry ")).isNotEmpty()
          .allSatisfy(m -> assertThat(m).contains("421"));
    }
  }

  @Test
  void aListingCutOffBy426IsAnErrorNeverAShorterDirectory() {
    for (int i = 1; i <= 300; i++) {
      tree.file(SHOT + "/lighting/version/sh0010_lighting_v001." + String.format("%04d", i) + ".exr", 10);
    }
    // one cut is retried: the structure has every frame
    try (ShotSync sync = open(viaProxy, local, fast())) {
      proxy.cutListingOf("lighting/version", 2_000, 1);
      var s = sync.scan(viaProxy.id());
      assertThat(proxy.cuts()).isEqualTo(1);
      assertThat(s.department(io.shotsync.api.ItemKey.parse(SHOT + "/lighting")).orElseThrow().versions().get(0)
          .fileCount()).isEqualTo(300);
    }
    // every attempt cut: the scan fails naming the 426, and nothing is cached
    InMemoryTaskStore store = new InMemoryTaskStore();
    try (ShotSync sync = open(viaProxy, local, fast(), store)) {
      proxy.cutListingOf("lighting/version", 2_000, 8);
      assertThatThrownBy(() -> sync.scan(viaProxy.id())).isInstanceOf(RemoteException.class).hasMessageContaining("426");
      assertThat(sync.structure(viaProxy.id())).isEmpty();
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
}
