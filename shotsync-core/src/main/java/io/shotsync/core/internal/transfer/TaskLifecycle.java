package io.shotsync.core.internal.transfer;

import io.shotsync.api.ItemStatus;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.core.internal.event.TaskLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The task's status as one run writes it: started, failed before any transfer, final when every item is, or queued
 * again (for an automatic retry, or after a stop for shutdown); with the task's log line and event for each.
 */
final class TaskLifecycle {
  private final EngineContext engine;
  private final String taskId;
  private final TaskLog log;

  TaskLifecycle(EngineContext engine, String taskId, TaskLog log) {
    this.engine = engine;
    this.taskId = taskId;
    this.log = log;
  }

  private Task task() {
    return engine.store().task(taskId).orElseThrow(() -> new NotFoundException("no task " + taskId));
  }

  /** Sets the task RUNNING (unless it is), tells the listeners and logs who runs it how. */
  void started() {
    Task t = task();
    if (t.status() != TaskStatus.RUNNING) {
      t = t.started(engine.clock().instant());
      engine.store().updateTask(t);
    }
    engine.listener().taskStarted(t);
    log.info("task " + (t.name().isEmpty() ? taskId : "'" + t.name() + "'") + " started by worker "
        + engine.claims().workerId() + " (attempt " + t.attempts() + "): version strategy "
        + t.spec().versionStrategy() + (t.spec().specificVersion() == null ? "" : " " + t.spec().specificVersion())
        + ", conflict strategy " + t.spec().conflictStrategy());
  }

  /** Fails the task before any transfer (the run was started first). */
  Task failedEarly(ShotSyncException e) {
    log.error("task cannot run: " + e.getMessage());
    engine.writer().flush();
    Task t = task().finished(TaskStatus.FAILED, engine.clock().instant(), e.getMessage());
    engine.store().updateTask(t);
    engine.listener().taskFinished(t);
    return t;
  }

  /**
   * Sets the final status when every item is final (whoever finishes the last item does); after a stop for
   * shutdown ({@code requeue}) queues the task again instead.
   */
  Task finish(boolean started, boolean eager, AtomicBoolean cancelled, boolean requeue) {
    engine.writer().flush();
    List<TaskItem> items = engine.store().items(taskId);
    if (requeue) {
      return requeue(items, started);
    }
    if (cancelled.get()) {
      items = cancelUnstarted(items);
    }
    Task t = task();
    boolean allFinal = items.stream().allMatch(i -> i.status().isFinal());
    if (!allFinal || (!started && t.status().isFinal())) {
      // another worker still holds items: it sets the final status and sends taskFinished to its listeners;
      // this worker's listeners saw taskStarted and the events of the items it ran, never a RUNNING "finish"
      return t;
    }
    Tally n = Tally.of(items);
    TaskStatus status;
    String message = null;
    if (cancelled.get() || n.cancelled > 0) {
      status = TaskStatus.CANCELLED;
      message = "cancelled; " + n.cancelled + " of " + items.size() + " items unfinished";
    } else if (n.firstFailed == null) { // no item failed
      status = TaskStatus.COMPLETED;
    } else {
      TaskItem first = n.firstFailed;
      status = n.completed > 0 ? TaskStatus.PARTIAL : TaskStatus.FAILED;
      message = n.failed + " of " + items.size() + " items failed; first: " + first.key() + ": " + first.message();
    }
    long total = items.stream().mapToLong(TaskItem::totalBytes).sum();
    long transferred = items.stream().mapToLong(TaskItem::transferredBytes).sum();
    // items this run did not run were set to 0 when it started: the sum is what this run received
    long received = items.stream().mapToLong(TaskItem::bytesReceived).sum();
    t = t.withBytes(total, transferred, received).finished(status, engine.clock().instant(), message);
    if ((status == TaskStatus.PARTIAL || status == TaskStatus.FAILED)
        && t.autoRetriesUsed() < t.spec().autoRetries()) {
      t = queueRetry(t, items, message);
    }
    engine.store().updateTask(t);
    if (started || eager) {
      log.log(status == TaskStatus.COMPLETED ? LogLevel.INFO : status == TaskStatus.CANCELLED ? LogLevel.WARN
          : LogLevel.ERROR, null, null, "task " + t.status().name().toLowerCase(Locale.ROOT) + ": "
          + n.completed + " items completed, " + n.skipped + " skipped, " + n.failed + " failed, " + n.cancelled
          + " cancelled" + (message == null ? "" : " (" + message + ")"));
    }
    engine.writer().flush();
    if (started) {
      engine.listener().taskFinished(t);
    }
    return t;
  }

  /** After a cancel: the items not final end CANCELLED and are released; answers the items as they are now. */
  private List<TaskItem> cancelUnstarted(List<TaskItem> items) {
    List<TaskItem> changed = new ArrayList<>();
    for (TaskItem i : items) {
      if (!i.status().isFinal()) {
        changed.add(i.withStatus(ItemStatus.CANCELLED, "cancelled before it started"));
      }
    }
    if (changed.isEmpty()) {
      return items;
    }
    engine.store().updateItems(changed);
    engine.claims().release(changed.stream().map(TaskItem::id).toList());
    return engine.store().items(taskId);
  }

  /** The task queued for its next automatic retry, its failed items pending again. */
  private Task queueRetry(Task t, List<TaskItem> items, @Nullable String message) {
    // the budget counts automatic retries only: a run started by hand (execute, retry) set it back to 0
    TaskSpec again = t.spec().toBuilder().notBefore(engine.clock().instant().plus(t.spec().retryDelay())).build();
    List<TaskItem> reset = items.stream().filter(i -> i.status() == ItemStatus.FAILED)
        .map(i -> i.withStatus(ItemStatus.PENDING, null)).toList();
    List<TaskItem> kept = items.stream().filter(i -> i.status() != ItemStatus.FAILED && i.bytesReceived() != 0)
        .map(i -> i.withProgress(i.transferredBytes(), 0, i.stats())).toList();
    engine.store().updateItems(Stream.concat(reset.stream(), kept.stream()).toList());
    int next = t.autoRetriesUsed() + 1;
    return t.withSpec(again).withAutoRetriesUsed(next).withStatus(TaskStatus.QUEUED, message + "; retry " + next
        + " of " + t.spec().autoRetries() + " queued for " + again.notBefore());
  }

  /** After a stop for shutdown: the unfinished items go back to PENDING and the task to QUEUED (not due-delayed). */
  private Task requeue(List<TaskItem> items, boolean started) {
    List<TaskItem> back = items.stream().filter(i -> !i.status().isFinal() || i.status() == ItemStatus.CANCELLED)
        .map(i -> i.withStatus(ItemStatus.PENDING, null)).toList();
    engine.store().updateItems(back);
    engine.claims().release(back.stream().map(TaskItem::id).toList());
    Task t = task();
    if (t.status().isFinal()) {
      return t;   // cancelled or deleted meanwhile
    }
    String message = "stopped by the shutdown of worker " + engine.claims().workerId() + "; queued to resume ("
        + back.size() + " of " + items.size() + " items unfinished, partial files kept)";
    t = t.withStatus(TaskStatus.QUEUED, message);
    engine.store().updateTask(t);
    log.warn(message);
    engine.writer().flush();
    if (started) {
      engine.listener().taskFinished(t);
    }
    return t;
  }

  /** The items counted by status, with the first failed one. */
  private static final class Tally {
    int completed;
    int skipped;
    int failed;
    int cancelled;
    @Nullable TaskItem firstFailed;

    static Tally of(List<TaskItem> items) {
      Tally n = new Tally();
      for (TaskItem i : items) {
        switch (i.status()) {
          case COMPLETED -> n.completed++;
          case SKIPPED -> n.skipped++;
          case FAILED -> {
            n.failed++;
            if (n.firstFailed == null) {
              n.firstFailed = i;
            }
          }
          case CANCELLED -> n.cancelled++;
          default -> { }
        }
      }
      return n;
    }
  }
}
