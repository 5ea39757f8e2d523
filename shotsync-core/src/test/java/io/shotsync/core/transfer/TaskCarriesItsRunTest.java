package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.BandwidthTimetable;
import io.shotsync.api.Department;
import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.Task;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.EndpointConfig;
import io.shotsync.core.Layout;
import io.shotsync.core.ShotSync;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.core.testkit.TaskStoreContract.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task stores its local root, layout and options, and whichever process runs it (the creator, a worker, a retry, an
 * automatic retry) runs it with exactly those; a worker's caps only lower them.
 */
class TaskCarriesItsRunTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  static final String SHOT = "ep01/sq010/sh0020";
  static final String MISSING = SHOT + "/anim/publish/v002/scene.ma";
  static final SyncOptions LIMITED = fast().toBuilder().bandwidthTimetable(BandwidthTimetable.parse("8M"))
      .connections(3).build();
  static final String ANIM_ONLY = "{\"departments\": [{\"name\": \"anim\", \"path\": \"anim/publish\","
      + " \"kind\": \"version-folders\"}]}";

  @TempDir
  Path dir;

  private static List<String> runLines(ShotSync sync, String taskId) {
    return sync.logs(new LogQuery(taskId, LogLevel.INFO, 0, 1000)).stream().map(LogRecord::message)
        .filter(m -> m.startsWith("runs into ")).toList();
  }

  @Test
  void aQueuedTaskRunByAWorkerKeepsItsRootLayoutAndLimit() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    Path root = dir.resolve("project");
    TaskStore store = new InMemoryTaskStore(Clock.systemUTC());
    String id;
    try (ShotSync creator = ShotSync.builder().store(store).endpoint(EndpointConfig.builder(FTP.endpoint())
        .localRoot(root).layout(Layout.fromJson(ANIM_ONLY)).options(LIMITED).build()).build()) {
      id = creator.queueTask(TaskSpec.builder(FTP.endpoint().id()).shots(SHOT).build()).id();
    }
    Task queued = store.task(id).orElseThrow();
    assertThat(queued.spec().localRoot()).isEqualTo(root.toAbsolutePath().normalize());
    assertThat(queued.spec().layout()).isEqualTo(ANIM_ONLY);
    assertThat(queued.spec().options()).isEqualTo(LIMITED);

    // a worker with other defaults: another root, the default layout (anim and lighting), no limit
    Path elsewhere = dir.resolve("elsewhere");
    try (ShotSync worker = ShotSync.builder().store(store).endpoint(FTP.endpoint()).localRoot(elsewhere)
        .options(fast()).workerId("w2").build()) {
      assertThat(worker.runQueued(Duration.ofMillis(300))).isPositive();
      Task done = worker.task(id);
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(done.spec().options()).isEqualTo(LIMITED);
      assertThat(runLines(worker, id)).containsExactly("runs into " + root.toAbsolutePath().normalize()
          + ": bandwidth 8M, 3 connections, 3 retries");
      assertThat(worker.items(id)).extracting(i -> i.department()).containsOnly(Department.ANIM);
    }
    assertThat(files(root)).isNotEmpty().allMatch(p -> p.contains("/anim/"));
    assertThat(Files.exists(elsewhere)).isFalse();
  }

  @Test
  void aRetryAndAnAutomaticRetryRunWithTheTasksOwnOptions() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    Path root = dir.resolve("project");
    Path served = FTP.root().resolve(MISSING);
    Path aside = served.resolveSibling("aside");
    TaskStore store = new InMemoryTaskStore(Clock.systemUTC());
    TestClock clock = new TestClock(Instant.parse("2026-06-01T10:00:00Z"));
    String id;
    try (ShotSync creator = ShotSync.builder().store(store).endpoint(FTP.endpoint()).localRoot(root)
        .options(LIMITED).clock(clock).build()) {
      creator.scan(FTP.endpoint().id());
      Files.move(served, aside);
      Task failed = creator.run(TaskSpec.builder(FTP.endpoint().id()).shots(SHOT).departments(Department.ANIM)
          .build()).await(Duration.ofSeconds(60));
      assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
      id = failed.id();
    }
    Files.move(aside, served);
    // `tasks retry` in another process: unlimited defaults and another root of its own
    try (ShotSync retrier = ShotSync.builder().store(store).endpoint(FTP.endpoint()).localRoot(dir.resolve("x"))
        .options(fast()).clock(clock).build()) {
      Files.move(served, aside);
      // attempts count every run: the retry is attempt 2, its automatic retry attempt 3
      TaskSpec withRetry = retrier.task(id).spec().toBuilder().autoRetry(2, Duration.ofMinutes(5)).build();
      store.updateTask(retrier.task(id).withSpec(withRetry));
      var handle = retrier.retryFailed(id);
      SchedulingTest.awaitStatus(retrier, id, TaskStatus.QUEUED);
      Files.move(aside, served);
      clock.advance(Duration.ofMinutes(5));
      Task done = handle.await(Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      // three runs: the first, the retry, the automatic retry; each with the task's limit, into its root
      assertThat(runLines(retrier, id)).hasSize(3).containsOnly("runs into " + root.toAbsolutePath().normalize()
          + ": bandwidth 8M, 3 connections, 3 retries");
    }
    assertThat(files(root)).contains(MISSING);
    assertThat(Files.exists(dir.resolve("x"))).isFalse();
  }

  @Test
  void twoEndpointsWithTheirOwnRootsAndLayoutsShareOneStoreAndOneWorker() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    Endpoint a = FTP.endpoint();
    Endpoint b = new Endpoint("other", a.host(), a.port(), a.user(), a.password(), a.root(), false, null);
    Path rootA = dir.resolve("a");
    Path rootB = dir.resolve("b");
    TaskStore store = new InMemoryTaskStore(Clock.systemUTC());
    try (ShotSync sync = ShotSync.builder().store(store).options(fast())
        .endpoint(EndpointConfig.builder(a).localRoot(rootA).options(fast()).build())
        .endpoint(EndpointConfig.builder(b).localRoot(rootB).layout(Layout.fromJson(ANIM_ONLY)).options(fast())
            .build()).build()) {
      Task ta = sync.queueTask(TaskSpec.builder(a.id()).shots(SHOT).build());
      Task tb = sync.queueTask(TaskSpec.builder(b.id()).shots(SHOT).build());
      assertThat(sync.runQueued(Duration.ofMillis(300))).isPositive();
      assertThat(sync.task(ta.id()).status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(sync.task(tb.id()).status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(sync.endpointConfigs()).extracting(EndpointConfig::id).containsExactlyInAnyOrder(a.id(), "other");
    }
    assertThat(files(rootA)).anyMatch(p -> p.contains("/lighting/")).anyMatch(p -> p.contains("/anim/"));
    assertThat(files(rootB)).isNotEmpty().allMatch(p -> p.contains("/anim/"));
  }

  @Test
  void aWorkersCapsLowerATasksValuesAndNeverRaiseThem() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    Path root = dir.resolve("project");
    TaskStore store = new InMemoryTaskStore(Clock.systemUTC());
    String wide;
    String narrow;
    try (ShotSync creator = ShotSync.builder().store(store).endpoint(FTP.endpoint()).localRoot(root)
        .options(fast()).build()) {
      wide = creator.queueTask(TaskSpec.builder(FTP.endpoint().id()).shots(SHOT).departments(Department.ANIM)
          .options(fast().withConnections(6)).build()).id();
      narrow = creator.queueTask(TaskSpec.builder(FTP.endpoint().id()).shots(SHOT).departments(Department.LIGHTING)
          .options(fast().withConnections(1)).build()).id();
    }
    try (ShotSync worker = ShotSync.builder().store(store).endpoint(FTP.endpoint()).localRoot(root)
        .maxConnections(2).maxBandwidth(BandwidthTimetable.parse("4M")).build()) {
      worker.runQueued(Duration.ofMillis(300));
      assertThat(runLines(worker, wide)).containsExactly("runs into " + root.toAbsolutePath().normalize()
          + ": bandwidth unlimited, 6 connections, 3 retries; this worker caps connections at 2; this worker caps"
          + " bandwidth at 4M");
      assertThat(runLines(worker, narrow)).containsExactly("runs into " + root.toAbsolutePath().normalize()
          + ": bandwidth unlimited, 1 connection, 3 retries; this worker caps bandwidth at 4M");
      assertThat(worker.task(wide).spec().options().connections()).isEqualTo(6);
    }
  }

  @Test
  void aTaskWithoutALocalRootAnywhereIsRefusedBeforeAnythingIsStored() {
    TaskStore store = new InMemoryTaskStore(Clock.systemUTC());
    try (ShotSync sync = ShotSync.builder().store(store).endpoint(EndpointConfig.builder(FTP.endpoint()).build())
        .build()) {
      assertThatThrownBy(() -> sync.createTask(TaskSpec.builder(FTP.endpoint().id()).build()))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("has no local root");
      assertThat(store.tasks(io.shotsync.api.spi.TaskQuery.all())).isEmpty();
    }
  }
}
