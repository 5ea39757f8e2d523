package io.shotsync.core;

import io.shotsync.api.Task;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A running task: wait for it, or cancel it. */
public interface TaskHandle {

  /** The task's id. */
  String taskId();

  /** Completes with the task's final snapshot (COMPLETED, PARTIAL, FAILED or CANCELLED). */
  CompletableFuture<Task> future();

  /** Waits for the end and answers the final snapshot. */
  Task await();

  /**
   * Waits at most {@code timeout}.
   *
   * @throws io.shotsync.api.ShotSyncException when the task is still running after the timeout
   */
  Task await(Duration timeout);

  /**
   * Asks the task to stop: a transfer in flight stops at the next bytes it receives, before its file completes (a
   * plain-FTP transfer of 1 MiB or more also while it waits for them), keeping its temporary file for resume; the
   * task ends CANCELLED.
   */
  void cancel();

  /** True once the task has ended. */
  boolean isDone();
}
