package io.shotsync.api;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A task with what a task list shows of its items: how many there are in each status and their file statistics
 * summed, without the items themselves.
 *
 * @param task the task
 * @param itemCounts items by status, in {@link ItemStatus} order, every status present (0 where none)
 * @param files the items' file statistics, summed
 */
public record TaskSummary(Task task, Map<ItemStatus, Integer> itemCounts, FileStats files) {

  /** Checks the fields and copies the counts, filling in 0 for the statuses missing. */
  public TaskSummary {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(files, "files");
    Map<ItemStatus, Integer> all = new EnumMap<>(ItemStatus.class);
    for (ItemStatus s : ItemStatus.values()) {
      all.put(s, 0);
    }
    itemCounts.forEach((s, n) -> all.put(Objects.requireNonNull(s, "status"), Objects.requireNonNull(n, "count")));
    itemCounts = Collections.unmodifiableMap(all);
  }

  /** The summary of a task and its items. */
  public static TaskSummary of(Task task, Collection<TaskItem> items) {
    Map<ItemStatus, Integer> counts = new EnumMap<>(ItemStatus.class);
    FileStats sum = FileStats.ZERO;
    for (TaskItem i : items) {
      if (!i.taskId().equals(task.id())) {
        throw new IllegalArgumentException("item " + i.id() + " belongs to task " + i.taskId() + ", not to "
            + task.id());
      }
      counts.merge(i.status(), 1, Integer::sum);
      sum = sum.plus(i.stats());
    }
    return new TaskSummary(task, counts, sum);
  }

  /** How many items the task has. */
  public int itemTotal() {
    int n = 0;
    for (int c : itemCounts.values()) {
      n += c;
    }
    return n;
  }
}
