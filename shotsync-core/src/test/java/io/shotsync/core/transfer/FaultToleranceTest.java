package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.Endpoint;
import io.shotsync.api.FileStatus;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.core.ShotSync;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.TaskHandle;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.testkit.FaultProxy;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Interrupted data connections, servers that mishandle REST, permanent errors, cancel and resume, bandwidth. */
class FaultToleranceTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  private static final String SHOT = "ep01/sq010/sh0010";
  private static final String BIG = SHOT + "/anim/publish/v001/big.bin";
  private static final int BIG_SIZE = 3_000_000;

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

  private List<String> messages(ShotSync sync, String taskId) {
    return sync.logs(new LogQuery(taskId, LogLevel.DEBUG, 0, 10_000)).stream().map(LogRecord::message).toList();
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
  void aResumeAnswerStartedOverMidFetchPutsTheLocalFileBackWhenTheFetchThenFails() throws Exception {
    tree.file(BIG, BIG_SIZE);
    byte[] mine = java.util.Arrays.copyOf(ShotTreeGenerator.content(BIG, BIG_SIZE), 500_000);
    java.nio.file.Files.createDirectories(local.resolve(BIG).getParent());
    java.nio.file.Files.write(local.resolve(BIG), mine);
    io.shotsync.api.spi.ConflictStrategy alwaysResume =
        c -> io.shotsync.api.spi.ConflictDecision.resume("a plugin says resume");
    try (ShotSync sync = ShotSync.builder().endpoint(viaProxy).localRoot(local).options(fast())
        .conflictStrategy("resume-everything", alwaysResume).build()) {
      sync.scan(viaProxy.id());
      proxy.restMode(FaultProxy.RestMode.IGNORE);
      // the first RETR (REST 500000 ignored) overruns and starts the file over with the local file put back; the
      // second is cut, and its retry (REST ignored again) overruns once more, which fails the file
      proxy.cutNextDataAfter(Long.MAX_VALUE, 300_000);
      Task t = runToEnd(sync, spec(viaProxy).shots(SHOT).conflictStrategy("resume-everything").build());
      assertThat(t.status()).isIn(TaskStatus.PARTIAL, TaskStatus.FAILED);
      byte[] after = java.nio.file.Files.readAllBytes(local.resolve(BIG));
      assertThat(after).as("the local file after the failed resume").hasSize(mine.length);
      assertThat(java.util.Arrays.mismatch(after, mine)).as("first differing byte").isEqualTo(-1);
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

  @Test
  void a550OnOneFileFailsItsItemAndTheTaskEndsPartial() throws Exception {
    tree.animVersion(SHOT, "v001").animVersion("ep01/sq010/sh0020", "v001");
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      sync.scan(FTP.endpoint().id());
      Files.delete(FTP.root().resolve(SHOT + "/anim/publish/v001/scene.ma"));
      Task t = runToEnd(sync, spec(FTP.endpoint()).build());
      assertThat(t.status()).isEqualTo(TaskStatus.PARTIAL);
      TaskItem bad = item(sync, t.id(), SHOT + "/anim");
      assertThat(bad.status()).isEqualTo(ItemStatus.FAILED);
      assertThat(bad.message()).contains("scene.ma");
      assertThat(bad.stats().failed()).isEqualTo(1);
      assertThat(bad.stats().downloaded()).isEqualTo(1);
      assertThat(item(sync, t.id(), "ep01/sq010/sh0020/anim").status()).isEqualTo(ItemStatus.COMPLETED);
      // the lighting items have no versions: skipped by the strategy, not failed
      assertThat(t.message()).contains("1 of 4 items failed");
      assertThat(Files.exists(local.resolve(SHOT + "/anim/publish/v001/scene.ma"))).isFalse();
      assertThat(SyncTestSupport.files(local)).noneMatch(f -> f.endsWith(".part"));
    }
  }

  @Test
  void cancelKeepsThePartFileAndANewInstanceOnTheSameStoreResumesAtItsOffset() throws Exception {
    int size = 4_000_000;
    tree.file(BIG, size);
    InMemoryTaskStore store = new InMemoryTaskStore();
    Path part = local.resolve(SHOT + "/anim/publish/v001/.big.bin.shotsync.part");
    String taskId;
    long kept;
    try (ShotSync slow = open(FTP.endpoint(), local, fast().withBandwidthLimit(1_000_000), store)) {
      TaskHandle h = slow.run(spec(FTP.endpoint()).shots(SHOT).departments(Department.ANIM).build());
      taskId = h.taskId();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while ((!Files.exists(part) || Files.size(part) < 500_000) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      long asked = System.nanoTime();
      assertThat(slow.cancel(taskId)).isTrue();
      Task cancelled = h.await(Duration.ofSeconds(30));
      long tookMillis = (System.nanoTime() - asked) / 1_000_000;
      System.out.println("cancel took " + tookMillis + " ms");
      assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(slow.items(taskId)).allSatisfy(i -> assertThat(i.status()).isEqualTo(ItemStatus.CANCELLED));
      assertThat(Files.exists(local.resolve(BIG))).isFalse();
      assertThat(part).exists();
      kept = Files.size(part);
      assertThat(kept).isGreaterThan(0).isLessThan(size);
      assertThat(store.files(taskId)).anySatisfy(f -> {
        assertThat(f.path()).isEqualTo(BIG);
        assertThat(f.status()).isEqualTo(FileStatus.PARTIAL);
        assertThat(f.bytesDone()).isEqualTo(kept);
      });
    }
    try (ShotSync again = open(FTP.endpoint(), local, fast(), store)) {
      Task done = again.execute(taskId).await(Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, BIG, size);
      assertThat(part).doesNotExist();
      TaskItem anim = item(again, taskId, SHOT + "/anim");
      assertThat(anim.stats().resumed()).isEqualTo(1);
      Pattern p = Pattern.compile("resuming " + Pattern.quote(BIG) + " at byte (\\d+) of " + size);
      long offset = messages(again, taskId).stream().map(p::matcher).filter(Matcher::matches)
          .mapToLong(m -> Long.parseLong(m.group(1))).findFirst().orElseThrow();
      assertThat(offset).isEqualTo(kept);
      assertThat(done.attempts()).isEqualTo(2);
    }
  }

  @Test
  void aPartFileWhoseRemoteChangedSinceIsStartedOver() throws Exception {
    int size = 3_000_000;
    tree.file(BIG, size);
    Path part = local.resolve(SHOT + "/anim/publish/v001/.big.bin.shotsync.part");
    InMemoryTaskStore store = new InMemoryTaskStore();
    String taskId;
    try (ShotSync slow = open(FTP.endpoint(), local, fast().withBandwidthLimit(1_000_000), store)) {
      TaskHandle h = slow.run(spec(FTP.endpoint()).shots(SHOT).departments(Department.ANIM).build());
      taskId = h.taskId();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while ((!Files.exists(part) || Files.size(part) < 300_000) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      slow.cancel(taskId);
      assertThat(h.await(Duration.ofSeconds(30)).status()).isEqualTo(TaskStatus.CANCELLED);
    }
    assertThat(part).exists();
    Files.delete(FTP.root().resolve(BIG));
    tree.file(BIG, size + 10);
    try (ShotSync again = open(FTP.endpoint(), local, fast(), store)) {
      again.scan(FTP.endpoint().id());
      Task done = again.execute(taskId).await(Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, BIG, size + 10);
      assertThat(item(again, taskId, SHOT + "/anim").stats().resumed()).isZero();
      assertThat(messages(again, taskId)).anyMatch(m -> m.startsWith("starting " + BIG + " over instead of resuming")
          && m.contains("remote size changed"));
    }
  }

  @Test
  void itemsHeldByAVanishedWorkerAreTakenOverWhenTheirLeaseRunsOut() {
    tree.animVersion(SHOT, "v001");
    InMemoryTaskStore store = new InMemoryTaskStore();
    try (ShotSync sync = open(FTP.endpoint(), local, fast(), store)) {
      Task t = sync.createTask(spec(FTP.endpoint()).shots(SHOT).departments(Department.ANIM).build());
      assertThat(store.claimItems(t.id(), "vanished", Duration.ofMillis(800), 10)).hasSize(1);
      long start = System.nanoTime();
      Task done = sync.execute(t.id()).await(Duration.ofSeconds(30));
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(500);
      assertThat(item(sync, t.id(), SHOT + "/anim").stats().downloaded()).isEqualTo(2);
    }
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
