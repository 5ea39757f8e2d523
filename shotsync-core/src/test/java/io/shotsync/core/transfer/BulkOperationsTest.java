package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.Department;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.core.ShotSync;
import io.shotsync.core.TaskHandle;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.testkit.EventRecorder;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.core.testkit.TaskStoreContract.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Deleting by query, retrying the failed items of many tasks, cancelling everything (also in other workers). */
class BulkOperationsTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  static final Instant START = Instant.parse("2026-06-01T10:00:00Z");

  @TempDir
  Path local;

  @Test
  void deleteTasksByStatusAndAge() {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    TestClock clock = new TestClock(START);
    try (ShotSync sync = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast()).clock(clock)
        .build()) {
      Task oldQueued = sync.queueTask(spec(FTP.endpoint()).shots("ep01/sq010/sh0010").build());
      Task oldDone = sync.run(spec(FTP.endpoint()).shots("ep01/sq010/sh0020").build()).await(Duration.ofSeconds(60));
      clock.advance(Duration.ofDays(10));
      Task newQueued = sync.queueTask(spec(FTP.endpoint()).shots("ep01/sq020/sh0010").build());
      Task newDone = sync.run(spec(FTP.endpoint()).shots("ep01/sq020/sh0020").build()).await(Duration.ofSeconds(60));
      assertThat(newDone.status()).isEqualTo(TaskStatus.COMPLETED);

      // older than 7 days and completed: only the old completed one
      Instant weekAgo = clock.instant().minus(Duration.ofDays(7));
      assertThat(sync.deleteTasks(new TaskQuery(Set.of(TaskStatus.COMPLETED), weekAgo, 10_000))).isEqualTo(1);
      assertThat(ids(sync.tasks(TaskQuery.all()))).containsExactlyInAnyOrder(oldQueued.id(), newQueued.id(),
          newDone.id());
      assertThatThrownBy(() -> sync.task(oldDone.id())).isInstanceOf(NotFoundException.class);

      // every queued one
      assertThat(sync.deleteTasks(TaskQuery.withStatus(TaskStatus.QUEUED))).isEqualTo(2);
      assertThat(ids(sync.tasks(TaskQuery.all()))).containsExactly(newDone.id());
      assertThat(sync.deleteTasks(TaskQuery.withStatus(TaskStatus.FAILED))).isZero();
      // the downloaded files stay
      assertThat(SyncTestSupport.files(local)).isNotEmpty();
    }
  }

  @Test
  void retryFailedRunsTheFailedItemsOfEveryTaskGiven() throws Exception {
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root()).defaultTree();
    String a = "ep01/sq010/sh0020/anim/publish/v002/scene.ma";
    String b = "ep02/sq010/sh0020/anim/publish/v002/scene.ma";
    try (ShotSync sync = SyncTestSupport.open(FTP.endpoint(), local, fast())) {
      sync.scan(FTP.endpoint().id());
      Files.move(FTP.root().resolve(a), FTP.root().resolve(a + ".aside"));
      Files.move(FTP.root().resolve(b), FTP.root().resolve(b + ".aside"));
      Task ta = SyncTestSupport.runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/*").build());
      Task tb = SyncTestSupport.runToEnd(sync, spec(FTP.endpoint()).shots("ep02/sq010/*").build());
      assertThat(List.of(ta.status(), tb.status())).containsOnly(TaskStatus.PARTIAL);
      Files.move(FTP.root().resolve(a + ".aside"), FTP.root().resolve(a));
      Files.move(FTP.root().resolve(b + ".aside"), FTP.root().resolve(b));

      assertThatThrownBy(() -> sync.retryFailed(List.of(ta.id(), "no-such-task")))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-task");
      assertThat(sync.task(ta.id()).attempts()).as("nothing started").isEqualTo(1);

      List<TaskHandle> handles = sync.retryFailed(List.of(ta.id(), tb.id()));
      assertThat(handles).extracting(TaskHandle::taskId).containsExactly(ta.id(), tb.id());
      for (TaskHandle h : handles) {
        Task t = h.await(Duration.ofSeconds(60));
        assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(t.attempts()).isEqualTo(2);
      }
      SyncTestSupport.assertSameBytes(local, a, tree.files().get(a));
      SyncTestSupport.assertSameBytes(local, b, tree.files().get(b));
    }
  }

  @Test
  void cancelAllReachesAWorkerOfAnotherInstanceThroughTheStore() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    InMemoryTaskStore store = new InMemoryTaskStore();
    try (ShotSync worker = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local)
        .options(fast().withBandwidthLimit(4096)).store(store).workerId("slow-worker").build();
        ShotSync admin = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast())
            .store(store).workerId("admin").build()) {
      Task running = worker.queueTask(spec(FTP.endpoint()).build());
      Task waiting = worker.queueTask(spec(FTP.endpoint()).shots("ep02/**").departments(Department.ANIM)
          .notBefore(Instant.now().plus(Duration.ofDays(1))).build());
      CompletableFuture<Integer> work = CompletableFuture.supplyAsync(() -> worker.runQueued(Duration.ofMillis(300)));
      SchedulingTest.awaitStatus(admin, running.id(), TaskStatus.RUNNING);

      assertThat(admin.cancelAll()).containsExactlyInAnyOrder(running.id(), waiting.id());
      work.get();  // the worker noticed the cancel in the store and stopped
      Task end = worker.task(running.id());
      assertThat(end.status()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(worker.items(running.id())).extracting(i -> i.status())
          .doesNotContain(ItemStatus.RUNNING, ItemStatus.PENDING).contains(ItemStatus.CANCELLED);
      assertThat(worker.task(waiting.id()).status()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(admin.cancelAll()).isEmpty();
    }
  }

  @Test
  void cancellingOrDeletingATaskNotRunningHereNeverStartsARun() {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    EventRecorder events = new EventRecorder();
    try (ShotSync sync = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast())
        .listener(events).build()) {
      Task cancelled = sync.queueTask(spec(FTP.endpoint()).shots("ep01/sq010/sh0010").build());
      Task deleted = sync.queueTask(spec(FTP.endpoint()).shots("ep01/sq010/sh0020").build());

      assertThat(sync.cancel(cancelled.id())).isTrue();
      assertThat(sync.delete(List.of(deleted.id()))).isEqualTo(1);

      // the cancel went through the store: the task never ran, its items end as never started
      assertThat(sync.task(cancelled.id()).status()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(sync.items(cancelled.id())).extracting(i -> i.status()).containsOnly(ItemStatus.CANCELLED);
      assertThat(sync.items(cancelled.id())).extracting(i -> i.message()).containsOnly("cancelled before it started");
      assertThatThrownBy(() -> sync.task(deleted.id())).isInstanceOf(NotFoundException.class);
      assertThat(events.events("taskStarted")).isEmpty();
      assertThat(events.events("itemStarted")).isEmpty();
      assertThat(SyncTestSupport.files(local)).isEmpty();
      assertThat(sync.cancel(cancelled.id())).as("a final task is not cancelled again").isFalse();
    }
  }

  private static List<String> ids(List<Task> tasks) {
    return tasks.stream().map(Task::id).toList();
  }
}
