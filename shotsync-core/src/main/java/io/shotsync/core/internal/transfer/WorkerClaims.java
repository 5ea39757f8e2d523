package io.shotsync.core.internal.transfer;

import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.spi.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's claims on items in the store: claiming under its id and lease, renewing, taking over the items of
 * dead workers of this host, and cancelling a task that no run of this process holds.
 */
public final class WorkerClaims {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerClaims.class);

  private final TaskStore store;
  private final String workerId;
  private final Duration lease;

  /** Claims in this store under this worker id, each lasting {@code lease} without renewal. */
  public WorkerClaims(TaskStore store, String workerId, Duration lease) {
    this.store = store;
    this.workerId = workerId;
    this.lease = lease;
  }

  /** The id this worker claims items under. */
  public String workerId() {
    return workerId;
  }

  /** Claims up to {@code n} items of the task (those this worker holds already among them). */
  List<TaskItem> claim(String taskId, int n) {
    return store.claimItems(taskId, workerId, lease, n);
  }

  /** Releases this worker's claims on these items. */
  void release(List<Long> itemIds) {
    store.releaseItems(workerId, itemIds);
  }

  /** How long a claim lasts without renewal. */
  Duration lease() {
    return lease;
  }

  /** Renews every claim this worker holds. */
  void renew() {
    store.renewLeases(workerId, lease);
  }

  /**
   * Releases the claims on the task's items held by workers of this host whose process is gone (see
   * {@link WorkerIds}), so they are taken over now instead of when their lease runs out; answers those workers.
   */
  public List<String> takeOverDeadWorkers(String taskId) {
    List<String> dead = new ArrayList<>();
    try {
      for (String w : store.claimHolders(taskId)) {
        if (!w.equals(workerId) && WorkerIds.deadOnThisHost(w)) {
          int n = store.releaseWorker(w);
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
   * Cancels a task no run of this process holds, through the store: answers false when it does not exist or is
   * final already.
   */
  boolean cancelInStore(String taskId, Clock clock) {
    Task t = store.task(taskId).orElse(null);
    if (t == null || t.status().isFinal()) {
      return false;
    }
    takeOverDeadWorkers(taskId);
    // a RUNNING task that no live worker holds any more (its worker was killed): its items end here, partial files
    // kept for a retry; one still held is stopped by its worker, which sees the status within a second
    boolean orphaned = t.status() == TaskStatus.RUNNING && !store.hasLiveClaims(taskId);
    List<TaskItem> changed = new ArrayList<>();
    for (TaskItem i : store.items(taskId)) {
      if (!i.status().isFinal() && (t.status() != TaskStatus.RUNNING || orphaned)) {
        changed.add(i.withStatus(ItemStatus.CANCELLED, orphaned && i.status() == ItemStatus.RUNNING
            ? "cancelled; its worker is gone" : "cancelled before it started"));
      }
    }
    store.updateItems(changed);
    // a worker in another process sees the status at its next lease renewal and stops
    store.updateTask(t.finished(TaskStatus.CANCELLED, clock.instant(), "cancelled"));
    return true;
  }
}
