package io.shotsync.api.spi;

import io.shotsync.api.TaskStatus;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which tasks to list.
 *
 * @param statuses only these statuses; empty for all
 * @param createdBefore only tasks created before this time, or null
 * @param limit at most this many
 */
public record TaskQuery(Set<TaskStatus> statuses, @Nullable Instant createdBefore, int limit) {

  /** Copies the set. */
  public TaskQuery {
    statuses = Set.copyOf(statuses);
  }

  /** Every task, up to 10,000. */
  public static TaskQuery all() {
    return new TaskQuery(Set.of(), null, 10_000);
  }

  /** The tasks in these statuses, up to 10,000. */
  public static TaskQuery withStatus(TaskStatus... statuses) {
    return new TaskQuery(Set.of(statuses), null, 10_000);
  }

  /** True when a task passes the status and time filters (not the limit). */
  public boolean matches(io.shotsync.api.Task task) {
    return (statuses.isEmpty() || statuses.contains(task.status()))
        && (createdBefore == null || task.createdAt().isBefore(createdBefore));
  }
}
