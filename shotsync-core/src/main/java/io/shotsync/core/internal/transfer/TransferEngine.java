package io.shotsync.core.internal.transfer;

import io.shotsync.api.Endpoint;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.Strategies;
import io.shotsync.core.Structure;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.TaskHandle;
import io.shotsync.core.internal.event.ListenerFanout;
import io.shotsync.core.internal.plan.Planner;
import io.shotsync.core.internal.plan.Destination;
import io.shotsync.core.internal.store.StoreWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks: in-process ({@link #execute}) and as a worker sharing a store with others ({@link #runQueued}); both
 * go through the store's item claims. Keeps leases alive and notices a cancel made in the store by another process.
 */
public final class TransferEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TransferEngine.class);

  /**
   * What the engine needs from its {@link io.shotsync.core.ShotSync}.
   *
   * @param setups how a task runs here: its destination and its options after this process's caps
   * @param cap a bandwidth limit over every run of this engine (a worker's {@code --bwlimit}), or null
   */
  public record Config(
      TaskStore store,
      StoreWriter writer,
      ListenerFanout listener,
      Strategies strategies,
      Planner planner,
      Function<String, Endpoint> endpoints,
      Function<String, Connections> connections,
      Function<String, Structure> structures,
      Function<TaskSpec, RunSetup> setups,
      Clock clock,
      String workerId,
      Duration lease,
      @Nullable RateLimiter cap) {}

  /**
   * How one task runs in this process.
   *
   * @param destination its local root and layout
   * @param options its options, lowered by this process's caps where they are lower
   * @param summary one line for the task log: root, bandwidth, connections, retries, and any cap applied
   */
  public record RunSetup(Destination destination, SyncOptions options, String summary) {}

  private final Config config;
  private final Map<String, TaskRun> runs = new ConcurrentHashMap<>();
  private final Map<String, RunHandle> handles = new ConcurrentHashMap<>();
  private final ExecutorService drivers = Executors.newCachedThreadPool(daemon("shotsync-task"));
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("shotsync-lease"));
  private volatile boolean closed;

  /** An engine with this configuration. */
  public TransferEngine(Config config) {
    this.config = config;
    long period = Math.max(200, config.lease().toMillis() / 3);
    ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    // a cancel or delete made through the store by another process reaches this one's runs within a second
    ticker.scheduleWithFixedDelay(this::checkCancels, 1000, 1000, TimeUnit.MILLISECONDS);
  }

  TaskStore store() {
    return config.store();
  }

  StoreWriter writer() {
    return config.writer();
  }

  ListenerFanout listener() {
    return config.listener();
  }

  Strategies strategies() {
    return config.strategies();
  }

  Planner planner() {
    return config.planner();
  }

  Clock clock() {
    return config.clock();
  }

  String workerId() {
    return config.workerId();
  }

  Duration lease() {
    return config.lease();
  }

  /** A rate limiter for one run with these options, behind this engine's cap. */
  RateLimiter rate(SyncOptions options) {
    return new RateLimiter(options.bandwidth(), config.clock(), config.cap());
  }

  RunSetup setup(TaskSpec spec) {
    return config.setups().apply(spec);
  }

  Structure structure(String endpointId) {
    return config.structures().apply(endpointId);
  }

  Connections connections(String endpointId) {
    return config.connections().apply(endpointId);
  }

  Endpoint endpoint(String endpointId) {
    return config.endpoints().apply(endpointId);
  }

  /**
   * Starts a run of the task in this process and answers at once. Cancelled items (and failed ones when
   * {@code retryFailed}) are set back to pending first, so a cancelled task resumes where it stopped.
   */
  public synchronized TaskHandle execute(String taskId, boolean retryFailed) {
    RunHandle running = handles.get(taskId);
    if (running != null) {
      return running;
    }
    TaskRun worker = runs.get(taskId);
    if (worker != null) {
      // this engine's worker loop runs the task already: a handle that ends with that run, no second run
      RunHandle follow = new RunHandle(taskId, new CompletableFuture<>(), this);
      handles.put(taskId, follow);
      drivers.execute(() -> {
        while (runs.get(taskId) == worker && !closed) {
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        handles.remove(taskId, follow);
        Task now = store().task(taskId).orElse(null);
        if (now == null) {
          follow.future.completeExceptionally(new NotFoundException("task " + taskId + " was deleted"));
        } else {
          follow.future.complete(now);
        }
      });
      return follow;
    }
    Task task = store().task(taskId).orElseThrow(() -> new NotFoundException("no task " + taskId));
    strategies().version(task.spec().versionStrategy());
    strategies().conflict(task.spec().conflictStrategy());
    List<TaskItem> reset = new ArrayList<>();
    for (TaskItem i : store().items(taskId)) {
      if (i.status() == ItemStatus.CANCELLED || (retryFailed && i.status() == ItemStatus.FAILED)) {
        reset.add(i.withStatus(ItemStatus.PENDING, null));
      } else if (i.bytesReceived() != 0) {
        // an item this run leaves as it is received nothing in it
        reset.add(i.withProgress(i.transferredBytes(), 0, i.stats()));
      }
    }
    if (!reset.isEmpty()) {
      store().updateItems(reset);
    }
    if (task.status().isFinal()) {
      task = task.withStatus(TaskStatus.PENDING, null);
      store().updateTask(task);
    }
    if (task.autoRetriesUsed() > 0) {
      // started by hand: its automatic retries start afresh
      store().updateTask(task.withAutoRetriesUsed(0));
    }
    TaskRun run = new TaskRun(this, taskId, true);
    RunHandle handle = new RunHandle(taskId, new CompletableFuture<>(), this);
    runs.put(taskId, run);
    handles.put(taskId, handle);
    drivers.execute(() -> {
      Task result = null;
      Throwable failure = null;
      try {
        result = drive(taskId, run);
      } catch (Throwable e) {
        LOG.error("task {} run failed", taskId, e);
        failure = e;
      } finally {
        // forgotten before the handle completes: an execute or retry right after await() starts a new run
        // instead of answering this finished one
        handles.remove(taskId, handle);
      }
      if (failure != null) {
        handle.future.completeExceptionally(failure);
      } else {
        handle.future.complete(result);
      }
    });
    return handle;
  }

  /**
   * Runs the task and, while a run ends by queueing an automatic retry, waits for the retry's time on the clock
   * and runs it here too (unless another worker of this engine took it): the handle ends with a final status.
   * A cancel, a delete or {@link #close()} ends the wait; the handle then answers the task as it stands.
   */
  private Task drive(String taskId, TaskRun first) {
    TaskRun run = first;
    while (true) {
      Task t;
      try {
        t = run.run();
      } finally {
        runs.remove(taskId, run);
      }
      if (t.status() != TaskStatus.QUEUED) {
        return t;
      }
      run = null;
      while (run == null) {
        if (closed) {
          return t;
        }
        Task now = store().task(taskId).orElse(null);
        if (now == null || now.status().isFinal()) {
          return now == null ? t : now;
        }
        t = now;
        if (now.status() == TaskStatus.QUEUED && due(now, clock().instant())) {
          TaskRun next = new TaskRun(this, taskId, true);
          if (runs.putIfAbsent(taskId, next) == null) {
            run = next;
            continue;
          }
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return t;
        }
      }
    }
  }

  /** True when the task's not-before time (if any) has come. */
  static boolean due(Task t, Instant now) {
    return t.spec().notBefore() == null || !now.isBefore(t.spec().notBefore());
  }

  /**
   * Works as one worker among several sharing the store: claims items of queued or running tasks (whose not-before
   * time has come) until nothing was claimable for {@code idle}; answers how many items it processed.
   */
  public int runQueued(Duration idle) {
    int total = 0;
    long lastWork = System.nanoTime();
    while (!Thread.currentThread().isInterrupted() && !closed) {
      Instant now = clock().instant();
      List<Task> tasks = new ArrayList<>(store().tasks(TaskQuery.withStatus(TaskStatus.QUEUED, TaskStatus.RUNNING)));
      tasks.sort(Comparator.comparing(Task::createdAt));
      boolean worked = false;
      for (Task t : tasks) {
        if (!due(t, now) || closed) {
          continue;
        }
        TaskRun run = new TaskRun(this, t.id(), false);
        if (runs.putIfAbsent(t.id(), run) != null) {
          continue;
        }
        try {
          run.run();
        } catch (ShotSyncException e) {
          LOG.warn("worker {} could not run task {}: {}", workerId(), t.id(), e.getMessage());
        } finally {
          runs.remove(t.id(), run);
        }
        if (run.processed() > 0) {
          worked = true;
          total += run.processed();
        }
      }
      if (worked) {
        lastWork = System.nanoTime();
        continue;
      }
      long idleNanos = System.nanoTime() - lastWork;
      if (idleNanos >= idle.toNanos()) {
        break;
      }
      try {
        Thread.sleep(Math.min(250, Math.max(1, (idle.toNanos() - idleNanos) / 1_000_000L)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return total;
  }

  /** Cancels a task: a run in this process stops within about two seconds; otherwise the store is marked. */
  public boolean cancel(String taskId) {
    TaskRun run = runs.get(taskId);
    if (run != null) {
      run.cancel();
      return true;
    }
    Task t = store().task(taskId).orElse(null);
    if (t == null || t.status().isFinal()) {
      return false;
    }
    takeOverDeadWorkers(taskId);
    // a RUNNING task that no live worker holds any more (its worker was killed): its items end here, partial files
    // kept for a retry; one still held is stopped by its worker, which sees the status within a second
    boolean orphaned = t.status() == TaskStatus.RUNNING && !store().hasLiveClaims(taskId);
    List<TaskItem> changed = new ArrayList<>();
    for (TaskItem i : store().items(taskId)) {
      if (!i.status().isFinal() && (t.status() != TaskStatus.RUNNING || orphaned)) {
        changed.add(i.withStatus(ItemStatus.CANCELLED, orphaned && i.status() == ItemStatus.RUNNING
            ? "cancelled; its worker is gone" : "cancelled before it started"));
      }
    }
    store().updateItems(changed);
    // a worker in another process sees the status at its next lease renewal and stops
    store().updateTask(t.finished(TaskStatus.CANCELLED, clock().instant(), "cancelled"));
    return true;
  }

  /**
   * Releases the claims on the task's items held by workers of this host whose process is gone (see
   * {@link WorkerIds}), so they are taken over now instead of when their lease runs out; answers those workers.
   */
  public List<String> takeOverDeadWorkers(String taskId) {
    List<String> dead = new ArrayList<>();
    try {
      for (String w : store().claimHolders(taskId)) {
        if (!w.equals(workerId()) && WorkerIds.deadOnThisHost(w)) {
          int n = store().releaseWorker(w);
          LOG.info("took over {} item(s) of worker {}: its process on this host is gone", n, w);
          dead.add(w);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("could not check the workers holding task {}: {}", taskId, e.toString());
    }
    return dead;
  }

  /**
   * Cancels the task's run in this process, if there is one, and waits up to {@code timeout} for it to end; never
   * starts a run. Answers false when a run was still active after the timeout.
   */
  public boolean stop(String taskId, Duration timeout) {
    TaskRun run = runs.get(taskId);
    if (run == null) {
      return true;
    }
    run.cancel();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (runs.get(taskId) == run) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** True while a run of the task is active in this process. */
  public boolean isRunning(String taskId) {
    return runs.containsKey(taskId);
  }

  private void tick() {
    if (runs.isEmpty()) {
      return;
    }
    try {
      store().renewLeases(workerId(), lease());
    } catch (RuntimeException e) {
      LOG.warn("lease renewal failed: {}", e.toString());
    }
  }

  private void checkCancels() {
    if (runs.isEmpty()) {
      return;
    }
    try {
      for (TaskRun run : runs.values()) {
        Task t = store().task(run.taskId()).orElse(null);
        if (t == null || (run.started() && t.status() == TaskStatus.CANCELLED)) {
          run.cancel();
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("reading task status for cancels failed: {}", e.toString());
    }
  }

  /** The ids of the tasks with a run active in this process. */
  public List<String> runningTaskIds() {
    return List.copyOf(runs.keySet());
  }

  /** Cancels every run, waits up to five seconds for them, and stops the engine's threads. */
  @Override
  public void close() {
    close(false);
  }

  /**
   * Stops every run (within about two seconds), waits up to five seconds for them, and stops the engine's threads.
   * With {@code requeue}, the stopped tasks go back to QUEUED with their unfinished items PENDING (partial files
   * kept), for the next worker to resume; without, they end CANCELLED.
   */
  public void close(boolean requeue) {
    closed = true;
    runs.values().forEach(r -> r.stop(requeue));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (RunHandle h : List.copyOf(handles.values())) {
      try {
        h.future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.debug("task {} did not end cleanly on close: {}", h.taskId, e.toString());
      }
    }
    // runs of runQueued belong to the caller's thread: wait for them too
    while (!runs.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ticker.shutdownNow();
    drivers.shutdown();
  }

  static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The handle of an in-process run. */
  static final class RunHandle implements TaskHandle {
    private final String taskId;
    final CompletableFuture<Task> future;
    private final TransferEngine engine;

    RunHandle(String taskId, CompletableFuture<Task> future, TransferEngine engine) {
      this.taskId = taskId;
      this.future = future;
      this.engine = engine;
    }

    @Override
    public String taskId() {
      return taskId;
    }

    @Override
    public CompletableFuture<Task> future() {
      return future;
    }

    @Override
    public Task await() {
      try {
        return future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ShotSyncException("interrupted while waiting for task " + taskId, e);
      } catch (ExecutionException e) {
        throw unwrap(e);
      }
    }

    @Override
    public Task await(Duration timeout) {
      try {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ShotSyncException("interrupted while waiting for task " + taskId, e);
      } catch (ExecutionException e) {
        throw unwrap(e);
      } catch (TimeoutException e) {
        throw new ShotSyncException("task " + taskId + " still running after " + timeout, e);
      }
    }

    private ShotSyncException unwrap(ExecutionException e) {
      Throwable c = e.getCause();
      return c instanceof ShotSyncException s ? s : new ShotSyncException("task " + taskId + " failed: " + c, c);
    }

    @Override
    public void cancel() {
      engine.cancel(taskId);
    }

    @Override
    public boolean isDone() {
      return future.isDone();
    }
  }
}
