package io.shotsync.core.internal.transfer;

import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.core.TaskHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The handle of an in-process run. */
final class RunHandle implements TaskHandle {
  private final String taskId;
  final CompletableFuture<Task> future = new CompletableFuture<>();
  private final TransferEngine engine;

  RunHandle(String taskId, TransferEngine engine) {
    this.taskId = taskId;
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
