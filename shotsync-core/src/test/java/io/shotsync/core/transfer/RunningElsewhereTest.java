package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.event.SyncListener;
import io.shotsync.core.ShotSync;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Whether a task runs in another process is told by who holds its claims, not by a run of this process joining it. */
class RunningElsewhereTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  @TempDir
  Path local;

  @Test
  void aRunOfThisProcessThatFindsEveryItemClaimedElsewhereLeavesTheTaskRunningElsewhere() {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    InMemoryTaskStore store = new InMemoryTaskStore();
    List<Boolean> answersDuringTheJoin = new CopyOnWriteArrayList<>();
    ShotSync[] self = new ShotSync[1];
    SyncListener asksWhileJoining = new SyncListener() {
      @Override
      public void log(LogRecord r) {
        if (r.message().startsWith("runs into")) {
          answersDuringTheJoin.add(self[0].isRunningElsewhere(r.taskId()));
        }
      }
    };
    try (ShotSync sync = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast()).store(store)
        .workerId("here").listener(asksWhileJoining).build()) {
      self[0] = sync;
      Task task = sync.queueTask(spec(FTP.endpoint()).shots("ep01/sq010/*").build());
      store.updateTask(store.task(task.id()).orElseThrow().started(Instant.now()));
      List<TaskItem> held = store.claimItems(task.id(), "worker-elsewhere", Duration.ofMinutes(5), 100);
      assertThat(held).hasSize(store.items(task.id()).size()).isNotEmpty();
      assertThat(sync.isRunningElsewhere(task.id())).isTrue();

      // this process's queue loop joins the RUNNING task, finds nothing to claim and leaves it to its holder
      sync.runQueued(Duration.ofMillis(200));
      assertThat(answersDuringTheJoin).as("asked while this process's run was active").isNotEmpty()
          .containsOnly(true);
      assertThat(sync.isRunningElsewhere(task.id())).isTrue();
      assertThat(local.resolve("ep01")).doesNotExist();

      // the holder is gone: nobody runs it
      store.releaseWorker("worker-elsewhere");
      assertThat(sync.isRunningElsewhere(task.id())).isFalse();
      // claims of this process's worker are "here"
      store.claimItems(task.id(), "here", Duration.ofMinutes(5), 1);
      assertThat(sync.isRunningElsewhere(task.id())).isFalse();
    }
  }
}
