package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.files;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.ShotKey;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.api.spi.ConflictDecision;
import io.shotsync.api.spi.ConflictStrategy;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.Layout;
import io.shotsync.core.ShotSync;
import io.shotsync.core.TaskPlan;
import io.shotsync.core.internal.layout.VersionedFilesLayout;
import io.shotsync.core.internal.scan.LocalScanner;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.testkit.EventRecorder;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Engine bugs found by the first wave, each with the test that showed it. */
class EngineRegressionTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  @TempDir
  Path local;

  /** A store whose item writes take a while, so items end between a flush and the next claim. */
  static TaskStore slowItemWrites(TaskStore store, long millis) {
    return (TaskStore) Proxy.newProxyInstance(TaskStore.class.getClassLoader(), new Class<?>[] {TaskStore.class},
        (proxy, m, args) -> {
          if (m.getName().equals("updateItems")) {
            Thread.sleep(millis);
          }
          try {
            return m.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static List<String> shots(int n) {
    return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> String.format("ep01/sq010/sh%04d", i * 10))
        .toList();
  }

  @Test
  void aWorkerWhoseItemsEndBeforeTheirStateIsWrittenStillRunsEveryItemAndFinishesOnce() {
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root());
    for (String s : shots(10)) {
      tree.animVersion(s, "v001");
    }
    TaskStore store = new InMemoryTaskStore();
    try (ShotSync first = open(FTP.endpoint(), local, fast(), store)) {
      assertThat(runToEnd(first, spec(FTP.endpoint()).departments(Department.ANIM).build()).status())
          .isEqualTo(TaskStatus.COMPLETED);
    }
    EventRecorder events = new EventRecorder();
    try (ShotSync worker = open(FTP.endpoint(), local, fast(), slowItemWrites(store, 150), events)) {
      Task queued = worker.queueTask(spec(FTP.endpoint()).departments(Department.ANIM).conflictStrategy("skip")
          .build());
      assertThat(worker.runQueued(Duration.ofMillis(300))).isEqualTo(10);
      Task end = worker.task(queued.id());
      assertThat(end.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(worker.items(queued.id())).allSatisfy(i -> assertThat(i.status()).isEqualTo(ItemStatus.COMPLETED));
      // one run did it all: no RUNNING snapshot sent as a "finish", no second start
      assertThat(events.events("taskFinished")).singleElement()
          .satisfies(e -> assertThat(((Task) e.payload()).status()).isEqualTo(TaskStatus.COMPLETED));
      assertThat(events.events("taskStarted")).hasSize(1);
    }
  }

  @Test
  void workersSharingAStoreSendTaskFinishedOnlyWithAFinalStatus() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    InMemoryTaskStore store = new InMemoryTaskStore();
    EventRecorder ea = new EventRecorder();
    EventRecorder eb = new EventRecorder();
    try (ShotSync a = open(FTP.endpoint(), local, fast(), store, ea);
        ShotSync b = open(FTP.endpoint(), local, fast(), store, eb)) {
      Task queued = a.queueTask(spec(FTP.endpoint()).build());
      CompletableFuture<Integer> fa = CompletableFuture.supplyAsync(() -> a.runQueued(Duration.ofMillis(500)));
      CompletableFuture<Integer> fb = CompletableFuture.supplyAsync(() -> b.runQueued(Duration.ofMillis(500)));
      assertThat(fa.get() + fb.get()).isEqualTo(16);
      assertThat(a.task(queued.id()).status()).isEqualTo(TaskStatus.COMPLETED);
      List<EventRecorder.Event> finished = new java.util.ArrayList<>(ea.events("taskFinished"));
      finished.addAll(eb.events("taskFinished"));
      assertThat(finished).isNotEmpty()
          .allSatisfy(e -> assertThat(((Task) e.payload()).status()).isEqualTo(TaskStatus.COMPLETED));
    }
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

  /** Like a Jython function made a strategy: only the functional method can be called. */
  static final class FunctionOnly implements ConflictStrategy {
    @Override
    public ConflictDecision decide(io.shotsync.api.spi.ConflictContext context) {
      if (context.path().endsWith("scene.ma")) {
        throw new IllegalStateException("no decision for scenes");
      }
      return ConflictDecision.overwrite("function says so");
    }

    @Override
    public String id() {
      throw new UnsupportedOperationException("id() is not callable on a function wrapper");
    }

    @Override
    public String description() {
      throw new UnsupportedOperationException("description() is not callable on a function wrapper");
    }
  }

  @Test
  void anExplicitlyRegisteredStrategyIsNeverAskedForItsIdOrDescription() {
    String shot = "ep01/sq010/sh0010";
    new ShotTreeGenerator(FTP.root()).animVersion(shot, "v001");
    ShotSync.Builder b = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast())
        .conflictStrategy("py", new FunctionOnly());
    try (ShotSync sync = b.build()) {
      assertThat(runToEnd(sync, spec(FTP.endpoint()).shots(shot).build()).status()).isEqualTo(TaskStatus.COMPLETED);
      TaskPlan plan = sync.plan(spec(FTP.endpoint()).shots(shot).departments(Department.ANIM)
          .conflictStrategy("py").build());
      assertThat(plan.items().get(0).files()).anySatisfy(f -> assertThat(f.reason())
          .isEqualTo("conflict strategy 'py' failed: no decision for scenes"));
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(shot).departments(Department.ANIM)
          .conflictStrategy("py").build());
      assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
      assertThat(item(sync, t.id(), shot + "/anim").message()).contains("conflict strategy 'py' failed for")
          .contains("no decision for scenes");
      assertThat(item(sync, t.id(), shot + "/anim").stats().overwritten()).isEqualTo(1);
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

  @Test
  void aResumeDecisionThatCannotResumeAndThenFailsLeavesTheLocalFileAsItWas() throws Exception {
    String shot = "ep01/sq010/sh0010";
    String scene = shot + "/anim/publish/v001/scene.ma";
    new ShotTreeGenerator(FTP.root()).animVersion(shot, "v001");
    // the local file is larger than the remote one, so it is no prefix of it and cannot be resumed
    byte[] mine = new byte[5000];
    java.util.Arrays.fill(mine, (byte) 'm');
    Files.createDirectories(local.resolve(scene).getParent());
    Files.write(local.resolve(scene), mine);
    ConflictStrategy alwaysResume = ctx -> ConflictDecision.resume("a plugin says resume");
    try (ShotSync sync = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast())
        .conflictStrategy("resume-everything", alwaysResume).build()) {
      sync.scan(FTP.endpoint().id());
      // the server loses the file after the scan: its RETR fails
      Files.delete(FTP.root().resolve(scene));
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(shot).departments(Department.ANIM)
          .conflictStrategy("resume-everything").build());

      assertThat(t.status()).isIn(TaskStatus.PARTIAL, TaskStatus.FAILED);
      assertThat(Files.readAllBytes(local.resolve(scene))).as("the local file after a failed resume")
          .isEqualTo(mine);
      assertThat(files(local)).doesNotContain(shot + "/anim/publish/v001/.scene.ma.shotsync.part");
    }
  }

  @Test
  void aResumeDecisionOnAFileThatIsNoPrefixReplacesItOnlyOnceTheNewFileIsComplete() throws Exception {
    String shot = "ep01/sq010/sh0010";
    String scene = shot + "/anim/publish/v001/scene.ma";
    new ShotTreeGenerator(FTP.root()).animVersion(shot, "v001");
    Files.createDirectories(local.resolve(scene).getParent());
    Files.write(local.resolve(scene), new byte[5000]);
    ConflictStrategy alwaysResume = ctx -> ConflictDecision.resume("a plugin says resume");
    try (ShotSync sync = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast())
        .conflictStrategy("resume-everything", alwaysResume).build()) {
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(shot).departments(Department.ANIM)
          .conflictStrategy("resume-everything").build());

      assertThat(t.status()).as(String.valueOf(t.message())).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, scene, 1000);
    }
  }
}
