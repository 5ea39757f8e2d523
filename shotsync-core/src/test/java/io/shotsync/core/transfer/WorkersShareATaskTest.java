package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.ShotSync;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.testkit.EventRecorder;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workers sharing a store run every item of a task once and finish it once, with a final status, however their
 * item writes and claims interleave; items held by a worker that vanished are taken over when their lease runs out.
 */
class WorkersShareATaskTest extends ThroughFaultProxy {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  WorkersShareATaskTest() {
    super(FTP);
  }

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
}
