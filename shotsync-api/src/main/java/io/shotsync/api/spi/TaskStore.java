package io.shotsync.api.spi;

import io.shotsync.api.Endpoint;
import io.shotsync.api.FileRecord;
import io.shotsync.api.ShotKey;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSummary;
import io.shotsync.api.event.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Keeps endpoints (without passwords), structure snapshots, tasks, items, per-file state and task logs.
 *
 * <p>Implementations must be thread-safe. Several processes may share one store (a database): item
 * claiming with leases lets each item be worked on by one worker at a time, and lets another worker take
 * over the items of a worker whose lease ran out.
 */
public interface TaskStore extends AutoCloseable {

  // ---- endpoints and structure snapshots

  /** Saves or replaces an endpoint. Its password is never stored. */
  void saveEndpoint(Endpoint endpoint);

  /** The endpoint with this id (its password null), if any. */
  Optional<Endpoint> endpoint(String id);

  /** Every endpoint, by id. */
  List<Endpoint> endpoints();

  /** Saves the structure snapshot (JSON) of an endpoint with its scan time, replacing the previous one. */
  void saveStructure(String endpointId, String json, Instant scannedAt);

  /** The cached structure snapshot of an endpoint, if any. */
  Optional<StoredStructure> structure(String endpointId);

  /**
   * When the cached structure snapshot of an endpoint was taken, if there is one: what a process that holds that
   * snapshot already asks before reading it again. Stores override it to leave the snapshot's text unread.
   */
  default Optional<Instant> structureScannedAt(String endpointId) {
    return structure(endpointId).map(StoredStructure::scannedAt);
  }

  // ---- tasks and items

  /** Stores a new task with its items; the items' ids must be unique within the store (see {@link #nextItemIds}). */
  void createTask(Task task, List<TaskItem> items);

  /** Reserves {@code count} consecutive item ids and answers the first. */
  long nextItemIds(int count);

  /** Replaces a task's fields. */
  void updateTask(Task task);

  /** Replaces items' fields. */
  void updateItems(Collection<TaskItem> items);

  /** The task with this id, if any. */
  Optional<Task> task(String id);

  /** Tasks matching the query, newest first. */
  List<Task> tasks(TaskQuery query);

  /** The items of a task, by id. */
  List<TaskItem> items(String taskId);

  /**
   * The tasks {@link #tasks} answers for the query, each with its items' counts by status and file statistics
   * summed: what a task list shows, without reading every item. The default reads each task's items; a database
   * store answers it with an aggregate query.
   */
  default List<TaskSummary> taskSummaries(TaskQuery query) {
    List<Task> found = tasks(query);
    List<TaskSummary> out = new ArrayList<>(found.size());
    for (Task t : found) {
      out.add(TaskSummary.of(t, items(t.id())));
    }
    return out;
  }

  /** Deletes tasks with their items, files and logs; answers how many existed. */
  int deleteTasks(Collection<String> ids);

  // ---- claiming items (one worker at a time per item)

  /**
   * Claims up to {@code max} items of the task that are not final and not held under a live lease by another
   * worker, for {@code worker} until now + {@code lease}. Answers the claimed items.
   */
  List<TaskItem> claimItems(String taskId, String worker, Duration lease, int max);

  /** Extends the leases {@code worker} holds; answers how many it still held. */
  int renewLeases(String worker, Duration lease);

  /** Gives up the worker's claim on these items (after they reached a final status, or on cancel). */
  void releaseItems(String worker, Collection<Long> itemIds);

  /**
   * True when an item of the task is claimed by some worker under a lease that has not run out: a process is
   * running it now. A store that cannot tell answers false (the default), so a caller may start a second run whose
   * claims then find nothing to take.
   */
  default boolean hasLiveClaims(String taskId) {
    return false;
  }

  /**
   * The workers holding live claims on items of the task, so a worker can tell a dead one on its own host and take
   * its items over at once. A store that cannot tell answers none (the default): claims then run out with their lease.
   */
  default java.util.Set<String> claimHolders(String taskId) {
    return java.util.Set.of();
  }

  /**
   * Gives up every claim a worker holds (one known to be dead); the items keep their status and are claimable again.
   * Answers how many items it held; the default releases nothing.
   */
  default int releaseWorker(String worker) {
    return 0;
  }

  // ---- files

  /** Saves or replaces per-file state, keyed by task and path. */
  void saveFiles(Collection<FileRecord> files);

  /** The per-file state of a task: the files its runs changed or tried to (a file left unchanged has no record). */
  List<FileRecord> files(String taskId);

  /** Every finished file record of one shot across tasks, newest first: the download history. */
  List<FileRecord> history(ShotKey shot);

  // ---- logs

  /** Appends log records; the store assigns each its sequence number, increasing in append order. */
  void appendLogs(Collection<LogRecord> records);

  /**
   * Log records of a task at or above a level, oldest first, at most a limit: the first ones after
   * {@link LogQuery#afterSequence}, or, when {@link LogQuery#beforeSequence} is set, the last ones before it.
   */
  List<LogRecord> logs(LogQuery query);

  /** Releases connections; the default does nothing. */
  @Override
  default void close() {}

  /** A structure snapshot and when it was taken. */
  record StoredStructure(String endpointId, String json, Instant scannedAt) {}
}
