package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.files;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.core.ShotSync;
import io.shotsync.core.TaskHandle;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.core.testkit.TaskStoreContract.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Not-before times and automatic retries, driven by a test clock that only moves when the test moves it. */
class SchedulingTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
  static final String SHOT = "ep01/sq010/sh0020";
  static final String MISSING = SHOT + "/anim/publish/v002/scene.ma";

  @TempDir
  Path local;

  final TestClock clock = new TestClock(START);

  private ShotSync open(String worker) {
    return ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast()).clock(clock)
        .workerId(worker).build();
  }

  private TaskSpec.Builder animOfOneShot() {
    return spec(FTP.endpoint()).shots(SHOT).departments(Department.ANIM);
  }

  @Test
  void aQueuedTaskIsNotClaimedBeforeItsTime() {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    try (ShotSync sync = open("w1")) {
      Task queued = sync.queueTask(animOfOneShot().notBefore(START.plus(Duration.ofHours(2))).build());

      assertThat(sync.runQueued(Duration.ofMillis(300))).isZero();
      clock.advance(Duration.ofMinutes(119));
      assertThat(sync.runQueued(Duration.ofMillis(300))).isZero();
      Task waiting = sync.task(queued.id());
      assertThat(waiting.status()).isEqualTo(TaskStatus.QUEUED);
      assertThat(waiting.attempts()).isZero();
      assertThat(waiting.startedAt()).isNull();
      assertThat(sync.items(queued.id())).allSatisfy(i -> assertThat(i.status()).isEqualTo(ItemStatus.PENDING));
      assertThat(files(local)).isEmpty();

      clock.advance(Duration.ofMinutes(1));
      assertThat(sync.runQueued(Duration.ofMillis(300))).isEqualTo(1);
      Task done = sync.task(queued.id());
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(done.startedAt()).isEqualTo(START.plus(Duration.ofHours(2)));
      assertThat(files(local)).hasSize(2);
    }
  }

  @Test
  void aWorkerRetriesAFailedTaskByItselfAfterTheDelay() throws Exception {
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root()).defaultTree();
    Path served = FTP.root().resolve(MISSING);
    Path aside = served.resolveSibling("aside");
    try (ShotSync sync = open("w1")) {
      sync.scan(FTP.endpoint().id());
      Files.move(served, aside);  // listed by the scan, but RETR answers 550
      Task queued = sync.queueTask(animOfOneShot().autoRetry(2, Duration.ofMinutes(10)).build());

      assertThat(sync.runQueued(Duration.ofMillis(300))).isEqualTo(1);
      Task failed = sync.task(queued.id());
      assertThat(failed.status()).isEqualTo(TaskStatus.QUEUED);
      assertThat(failed.attempts()).isEqualTo(1);
      assertThat(failed.spec().notBefore()).isEqualTo(START.plus(Duration.ofMinutes(10)));
      assertThat(failed.message()).contains("retry 1 of 2");
      assertThat(sync.items(queued.id())).allSatisfy(i -> assertThat(i.status()).isEqualTo(ItemStatus.PENDING));

      Files.move(aside, served);
      clock.advance(Duration.ofMinutes(9));
      assertThat(sync.runQueued(Duration.ofMillis(300))).isZero();
      assertThat(sync.task(queued.id()).attempts()).isEqualTo(1);

      clock.advance(Duration.ofMinutes(1));
      assertThat(sync.runQueued(Duration.ofMillis(300))).isEqualTo(1);
      Task done = sync.task(queued.id());
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(done.attempts()).isEqualTo(2);
      SyncTestSupport.assertSameBytes(local, MISSING, tree.files().get(MISSING));
    }
  }

  @Test
  void anInProcessRunFollowsItsAutomaticRetryAndEndsWithTheFinalStatus() throws Exception {
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root()).defaultTree();
    Path served = FTP.root().resolve(MISSING);
    Path aside = served.resolveSibling("aside");
    try (ShotSync sync = open("w1")) {
      sync.scan(FTP.endpoint().id());
      Files.move(served, aside);
      TaskHandle h = sync.run(animOfOneShot().autoRetry(1, Duration.ofMinutes(5)).build());
      awaitStatus(sync, h.taskId(), TaskStatus.QUEUED);
      Files.move(aside, served);
      Thread.sleep(300);
      assertThat(h.isDone()).isFalse();
      assertThat(sync.task(h.taskId()).attempts()).isEqualTo(1);

      clock.advance(Duration.ofMinutes(5));
      Task done = h.await(Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(done.attempts()).isEqualTo(2);
      SyncTestSupport.assertSameBytes(local, MISSING, tree.files().get(MISSING));
    }
  }

  @Test
  void retriesStopAtTheirCount() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    Path served = FTP.root().resolve(MISSING);
    try (ShotSync sync = open("w1")) {
      sync.scan(FTP.endpoint().id());
      Files.delete(served);
      TaskHandle h = sync.run(animOfOneShot().autoRetry(1, Duration.ofSeconds(30)).build());
      awaitStatus(sync, h.taskId(), TaskStatus.QUEUED);
      clock.advance(Duration.ofSeconds(30));
      Task end = h.await(Duration.ofSeconds(60));
      assertThat(end.status()).isEqualTo(TaskStatus.FAILED);
      assertThat(end.attempts()).isEqualTo(2);
      assertThat(end.message()).doesNotContain("retry");
    }
  }

  @Test
  void aManualRetryStartsTheAutomaticRetryBudgetAfresh() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    try (ShotSync sync = open("w1")) {
      sync.scan(FTP.endpoint().id());
      Files.delete(FTP.root().resolve(MISSING));
      Task queued = sync.queueTask(animOfOneShot().autoRetry(1, Duration.ofMinutes(10)).build());
      assertThat(sync.runQueued(Duration.ofMillis(300))).isEqualTo(1);
      assertThat(sync.task(queued.id()).status()).isEqualTo(TaskStatus.QUEUED);
      assertThat(sync.task(queued.id()).autoRetriesUsed()).isEqualTo(1);
      clock.advance(Duration.ofMinutes(10));
      assertThat(sync.runQueued(Duration.ofMillis(300))).isEqualTo(1);
      Task spent = sync.task(queued.id());
      assertThat(spent.status()).isEqualTo(TaskStatus.FAILED);
      assertThat(spent.attempts()).isEqualTo(2);

      // by hand: a third run, which fails too, and still has its automatic retry
      TaskHandle h = sync.retryFailed(queued.id());
      awaitStatus(sync, queued.id(), TaskStatus.QUEUED);
      Task again = sync.task(queued.id());
      assertThat(again.attempts()).isEqualTo(3);
      assertThat(again.autoRetriesUsed()).isEqualTo(1);
      assertThat(again.message()).contains("retry 1 of 1");
      assertThat(sync.cancelAll()).containsExactly(queued.id());
      assertThat(h.await(Duration.ofSeconds(30)).status()).isEqualTo(TaskStatus.CANCELLED);
    }
  }

  @Test
  void cancellingAWaitingRetryEndsTheHandle() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    try (ShotSync sync = open("w1")) {
      sync.scan(FTP.endpoint().id());
      Files.delete(FTP.root().resolve(MISSING));
      TaskHandle h = sync.run(animOfOneShot().autoRetry(3, Duration.ofHours(1)).build());
      awaitStatus(sync, h.taskId(), TaskStatus.QUEUED);
      assertThat(sync.cancelAll()).containsExactly(h.taskId());
      Task end = h.await(Duration.ofSeconds(30));
      assertThat(end.status()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(end.attempts()).isEqualTo(1);
    }
  }

  static void awaitStatus(ShotSync sync, String taskId, TaskStatus status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (sync.task(taskId).status() != status) {
      assertThat(System.nanoTime()).as("task %s reaches %s", taskId, status).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
