package io.shotsync.core.internal.transfer;

import io.shotsync.api.ItemKey;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.core.Structure;
import io.shotsync.core.TaskHandle;
import io.shotsync.core.internal.plan.Destination;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the facade asks of tasks beyond one call to the store or the engine: creating one from a spec, deleting,
 * retrying and cancelling several, and telling whether another process runs one.
 */
public final class TaskCommands {
  private static final Logger LOG = LoggerFactory.getLogger(TaskCommands.class);

  private final EngineContext engine;
  private final TransferEngine runs;

  /** Commands over the engine's collaborators and its runs. */
  public TaskCommands(EngineContext engine, TransferEngine runs) {
    this.engine = engine;
    this.runs = runs;
  }

  /**
   * Creates a task from a spec (already validated and resolved), its items from the structure (scanning if none is
   * cached), in PENDING or QUEUED.
   */
  public Task create(TaskSpec spec, TaskStatus status) {
    Destination dest = engine.destinations().destination(spec);
    Structure s = engine.structures().structureOrScan(spec.endpointId());
    List<ItemKey> keys = engine.planner().keys(spec, s);
    String id = UUID.randomUUID().toString();
    long first = engine.store().nextItemIds(Math.max(1, keys.size()));
    List<TaskItem> items = engine.planner().createItems(id, first, keys, spec, s, dest);
    long bytes = items.stream().mapToLong(TaskItem::totalBytes).sum();
    Task task = Task.create(id, spec, engine.clock().instant()).withBytes(bytes, 0);
    if (status != TaskStatus.PENDING) {
      task = task.withStatus(status, null);
    }
    engine.store().createTask(task, items);
    LOG.debug("created task {} with {} items", id, items.size());
    return task;
  }

  /**
   * True when another process runs the task now: another worker holds live claims on its items and this process
   * holds none (claims of dead processes of this host are released first). A run of this process that joined the
   * task and found every item claimed elsewhere does not make it "here"; with a store that cannot name the claim
   * holders, any run in this process does.
   */
  public boolean isRunningElsewhere(String taskId) {
    engine.claims().takeOverDeadWorkers(taskId);
    if (!engine.store().hasLiveClaims(taskId)) {
      return false;
    }
    java.util.Set<String> holders = engine.store().claimHolders(taskId);
    return holders.isEmpty() ? !runs.isRunning(taskId) : !holders.contains(engine.claims().workerId());
  }

  /** Deletes tasks, stopping the runs here first (their handles are looked up, never started); answers how many. */
  public int delete(Collection<String> taskIds) {
    for (String id : taskIds) {
      if (!runs.stop(id, Duration.ofSeconds(10))) {
        LOG.debug("task {} did not stop within 10 s before its delete", id);
      }
    }
    engine.writer().flush();
    return engine.store().deleteTasks(taskIds);
  }

  /** Deletes every task the query matches; answers how many. */
  public int delete(TaskQuery query) {
    List<String> ids = engine.store().tasks(query).stream().map(Task::id).toList();
    return ids.isEmpty() ? 0 : delete(ids);
  }

  /**
   * Runs the FAILED and CANCELLED items of several tasks again, after checking every one exists.
   *
   * @throws NotFoundException when a task does not exist (no task is started then)
   */
  public List<TaskHandle> retryFailed(Collection<String> taskIds) {
    for (String id : taskIds) {
      engine.store().task(id).orElseThrow(() -> new NotFoundException("no task " + id));
    }
    List<TaskHandle> handles = new ArrayList<>();
    for (String id : taskIds) {
      handles.add(runs.execute(id, true));
    }
    return handles;
  }

  /** Cancels every task running here or running or queued in the store; answers the ids it cancelled. */
  public List<String> cancelAll() {
    Set<String> ids = new LinkedHashSet<>(runs.runningTaskIds());
    for (Task t : engine.store().tasks(TaskQuery.withStatus(TaskStatus.RUNNING, TaskStatus.QUEUED))) {
      ids.add(t.id());
    }
    List<String> cancelled = new ArrayList<>();
    for (String id : ids) {
      if (runs.cancel(id)) {
        cancelled.add(id);
      }
    }
    return cancelled;
  }
}
