package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.files;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.Department;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.ShotKey;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.UnknownStrategyException;
import io.shotsync.api.event.FileEvent;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.core.ShotSync;
import io.shotsync.core.TaskPlan;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.testkit.EventRecorder;
import io.shotsync.core.testkit.EventRecorder.Event;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The facade: events and their order, listeners that throw, logs, dry runs, bad input, workers, retries. */
class ShotSyncFacadeTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  @TempDir
  Path local;

  @Test
  void listenersSeeEventsInTheDocumentedOrder() {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    EventRecorder rec = new EventRecorder();
    try (ShotSync sync = open(FTP.endpoint(), local, fast(), rec)) {
      sync.scan(FTP.endpoint().id());
      rec.clear();
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/*").specificVersion(
          io.shotsync.api.Version.of(10)).build());
      List<Event> all = rec.events();
      assertThat(all.get(0).kind()).isEqualTo("taskStarted");
      assertThat(all.get(all.size() - 1).kind()).isEqualTo("taskFinished");
      assertThat(((Task) all.get(all.size() - 1).payload()).status()).isEqualTo(t.status());
      // per item: itemStarted, then its files (started before finished), then itemFinished
      for (TaskItem i : sync.items(t.id())) {
        String key = i.key().toString();
        List<Event> mine = all.stream().filter(e -> belongsTo(e, i)).toList();
        assertThat(mine.get(0).toString()).isEqualTo("itemStarted(" + key + ")");
        assertThat(mine.get(mine.size() - 1).toString()).isEqualTo("itemFinished(" + key + ")");
        Map<String, List<String>> perFile = mine.stream().filter(e -> e.kind().startsWith("file"))
            .collect(Collectors.groupingBy(Event::key, Collectors.mapping(Event::kind, Collectors.toList())));
        assertThat(perFile).hasSize(i.fileCount());
        assertThat(perFile.values()).allSatisfy(k -> assertThat(k).containsExactly("fileStarted", "fileFinished"));
      }
      // sh0020 has no v010: skipped with no file events
      List<Event> skipped = all.stream().filter(e -> e.key().equals("ep01/sq010/sh0020/anim")).toList();
      assertThat(skipped).extracting(Event::kind).containsExactly("itemStarted", "itemFinished");
      assertThat(((TaskItem) skipped.get(1).payload()).status()).isEqualTo(ItemStatus.SKIPPED);
      assertThat(rec.events("log")).isNotEmpty();
      int lastLog = all.lastIndexOf(rec.events("log").get(rec.events("log").size() - 1));
      assertThat(lastLog).isLessThan(all.size() - 1);
    }
  }

  private static boolean belongsTo(Event e, TaskItem i) {
    if (e.payload() instanceof TaskItem ti) {
      return ti.id() == i.id();
    }
    return e.payload() instanceof FileEvent fe && fe.itemId() == i.id();
  }

  @Test
  void aThrowingListenerBreaksNeitherTheTransferNorOtherListeners() {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    SyncListener angry = new SyncListener() {
      @Override
      public void taskStarted(Task task) {
        throw new IllegalStateException("no");
      }

      @Override
      public void fileStarted(FileEvent event) {
        throw new IllegalStateException("no");
      }

      @Override
      public void fileFinished(FileEvent event) {
        throw new RuntimeException("no");
      }

      @Override
      public void itemFinished(TaskItem item) {
        throw new AssertionError("no");
      }

      @Override
      public void log(LogRecord record) {
        throw new IllegalStateException("no");
      }
    };
    EventRecorder rec = new EventRecorder();
    try (ShotSync sync = open(FTP.endpoint(), local, fast(), angry, rec)) {
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/sh0020").build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(rec.events("fileFinished")).hasSize(4);
      assertThat(rec.events("itemFinished")).hasSize(2);
      assertThat(rec.events("taskFinished")).hasSize(1);
      assertThat(files(local)).hasSize(4);
    }
  }

  @Test
  void logsFilterByLevelLimitAndCursor() throws Exception {
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root()).defaultTree();
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      sync.scan(FTP.endpoint().id());
      Files.delete(FTP.root().resolve("ep01/sq010/sh0020/anim/publish/v002/scene.ma"));
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/*").build());
      assertThat(t.status()).isEqualTo(TaskStatus.PARTIAL);
      List<LogRecord> all = sync.logs(new LogQuery(t.id(), LogLevel.DEBUG, 0, 10_000));
      assertThat(all).extracting(LogRecord::level).contains(LogLevel.DEBUG, LogLevel.INFO, LogLevel.ERROR);
      assertThat(all).extracting(LogRecord::sequence).isSorted().doesNotHaveDuplicates();
      assertThat(all).anyMatch(r -> r.message().contains("latest of") && r.itemId() != null);
      assertThat(all).anyMatch(r -> r.message().startsWith("downloaded ") && r.file() != null);
      List<LogRecord> errors = sync.logs(new LogQuery(t.id(), LogLevel.ERROR, 0, 100));
      assertThat(errors).isNotEmpty().allSatisfy(r -> assertThat(r.level()).isEqualTo(LogLevel.ERROR));
      assertThat(errors).anyMatch(r -> r.message().contains("scene.ma"));
      List<LogRecord> firstThree = sync.logs(new LogQuery(t.id(), LogLevel.DEBUG, 0, 3));
      assertThat(firstThree).containsExactlyElementsOf(all.subList(0, 3));
      List<LogRecord> tail = sync.logs(new LogQuery(t.id(), LogLevel.DEBUG, firstThree.get(2).sequence(), 5));
      assertThat(tail).containsExactlyElementsOf(all.subList(3, 8));
      assertThat(sync.logs(new LogQuery(t.id(), LogLevel.DEBUG, all.get(all.size() - 1).sequence(), 10))).isEmpty();
      assertThat(tree).isNotNull();
    }
  }

  @Test
  void aDryRunPlanTouchesNoDisk() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    Path root = local.resolve("not-yet");
    try (ShotSync sync = open(FTP.endpoint(), root, fast())) {
      TaskPlan plan = sync.plan(spec(FTP.endpoint()).shots("ep01/sq010/*").specificVersion(
          io.shotsync.api.Version.of(10)).build());
      assertThat(Files.exists(root)).isFalse();
      assertThat(plan.items()).hasSize(4);
      assertThat(plan.items().stream().filter(i -> i.skipReason() != null)).hasSize(2);
      assertThat(plan.filesToFetch()).isEqualTo(3);
      assertThat(plan.items().stream().flatMap(i -> i.files().stream()))
          .allSatisfy(f -> assertThat(f.action()).isEqualTo(TaskPlan.PlannedAction.DOWNLOAD));
      assertThat(sync.tasks(TaskQuery.all())).isEmpty();

      runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/sh0010").departments(Department.ANIM).build());
      List<String> before = files(root);
      TaskPlan again = sync.plan(spec(FTP.endpoint()).shots("ep01/sq010/sh0010").departments(Department.ANIM)
          .conflictStrategy("keep_both").build());
      assertThat(again.items().get(0).files()).allSatisfy(f ->
          assertThat(f.action()).isEqualTo(TaskPlan.PlannedAction.KEEP_BOTH));
      assertThat(files(root)).isEqualTo(before);
    }
  }

  @Test
  void anUnknownStrategyIdIsRefusedBeforeAnythingRuns() {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      assertThatThrownBy(() -> sync.run(spec(FTP.endpoint()).versionStrategy("newest").build()))
          .isInstanceOf(UnknownStrategyException.class)
          .hasMessageContaining("newest").hasMessageContaining("latest, specific");
      assertThatThrownBy(() -> sync.createTask(spec(FTP.endpoint()).conflictStrategy("replace").build()))
          .isInstanceOfSatisfying(UnknownStrategyException.class, e ->
              assertThat(e.knownIds()).containsExactly("compare", "keep_both", "overwrite", "skip"));
      assertThatThrownBy(() -> sync.plan(spec(FTP.endpoint()).versionStrategy("x").build()))
          .isInstanceOf(UnknownStrategyException.class);
      assertThat(sync.tasks(TaskQuery.all())).isEmpty();
      assertThat(sync.structure(FTP.endpoint().id())).isEmpty();
      assertThat(Files.exists(local) ? files(local) : List.of()).isEmpty();
    }
  }

  @Test
  void noPasswordReachesLogsEventsOrTheStore() {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    List<String> seen = new ArrayList<>();
    SyncListener everything = new SyncListener() {
      @Override
      public synchronized void log(LogRecord r) {
        seen.add(r.toString());
      }

      @Override
      public synchronized void fileFailed(FileEvent event, ShotSyncException error) {
        seen.add(event + " " + error);
      }

      @Override
      public synchronized void taskFinished(Task task) {
        seen.add(task.toString());
      }
    };
    InMemoryTaskStore store = new InMemoryTaskStore();
    try (ShotSync sync = open(FTP.endpoint(), local, fast(), store, everything)) {
      sync.scan(FTP.endpoint().id());
      Files.delete(FTP.root().resolve("ep01/sq010/sh0010/anim/publish/v010/scene.ma"));
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/sh0010").build());
      seen.add(sync.items(t.id()).toString());
      seen.add(sync.logs(new LogQuery(t.id(), LogLevel.DEBUG, 0, 10_000)).toString());
      seen.add(store.files(t.id()).toString());
      seen.add(store.endpoints().toString());
      seen.add(sync.toString());
      assertThat(store.endpoint(FTP.endpoint().id()).orElseThrow().password()).isNull();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(String.join("\n", seen)).contains("scene.ma").doesNotContain(FtpServerExtension.PASSWORD);
  }

  @Test
  void workersSharingAStoreSplitAQueuedTask() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    InMemoryTaskStore store = new InMemoryTaskStore();
    try (ShotSync a = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast().withConnections(2))
        .store(store).workerId("a").build();
        ShotSync b = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local)
            .options(fast().withConnections(2)).store(store).workerId("b").build()) {
      Task queued = a.queueTask(spec(FTP.endpoint()).build());
      assertThat(queued.status()).isEqualTo(TaskStatus.QUEUED);
      CompletableFuture<Integer> fa = CompletableFuture.supplyAsync(() -> a.runQueued(Duration.ofMillis(500)));
      CompletableFuture<Integer> fb = CompletableFuture.supplyAsync(() -> b.runQueued(Duration.ofMillis(500)));
      int done = fa.get() + fb.get();
      assertThat(done).isEqualTo(16);
      Task end = a.task(queued.id());
      assertThat(end.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(a.items(queued.id())).allSatisfy(i -> assertThat(i.status()).isEqualTo(ItemStatus.COMPLETED));
      System.out.println("worker a " + fa.get() + " items, worker b " + fb.get() + " items");
      // latest of each: 8 shots x (2 anim + 2 lighting files), but sh0010 of ep01/sq010 has one v010 frame
      assertThat(files(local)).hasSize(8 * 4 - 1);
    }
  }

  @Test
  void retryFailedRunsOnlyTheFailedItemsAgain() throws Exception {
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root()).defaultTree();
    String missing = "ep01/sq010/sh0020/anim/publish/v002/scene.ma";
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      sync.scan(FTP.endpoint().id());
      Path served = FTP.root().resolve(missing);
      Path aside = FTP.root().resolve("aside");
      Files.move(served, aside);
      Task first = runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/*").build());
      assertThat(first.status()).isEqualTo(TaskStatus.PARTIAL);
      Files.move(aside, served);
      Task second = sync.retryFailed(first.id()).await(Duration.ofSeconds(60));
      assertThat(second.status()).as("%s", sync.logs(new LogQuery(first.id(), LogLevel.INFO, 0, 1000)))
          .isEqualTo(TaskStatus.COMPLETED);
      assertThat(second.attempts()).isEqualTo(2);
      TaskItem fixed = item(sync, first.id(), "ep01/sq010/sh0020/anim");
      // the file fetched in the first run counts as it did then
      assertThat(fixed.stats().downloaded()).isEqualTo(2);
      SyncTestSupport.assertSameBytes(local, missing, tree.files().get(missing));
      assertThat(sync.history(ShotKey.parse("ep01/sq010/sh0020"))).isNotEmpty();
      assertThat(sync.delete(List.of(first.id(), "nope"))).isEqualTo(1);
      assertThatThrownBy(() -> sync.task(first.id())).isInstanceOf(io.shotsync.api.NotFoundException.class);
    }
  }
}
