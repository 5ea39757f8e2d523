package io.shotsync.core.internal.transfer;

import io.shotsync.api.ItemStatus;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.core.TaskHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks: in-process ({@link #execute}) and as a worker sharing a store with others ({@link #runQueued}); both
 * go through the store's item claims. Keeps leases alive and notices a cancel made in the store by another process.
 */
public final class TransferEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TransferEngine.class);

  private final EngineContext ctx;
  private final Map<String, TaskRun> runs = new ConcurrentHashMap<>();
  private final Map<String, RunHandle> handles = new ConcurrentHashMap<>();
  private final ExecutorService drivers = Executors.newCachedThreadPool(DaemonThreads.named("shotsync-task"));
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("shotsync-lease"));
  private volatile boolean closed;

  /** An engine over these collaborators. */
  public TransferEngine(EngineContext ctx) {
    this.ctx = ctx;
    long period = Math.max(200, ctx.claims().lease().toMillis() / 3);
    ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    // a cancel or delete made through the store by another process reaches this one's runs within a second
    ticker.scheduleWithFixedDelay(this::checkCancels, 1000, 1000, TimeUnit.MILLISECONDS);
  }

  /**
   * The handle of the task's run in this process (started by {@link #execute} or picked by {@link #runQueued}), if
   * one is active; never starts a run.
   */
  public synchronized Optional<TaskHandle> handle(String taskId) {
    RunHandle running = handles.get(taskId);
    if (running != null) {
      return Optional.of(running);
    }
    TaskRun worker = runs.get(taskId);
    if (worker == null) {
      return Optional.empty();
    }
    // this engine's worker loop runs the task already: a handle that ends with that run, no second run
    RunHandle follow = new RunHandle(taskId, this);
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
      Task now = ctx.store().task(taskId).orElse(null);
      if (now == null) {
        follow.future.completeExceptionally(new NotFoundException("task " + taskId + " was deleted"));
      } else {
        follow.future.complete(now);
      }
    });
    return Optional.of(follow);
  }

  /**
   * Starts a run of the task in this process and answers at once; a task running here already answers the handle
   * of that run. Cancelled items (and failed ones when {@code retryFailed}) are set back to pending first, so a
   * cancelled task resumes where it stopped.
   */
  public synchronized TaskHandle execute(String taskId, boolean retryFailed) {
    Optional<TaskHandle> running = handle(taskId);
    if (running.isPresent()) {
      return running.get();
    }
    prepare(taskId, retryFailed);
    TaskRun run = new TaskRun(ctx, taskId, true);
    RunHandle handle = new RunHandle(taskId, this);
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

  /** Checks the task's strategies and sets its items and status back for a run started by hand. */
  private void prepare(String taskId, boolean retryFailed) {
    Task task = ctx.store().task(taskId).orElseThrow(() -> new NotFoundException("no task " + taskId));
    ctx.strategies().version(task.spec().versionStrategy());
    ctx.strategies().conflict(task.spec().conflictStrategy());
    List<TaskItem> reset = new ArrayList<>();
    for (TaskItem i : ctx.store().items(taskId)) {
      if (i.status() == ItemStatus.CANCELLED || (retryFailed && i.status() == ItemStatus.FAILED)) {
        reset.add(i.withStatus(ItemStatus.PENDING, null));
      } else if (i.bytesReceived() != 0) {
        // an item this run leaves as it is received nothing in it
        reset.add(i.withProgress(i.transferredBytes(), 0, i.stats()));
      }
    }
    if (!reset.isEmpty()) {
      ctx.store().updateItems(reset);
    }
    if (task.status().isFinal()) {
      task = task.withStatus(TaskStatus.PENDING, null);
      ctx.store().updateTask(task);
    }
    if (task.autoRetriesUsed() > 0) {
      // started by hand: its automatic retries start afresh
      ctx.store().updateTask(task.withAutoRetriesUsed(0));
    }
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
        Task now = ctx.store().task(taskId).orElse(null);
        if (now == null || now.status().isFinal()) {
          return now == null ? t : now;
        }
        t = now;
        if (now.status() == TaskStatus.QUEUED && due(now, ctx.clock().instant())) {
          TaskRun next = new TaskRun(ctx, taskId, true);
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
      int worked = runDueTasks();
      if (worked > 0) {
        total += worked;
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

  /** One pass of the worker loop over the queued and running tasks, oldest first; answers the items processed. */
  private int runDueTasks() {
    Instant now = ctx.clock().instant();
    List<Task> tasks = new ArrayList<>(ctx.store().tasks(TaskQuery.withStatus(TaskStatus.QUEUED, TaskStatus.RUNNING)));
    tasks.sort(Comparator.comparing(Task::createdAt));
    int processed = 0;
    for (Task t : tasks) {
      if (!due(t, now) || closed) {
        continue;
      }
      TaskRun run = new TaskRun(ctx, t.id(), false);
      if (runs.putIfAbsent(t.id(), run) != null) {
        continue;
      }
      try {
        run.run();
      } catch (ShotSyncException e) {
        LOG.warn("worker {} could not run task {}: {}", ctx.claims().workerId(), t.id(), e.getMessage());
      } finally {
        runs.remove(t.id(), run);
      }
      processed += run.processed();
    }
    return processed;
  }

  /** Cancels a task: a run in this process stops within about two seconds; otherwise the store is marked. */
  public boolean cancel(String taskId) {
    TaskRun run = runs.get(taskId);
    if (run != null) {
      run.cancel();
      return true;
    }
    return ctx.claims().cancelInStore(taskId, ctx.clock());
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
      ctx.claims().renew();
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
        Task t = ctx.store().task(run.taskId()).orElse(null);
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
        LOG.debug("task {} did not end cleanly on close: {}", h.taskId(), e.toString());
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
}
