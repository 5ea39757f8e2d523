package io.shotsync.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.Department;
import io.shotsync.api.Endpoint;
import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStats;
import io.shotsync.api.FileStatus;
import io.shotsync.api.ItemKey;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.Secret;
import io.shotsync.api.Selection;
import io.shotsync.api.ShotKey;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TaskStore} must have; a store's test extends this class and answers
 * {@link #newStore()}.
 *
 * <p>Stores must take lease times from {@link #clock()}, a clock the tests move by hand; every instant the
 * tests write is a whole millisecond, so stores keeping microseconds round-trip them exactly.
 */
public abstract class TaskStoreContract {

  /** The start of every test's clock. */
  protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private final TestClock clock = new TestClock(T0);
  private final List<TaskStore> opened = new ArrayList<>();

  /** The store under test: empty, with leases on {@link #clock()}. Called once or more per test. */
  protected abstract TaskStore newStore();

  /** The clock stores must read lease times from. */
  protected final TestClock clock() {
    return clock;
  }

  /** A new store, closed after the test. */
  protected final TaskStore store() {
    TaskStore s = newStore();
    opened.add(s);
    return s;
  }

  private TaskStore store;

  @BeforeEach
  void openStore() {
    store = store();
  }

  @AfterEach
  void closeStores() {
    Collections.reverse(opened);
    for (TaskStore s : opened) {
      s.close();
    }
    opened.clear();
  }

  // ---------------------------------------------------------------- endpoints and structures

  @Test
  void endpointsNeverKeepThePassword() {
    Endpoint ep = Endpoint.fromUrl("studio", "ftps://render:s3cr3t-Pa55@ftp.studio.example:2121/shots")
        .withFtps(true, "sha256:ab:cd");
    store.saveEndpoint(ep);
    Endpoint read = store.endpoint("studio").orElseThrow();
    assertThat(read.password()).isNull();
    assertThat(read).isEqualTo(ep.withPassword(null));
    assertThat(store.endpoints()).containsExactly(ep.withPassword(null));
  }

  @Test
  void endpointsAreReplacedAndListedById() {
    store.saveEndpoint(Endpoint.of("b", "host-b"));
    store.saveEndpoint(Endpoint.of("a", "host-a"));
    store.saveEndpoint(Endpoint.of("b", "host-b2").withPort(2121).withRoot("/x/y")
        .withLogin("bob", Secret.of("pw")));
    assertThat(store.endpoints()).extracting(Endpoint::id).containsExactly("a", "b");
    Endpoint b = store.endpoint("b").orElseThrow();
    assertThat(b.host()).isEqualTo("host-b2");
    assertThat(b.port()).isEqualTo(2121);
    assertThat(b.root()).isEqualTo("/x/y");
    assertThat(b.user()).isEqualTo("bob");
    assertThat(b.password()).isNull();
    assertThat(b.trust()).isNull();
    assertThat(store.endpoint("missing")).isEmpty();
  }

  @Test
  void structuresAreReplaced() {
    assertThat(store.structure("studio")).isEmpty();
    store.saveStructure("studio", "{\"shots\":[]}", T0);
    String big = "{\"shots\":[\"" + "x".repeat(200_000) + "\"],\"n\":\"\u00e9t\u00e9\"}";
    store.saveStructure("studio", big, T0.plusSeconds(60));
    store.saveStructure("other", "{}", T0);
    TaskStore.StoredStructure s = store.structure("studio").orElseThrow();
    assertThat(s.endpointId()).isEqualTo("studio");
    assertThat(s.json()).isEqualTo(big);
    assertThat(s.scannedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(store.structure("other").orElseThrow().json()).isEqualTo("{}");
  }

  // ---------------------------------------------------------------- tasks and items

  @Test
  void taskFieldsRoundTrip() {
    Task t = fullTask("t-1");
    List<TaskItem> its = List.of(fullItem(store.nextItemIds(1), "t-1"), plainItem(store.nextItemIds(1), "t-1",
        "ep01/sq010/sh0020", "lighting"));
    store.createTask(t, its);
    assertThat(store.task("t-1")).contains(t);
    assertThat(store.task("t-1").orElseThrow().spec()).isEqualTo(t.spec());
    assertThat(store.items("t-1")).containsExactlyElementsOf(its);
    TaskItem read = store.items("t-1").get(0);
    assertThat(read.availableVersions()).extracting(Version::text).containsExactly("v001", "v002", "v0010");
    assertThat(read.latestVersion().text()).isEqualTo("v0010");
  }

  @Test
  void aMinimalTaskRoundTrips() {
    Task t = Task.create("t-min", TaskSpec.builder("ep").build(), T0);
    store.createTask(t, List.of());
    assertThat(store.task("t-min")).contains(t);
    assertThat(store.items("t-min")).isEmpty();
  }

  @Test
  void aTaskIdIsUsedOnce() {
    store.createTask(task("t-1", T0), List.of());
    assertThatThrownBy(() -> store.createTask(task("t-1", T0), List.of()))
        .isInstanceOf(ShotSyncException.class).hasMessageContaining("t-1");
  }

  @Test
  void itemIdsAreReservedInRanges() {
    long a = store.nextItemIds(10);
    long b = store.nextItemIds(5);
    long c = store.nextItemIds(1);
    assertThat(b).isGreaterThanOrEqualTo(a + 10);
    assertThat(c).isGreaterThanOrEqualTo(b + 5);
    assertThat(a).isPositive();
  }

  @Test
  void updateTaskReplacesEveryField() {
    Task t = task("t-1", T0);
    store.createTask(t, List.of());
    Task changed = t.started(T0.plusSeconds(5)).withBytes(1000, 250)
        .withSpec(t.spec().toBuilder().name("renamed").conflictStrategy("overwrite").build());
    store.updateTask(changed);
    assertThat(store.task("t-1")).contains(changed);
    Task done = changed.finished(TaskStatus.PARTIAL, T0.plusSeconds(9), "2 of 3 items failed");
    store.updateTask(done);
    assertThat(store.task("t-1")).contains(done);
  }

  @Test
  void updatingAnUnknownTaskFails() {
    assertThatThrownBy(() -> store.updateTask(task("nope", T0))).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void updateItemsReplacesOnlyThose() {
    long id = store.nextItemIds(3);
    List<TaskItem> its = List.of(plainItem(id, "t-1", "ep01/sq010/sh0010", "anim"),
        plainItem(id + 1, "t-1", "ep01/sq010/sh0010", "lighting"), plainItem(id + 2, "t-1", "ep01/sq010/sh0020",
            "anim"));
    store.createTask(task("t-1", T0), its);
    TaskItem a = its.get(0).withStatus(ItemStatus.COMPLETED, null)
        .withPlan(List.of(Version.of(3)), 12, 4096).withProgress(4096, new FileStats(9, 1, 1, 1, 0, 0));
    TaskItem c = its.get(2).withStatus(ItemStatus.FAILED, "550 no such file").withSelectedVersion(Version.of(2))
        .withVersions(List.of(Version.of(1), Version.of(2)), Version.of(1));
    store.updateItems(List.of(a, c));
    assertThat(store.items("t-1")).containsExactly(a, its.get(1), c);
    store.updateItems(List.of());
    assertThat(store.items("t-1")).containsExactly(a, its.get(1), c);
  }

  @Test
  void updatingAnUnknownItemDoesNotCreateIt() {
    store.createTask(task("t-1", T0), List.of());
    store.updateItems(List.of(plainItem(store.nextItemIds(1), "t-1", "ep01/sq010/sh0010", "anim")));
    assertThat(store.items("t-1")).isEmpty();
  }

  @Test
  void unknownTasksAreEmpty() {
    assertThat(store.task("nope")).isEmpty();
    assertThat(store.items("nope")).isEmpty();
    assertThat(store.files("nope")).isEmpty();
    assertThat(store.logs(LogQuery.of("nope", 10))).isEmpty();
  }

  @Test
  void queryByStatusTimeAndLimitNewestFirst() {
    store.createTask(task("a", T0), List.of());
    store.createTask(task("b", T0.plusSeconds(10)).withStatus(TaskStatus.RUNNING, null), List.of());
    store.createTask(task("c", T0.plusSeconds(20)).withStatus(TaskStatus.FAILED, "boom"), List.of());
    store.createTask(task("d", T0.plusSeconds(30)), List.of());
    assertThat(ids(store.tasks(TaskQuery.all()))).containsExactly("d", "c", "b", "a");
    assertThat(ids(store.tasks(TaskQuery.withStatus(TaskStatus.PENDING)))).containsExactly("d", "a");
    assertThat(ids(store.tasks(TaskQuery.withStatus(TaskStatus.RUNNING, TaskStatus.FAILED))))
        .containsExactly("c", "b");
    assertThat(ids(store.tasks(new TaskQuery(Set.of(), T0.plusSeconds(20), 100)))).containsExactly("b", "a");
    assertThat(ids(store.tasks(new TaskQuery(Set.of(), null, 2)))).containsExactly("d", "c");
    assertThat(ids(store.tasks(new TaskQuery(Set.of(TaskStatus.PENDING), T0.plusSeconds(31), 1))))
        .containsExactly("d");
    assertThat(store.tasks(TaskQuery.withStatus(TaskStatus.CANCELLED))).isEmpty();
  }

  @Test
  void deleteRemovesItemsFilesAndLogs() {
    long id = store.nextItemIds(2);
    store.createTask(task("gone", T0), List.of(plainItem(id, "gone", "ep01/sq010/sh0010", "anim")));
    store.createTask(task("kept", T0), List.of(plainItem(id + 1, "kept", "ep01/sq010/sh0010", "anim")));
    store.saveFiles(List.of(file("gone", id, "ep01/sq010/sh0010/anim/publish/v001/a.ma", FileStatus.DONE, T0),
        file("kept", id + 1, "ep01/sq010/sh0010/anim/publish/v001/a.ma", FileStatus.DONE, T0)));
    store.appendLogs(List.of(log("gone", LogLevel.INFO, "x"), log("kept", LogLevel.INFO, "y")));
    store.claimItems("gone", "w1", Duration.ofMinutes(1), 10);

    assertThat(store.deleteTasks(List.of("gone", "never-there"))).isEqualTo(1);

    assertThat(store.task("gone")).isEmpty();
    assertThat(store.items("gone")).isEmpty();
    assertThat(store.files("gone")).isEmpty();
    assertThat(store.logs(LogQuery.of("gone", 10))).isEmpty();
    assertThat(store.renewLeases("w1", Duration.ofMinutes(1))).isZero();
    assertThat(store.history(ShotKey.parse("ep01/sq010/sh0010"))).extracting(FileRecord::taskId)
        .containsExactly("kept");
    assertThat(store.task("kept")).isPresent();
    assertThat(store.items("kept")).hasSize(1);
    assertThat(store.files("kept")).hasSize(1);
    assertThat(store.logs(LogQuery.of("kept", 10))).hasSize(1);
    assertThat(store.deleteTasks(List.of())).isZero();
    assertThat(store.deleteTasks(List.of("gone"))).isZero();
  }

  // ---------------------------------------------------------------- claims

  private long first;

  private void tenItems() {
    first = store.nextItemIds(10);
    List<TaskItem> its = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      its.add(plainItem(first + i, "t", "ep01/sq010/sh" + (1000 + i), "anim"));
    }
    store.createTask(task("t", T0), its);
  }

  @Test
  void twoWorkersNeverGetTheSameItem() {
    tenItems();
    List<TaskItem> a = store.claimItems("t", "w1", Duration.ofMinutes(5), 4);
    List<TaskItem> b = store.claimItems("t", "w2", Duration.ofMinutes(5), 4);
    List<TaskItem> c = store.claimItems("t", "w3", Duration.ofMinutes(5), 4);
    assertThat(a).hasSize(4);
    assertThat(b).hasSize(4);
    assertThat(c).hasSize(2);
    Set<Long> all = new HashSet<>();
    for (List<TaskItem> l : List.of(a, b, c)) {
      l.forEach(i -> assertThat(all.add(i.id())).as("item %s claimed twice", i.id()).isTrue());
    }
    assertThat(all).hasSize(10);
    assertThat(store.claimItems("t", "w4", Duration.ofMinutes(5), 4)).isEmpty();
  }

  @Test
  void claimedItemsAreTheStoredOnes() {
    tenItems();
    TaskItem changed = store.items("t").get(0).withStatus(ItemStatus.RUNNING, null).withPlan(List.of(Version.of(2)),
        3, 300);
    store.updateItems(List.of(changed));
    assertThat(store.claimItems("t", "w1", Duration.ofMinutes(5), 1)).containsExactly(changed);
  }

  @Test
  void finalItemsAreNeverClaimed() {
    tenItems();
    List<TaskItem> its = store.items("t");
    List<TaskItem> finals = new ArrayList<>();
    ItemStatus[] statuses = {ItemStatus.COMPLETED, ItemStatus.SKIPPED, ItemStatus.FAILED, ItemStatus.CANCELLED};
    for (int i = 0; i < 8; i++) {
      finals.add(its.get(i).withStatus(statuses[i % 4], null));
    }
    store.updateItems(finals);
    List<TaskItem> claimed = store.claimItems("t", "w1", Duration.ofMinutes(5), 10);
    assertThat(claimed).extracting(TaskItem::id).containsExactly(first + 8, first + 9);
    assertThat(store.claimItems("other-task", "w1", Duration.ofMinutes(5), 10)).isEmpty();
  }

  /**
   * Claiming again answers the items the worker holds along with new ones, up to the number asked, and renews the
   * leases of those it answers: no other worker takes them until the new lease runs out.
   */
  @Test
  void claimingAgainAnswersTheItemsHeldAlongWithNewOnes() {
    tenItems();
    List<TaskItem> held = store.claimItems("t", "w1", Duration.ofSeconds(30), 2);
    assertThat(held).extracting(TaskItem::id).containsExactly(first, first + 1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(store.claimItems("t", "w1", Duration.ofSeconds(30), 3)).extracting(TaskItem::id)
        .containsExactly(first, first + 1, first + 2);
    assertThat(store.claimItems("t", "w2", Duration.ofMinutes(5), 10)).extracting(TaskItem::id)
        .doesNotContain(first, first + 1, first + 2).hasSize(7);
    clock.advance(Duration.ofSeconds(25));
    // 35 s after w1's first claim, 25 s after the second one renewed all three for 30 s: still w1's
    assertThat(store.claimItems("t", "w3", Duration.ofSeconds(30), 10)).isEmpty();
    clock.advance(Duration.ofSeconds(6));
    assertThat(store.claimItems("t", "w3", Duration.ofSeconds(30), 10)).extracting(TaskItem::id)
        .containsExactly(first, first + 1, first + 2);
  }

  @Test
  void anExpiredLeaseLetsAnotherWorkerClaim() {
    tenItems();
    assertThat(store.claimItems("t", "w1", Duration.ofSeconds(30), 10)).hasSize(10);
    clock.advance(Duration.ofSeconds(29));
    assertThat(store.claimItems("t", "w2", Duration.ofSeconds(30), 10)).isEmpty();
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.claimItems("t", "w2", Duration.ofSeconds(30), 3)).hasSize(3);
    assertThat(store.renewLeases("w1", Duration.ofSeconds(30))).isEqualTo(7);
    assertThat(store.renewLeases("w2", Duration.ofSeconds(30))).isEqualTo(3);
  }

  @Test
  void liveClaimsTellARunningTaskFromAnAbandonedOne() {
    tenItems();
    assertThat(store.hasLiveClaims("t")).isFalse();
    List<TaskItem> mine = store.claimItems("t", "w1", Duration.ofSeconds(30), 2);
    assertThat(store.hasLiveClaims("t")).isTrue();
    assertThat(store.hasLiveClaims("other-task")).isFalse();
    clock.advance(Duration.ofSeconds(31));
    assertThat(store.hasLiveClaims("t")).as("a lease that ran out is no run").isFalse();
    store.renewLeases("w1", Duration.ofSeconds(30));
    assertThat(store.hasLiveClaims("t")).isTrue();
    store.releaseItems("w1", mine.stream().map(TaskItem::id).toList());
    assertThat(store.hasLiveClaims("t")).isFalse();
  }

  @Test
  void claimHoldersAreTheWorkersWithLiveLeasesAndADeadOnesClaimsCanBeReleased() {
    tenItems();
    assertThat(store.claimHolders("t")).isEmpty();
    store.claimItems("t", "w1", Duration.ofSeconds(30), 2);
    store.claimItems("t", "w2", Duration.ofSeconds(60), 3);
    assertThat(store.claimHolders("t")).containsExactlyInAnyOrder("w1", "w2");
    assertThat(store.claimHolders("other-task")).isEmpty();
    clock.advance(Duration.ofSeconds(31));
    assertThat(store.claimHolders("t")).as("w1's lease ran out").containsExactly("w2");
    assertThat(store.releaseWorker("w2")).isEqualTo(3);
    assertThat(store.claimHolders("t")).isEmpty();
    assertThat(store.releaseWorker("w2")).isZero();
    assertThat(store.claimItems("t", "w3", Duration.ofSeconds(30), 10)).hasSize(10);
  }

  @Test
  void renewKeepsTheItems() {
    tenItems();
    store.claimItems("t", "w1", Duration.ofSeconds(30), 2);
    clock.advance(Duration.ofSeconds(20));
    assertThat(store.renewLeases("w1", Duration.ofSeconds(30))).isEqualTo(2);
    clock.advance(Duration.ofSeconds(20));
    assertThat(store.claimItems("t", "w2", Duration.ofSeconds(30), 10)).hasSize(8)
        .extracting(TaskItem::id).doesNotContain(first, first + 1);
    assertThat(store.renewLeases("nobody", Duration.ofSeconds(30))).isZero();
  }

  @Test
  void releaseLetsAnotherWorkerClaim() {
    tenItems();
    List<TaskItem> mine = store.claimItems("t", "w1", Duration.ofMinutes(5), 3);
    store.releaseItems("w2", List.of(mine.get(0).id()));
    assertThat(store.claimItems("t", "w2", Duration.ofMinutes(5), 10)).hasSize(7);
    store.releaseItems("w1", List.of(mine.get(0).id(), mine.get(1).id()));
    store.releaseItems("w1", List.of());
    assertThat(store.claimItems("t", "w3", Duration.ofMinutes(5), 10)).extracting(TaskItem::id)
        .containsExactly(mine.get(0).id(), mine.get(1).id());
    assertThat(store.renewLeases("w1", Duration.ofMinutes(5))).isEqualTo(1);
  }

  @Test
  void concurrentWorkersFinishEveryItemExactlyOnce() throws Exception {
    assertEveryItemDoneOnce(store, store, 60);
  }

  /**
   * Runs two workers on two threads (each with its own store, which may be the same object) until every item of
   * a new task is final, and checks that each item was claimed and finished by one worker only.
   */
  protected final void assertEveryItemDoneOnce(TaskStore s1, TaskStore s2, int count) throws Exception {
    String taskId = "race-" + UUID.randomUUID();
    long id = s1.nextItemIds(count);
    List<TaskItem> its = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      its.add(plainItem(id + i, taskId, "ep01/sq010/sh" + (1000 + i), "anim"));
    }
    s1.createTask(task(taskId, T0), its);
    Map<Long, String> doneBy = new ConcurrentHashMap<>();
    AtomicInteger duplicates = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        TaskStore s = w == 0 ? s1 : s2;
        String worker = "worker-" + w;
        futures.add(pool.submit(() -> {
          start.await();
          while (true) {
            List<TaskItem> batch = s.claimItems(taskId, worker, Duration.ofMinutes(10), 3);
            if (batch.isEmpty()) {
              return null;
            }
            List<TaskItem> finished = new ArrayList<>();
            for (TaskItem item : batch) {
              if (doneBy.putIfAbsent(item.id(), worker) != null) {
                duplicates.incrementAndGet();
              }
              finished.add(item.withStatus(ItemStatus.COMPLETED, null));
            }
            s.updateItems(finished);
            s.releaseItems(worker, finished.stream().map(TaskItem::id).toList());
          }
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(duplicates).hasValue(0);
    assertThat(doneBy).hasSize(count);
    assertThat(s1.items(taskId)).allMatch(i -> i.status() == ItemStatus.COMPLETED);
  }

  // ---------------------------------------------------------------- files

  private long id;

  private void twoTasks() {
    id = store.nextItemIds(3);
    store.createTask(task("t1", T0), List.of(plainItem(id, "t1", "ep01/sq010/sh0010", "anim"),
        plainItem(id + 1, "t1", "ep01/sq010/sh0020", "anim")));
    store.createTask(task("t2", T0.plusSeconds(100)), List.of(plainItem(id + 2, "t2", "ep01/sq010/sh0010",
        "lighting")));
  }

  @Test
  void filesAreSavedReplacedAndListed() {
    twoTasks();
    String longPath = "ep01/sq010/sh0010/anim/publish/v001/" + "deep/".repeat(150) + "f\u00fcr \u5f71.ma";
    FileRecord a = file("t1", id, "ep01/sq010/sh0010/anim/publish/v001/b.ma", FileStatus.PENDING, T0);
    FileRecord b = file("t1", id, longPath, FileStatus.PARTIAL, T0);
    FileRecord c = new FileRecord("t1", id, "ep01/sq010/sh0010/anim/publish/v001/a.ma", null, 0, null,
        FileStatus.PENDING, null, 0, null, T0);
    store.saveFiles(List.of(a, b, c));
    assertThat(store.files("t1")).containsExactlyInAnyOrder(a, b, c);

    FileRecord a2 = new FileRecord("t1", id, a.path(), Version.parse("v001"), 5_000_000_000L,
        T0.minusSeconds(3600), FileStatus.PARTIAL, null, 1_234_567_890L, null, T0.plusSeconds(3));
    FileRecord c2 = new FileRecord("t1", id, c.path(), Version.parse("v001"), 10, T0, FileStatus.FAILED,
        FileAction.FAILED, 0, "550 permission denied", T0.plusSeconds(4));
    store.saveFiles(List.of(a2, c2));
    store.saveFiles(List.of());
    assertThat(store.files("t1")).containsExactlyInAnyOrder(a2, b, c2);
    assertThat(store.files("t2")).isEmpty();
  }

  @Test
  void theSamePathInTwoTasksIsTwoRecords() {
    twoTasks();
    String path = "ep01/sq010/sh0010/anim/publish/v001/a.ma";
    store.saveFiles(List.of(file("t1", id, path, FileStatus.DONE, T0), file("t2", id + 2, path, FileStatus.DONE,
        T0)));
    assertThat(store.files("t1")).hasSize(1);
    assertThat(store.files("t2")).hasSize(1);
  }

  @Test
  void historyListsFinishedFilesOfTheShotNewestFirst() {
    twoTasks();
    FileRecord old = file("t1", id, "ep01/sq010/sh0010/anim/publish/v001/a.ma", FileStatus.DONE, T0.plusSeconds(1));
    FileRecord newer = file("t2", id + 2, "ep01/sq010/sh0010/lighting/version/x_v002.0001.exr", FileStatus.DONE,
        T0.plusSeconds(200));
    FileRecord partial = file("t1", id, "ep01/sq010/sh0010/anim/publish/v001/b.ma", FileStatus.PARTIAL,
        T0.plusSeconds(300));
    FileRecord failed = file("t1", id, "ep01/sq010/sh0010/anim/publish/v001/c.ma", FileStatus.FAILED,
        T0.plusSeconds(300));
    FileRecord otherShot = file("t1", id + 1, "ep01/sq010/sh0020/anim/publish/v001/a.ma", FileStatus.DONE,
        T0.plusSeconds(400));
    store.saveFiles(List.of(old, newer, partial, failed, otherShot));
    assertThat(store.history(ShotKey.parse("ep01/sq010/sh0010"))).containsExactly(newer, old);
    assertThat(store.history(ShotKey.parse("ep01/sq010/sh0020"))).containsExactly(otherShot);
    assertThat(store.history(ShotKey.parse("ep09/sq010/sh0010"))).isEmpty();
  }

  // ---------------------------------------------------------------- logs

  @Test
  void appendLogsAssignsIncreasingSequences() {
    store.appendLogs(List.of(log("t", LogLevel.INFO, "one"), log("t", LogLevel.DEBUG, "two")));
    store.appendLogs(List.of());
    store.appendLogs(List.of(log("t", LogLevel.ERROR, "three")));
    List<LogRecord> all = store.logs(new LogQuery("t", LogLevel.DEBUG, 0, 100));
    assertThat(all).extracting(LogRecord::message).containsExactly("one", "two", "three");
    assertThat(all.get(0).sequence()).isPositive();
    assertThat(all.get(1).sequence()).isGreaterThan(all.get(0).sequence());
    assertThat(all.get(2).sequence()).isGreaterThan(all.get(1).sequence());
  }

  @Test
  void logFieldsRoundTrip() {
    LogRecord r = new LogRecord(0, T0.plusMillis(123), LogLevel.WARN, "t", 42L,
        "ep01/sq010/sh0010/anim/publish/v001/a.ma", "retrying after 421:\n  \u00e9t\u00e9 \u5f71 \"quoted\"");
    LogRecord bare = new LogRecord(0, T0, LogLevel.INFO, "t", null, null, "");
    store.appendLogs(List.of(r, bare));
    List<LogRecord> read = store.logs(new LogQuery("t", LogLevel.DEBUG, 0, 10));
    assertThat(read).hasSize(2);
    assertThat(read.get(0)).isEqualTo(r.withSequence(read.get(0).sequence()));
    assertThat(read.get(1)).isEqualTo(bare.withSequence(read.get(1).sequence()));
  }

  @Test
  void logsQueryByLevelCursorAndLimit() {
    List<LogRecord> in = new ArrayList<>();
    LogLevel[] levels = LogLevel.values();
    for (int i = 0; i < 40; i++) {
      in.add(log("t", levels[i % 4], "m" + i));
      in.add(log("other", LogLevel.ERROR, "o" + i));
    }
    store.appendLogs(in);
    assertThat(store.logs(new LogQuery("t", LogLevel.DEBUG, 0, 1000))).hasSize(40);
    assertThat(store.logs(new LogQuery("t", LogLevel.WARN, 0, 1000))).hasSize(20)
        .allMatch(r -> r.level().atLeast(LogLevel.WARN) && r.taskId().equals("t"));
    assertThat(store.logs(new LogQuery("t", LogLevel.ERROR, 0, 1000))).extracting(LogRecord::message)
        .startsWith("m3", "m7", "m11");

    List<LogRecord> page1 = store.logs(new LogQuery("t", LogLevel.INFO, 0, 7));
    assertThat(page1).extracting(LogRecord::message).containsExactly("m1", "m2", "m3", "m5", "m6", "m7", "m9");
    List<LogRecord> page2 = store.logs(new LogQuery("t", LogLevel.INFO, page1.get(6).sequence(), 3));
    assertThat(page2).extracting(LogRecord::message).containsExactly("m10", "m11", "m13");

    // tailing: nothing new, then a new record after the cursor
    List<LogRecord> rest = store.logs(new LogQuery("t", LogLevel.DEBUG, page2.get(2).sequence(), 1000));
    long last = rest.get(rest.size() - 1).sequence();
    assertThat(store.logs(new LogQuery("t", LogLevel.DEBUG, last, 10))).isEmpty();
    store.appendLogs(List.of(log("t", LogLevel.INFO, "late")));
    assertThat(store.logs(new LogQuery("t", LogLevel.DEBUG, last, 10))).extracting(LogRecord::message)
        .containsExactly("late");
  }

  @Test
  void logsPageBackwardsFromABeforeCursor() {
    List<LogRecord> in = new ArrayList<>();
    LogLevel[] levels = LogLevel.values();
    for (int i = 0; i < 40; i++) {
      in.add(log("t", levels[i % 4], "m" + i));
      in.add(log("other", LogLevel.ERROR, "o" + i));
    }
    store.appendLogs(in);
    List<LogRecord> all = store.logs(new LogQuery("t", LogLevel.DEBUG, 0, 1000));
    long end = all.get(all.size() - 1).sequence() + 1;

    List<LogRecord> last = store.logs(LogQuery.before("t", LogLevel.WARN, end, 4));
    assertThat(last).extracting(LogRecord::message).containsExactly("m34", "m35", "m38", "m39");
    List<LogRecord> earlier = store.logs(LogQuery.before("t", LogLevel.WARN, last.get(0).sequence(), 3));
    assertThat(earlier).extracting(LogRecord::message).containsExactly("m27", "m30", "m31");
    // both cursors: only records between them, the ones nearest the before cursor
    assertThat(store.logs(new LogQuery("t", LogLevel.DEBUG, all.get(1).sequence(), 10, all.get(5).sequence())))
        .extracting(LogRecord::message).containsExactly("m2", "m3", "m4");
    assertThat(store.logs(LogQuery.before("t", LogLevel.DEBUG, all.get(0).sequence(), 10))).isEmpty();
  }

  @Test
  void scanLogsWithoutATaskAreKept() {
    store.appendLogs(List.of(log("", LogLevel.WARN, "refused name '..'")));
    assertThat(store.logs(LogQuery.of("", 10))).extracting(LogRecord::message).containsExactly("refused name '..'");
  }

  // ---------------------------------------------------------------- fixtures

  /** A pending task created at {@code created}. */
  protected static Task task(String id, Instant created) {
    return Task.create(id, TaskSpec.builder("studio").name("task " + id).shots("ep01/**").build(), created);
  }

  /** A task with every field set. */
  public static Task fullTask(String id) {
    Map<ItemKey, Version> custom = new LinkedHashMap<>();
    custom.put(ItemKey.parse("ep01/sq010/sh0010/anim"), Version.parse("v0003"));
    custom.put(ItemKey.parse("ep01/sq010/sh0020/lighting"), Version.parse("v12"));
    Map<String, String> props = new LinkedHashMap<>();
    props.put("studio.priority", "high");
    props.put("quote", "\"'\\ \u00e9");
    TaskSpec.Builder b = TaskSpec.builder("studio").name("Episode 1 \u2014 \"anim\"")
        .selection(new Selection(List.of("ep01/sq010/*", "ep02/**"),
            Set.of(Department.ANIM, Department.of("fx-cache"))))
        .customVersions(custom).specificVersionOnly(Version.parse("v005")).conflictStrategy("keep_both")
        .notBefore(T0.plusSeconds(3600)).autoRetry(3, Duration.ofSeconds(90))
        .localRoot(java.nio.file.Path.of("/projects/\u00e9pisode 1"))
        .layout("{\"shotTemplate\":\"{episode}/{shot}\"}")
        .options(io.shotsync.api.SyncOptions.builder().connections(7).bandwidthTimetable(
            io.shotsync.api.BandwidthTimetable.parse("08:00,10M 19:00,off")).retries(9)
            .retryBackoff(Duration.ofMillis(250)).relistAfter(Duration.ZERO).build());
    props.forEach(b::property);
    TaskSpec spec = b.build();
    return new Task(id, spec, TaskStatus.PARTIAL, T0, T0.plusSeconds(1), T0.plusSeconds(500), 10_000_000_000L,
        9_000_000_000L, 2, "1 item failed: 550 denied", 2);
  }

  /** An item with every field set. */
  public static TaskItem fullItem(long id, String taskId) {
    return new TaskItem(id, taskId, ItemKey.parse("ep01/sq010/sh0010/anim"), ItemStatus.FAILED, "550 denied",
        Version.parse("v002"), List.of(Version.parse("v001"), Version.parse("v002"), Version.parse("v0010")),
        Version.parse("v0010"), Version.parse("v001"), List.of(Version.parse("v002"), Version.parse("v0010")), 17,
        123_456_789_012L, 23_456_789_012L, new FileStats(1, 2, 3, 4, 5, 6));
  }

  /** A pending item with nothing planned. */
  protected static TaskItem plainItem(long id, String taskId, String shot, String department) {
    return TaskItem.create(id, taskId, new ItemKey(ShotKey.parse(shot), Department.of(department)), null,
        List.of(Version.of(1), Version.of(2)), null);
  }

  /** A file record of a v001 file. */
  protected static FileRecord file(String taskId, long itemId, String path, FileStatus status, Instant updated) {
    FileAction action = status == FileStatus.DONE ? FileAction.DOWNLOADED : null;
    return new FileRecord(taskId, itemId, path, Version.of(1), 100, T0.minusSeconds(60), status, action,
        status == FileStatus.DONE ? 100 : 40, null, updated);
  }

  /** A log record at T0. */
  protected static LogRecord log(String taskId, LogLevel level, String message) {
    return new LogRecord(0, T0, level, taskId, null, null, message);
  }

  private static List<String> ids(List<Task> tasks) {
    return tasks.stream().map(Task::id).toList();
  }

  /** A clock that stands still until a test moves it. */
  public static final class TestClock extends Clock {
    private volatile Instant now;

    /** A clock at {@code start}. */
    public TestClock(Instant start) {
      this.now = start;
    }

    /** Moves the clock forward. */
    public void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
