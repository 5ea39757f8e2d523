package io.shotsync.jdbc.internal;

import io.shotsync.api.FileStats;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.TaskSummary;
import io.shotsync.api.spi.TaskQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Tasks and their items: {@code shotsync_tasks}, {@code shotsync_items} and the item id counter. */
public final class TaskDao {
  private static final String TASK_SELECT = "SELECT " + String.join(", ", TaskRows.COLUMNS)
      + " FROM shotsync_tasks";
  /** Per task and item status: the items' count and their file statistics summed, in {@link FileStats} order. */
  private static final String ITEM_SUMMARY = "SELECT task_id, status, COUNT(*), SUM(files_downloaded),"
      + " SUM(files_skipped), SUM(files_overwritten), SUM(files_kept_both), SUM(files_resumed), SUM(files_failed)"
      + " FROM shotsync_items";

  private final Db db;
  private final TaskRows tasks;
  private final ItemRows items;

  /** The tasks in {@code db}. */
  public TaskDao(Db db) {
    this.db = db;
    this.tasks = new TaskRows(db.sql());
    this.items = new ItemRows(db.sql());
  }

  /** Inserts a task and its items in one transaction. */
  public void create(Task task, List<TaskItem> taskItems) {
    for (TaskItem item : taskItems) {
      if (!item.taskId().equals(task.id())) {
        throw new InvalidInputException("item " + item.id() + " belongs to task " + item.taskId() + ", not to "
            + task.id());
      }
    }
    try {
      db.write("create task " + task.id(), c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shotsync_tasks ("
            + String.join(", ", TaskRows.COLUMNS) + ") VALUES (" + Sql.marks(TaskRows.COLUMNS.size()) + ")")) {
          tasks.bind(ps, task, true);
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shotsync_items (id, task_id, "
            + String.join(", ", ItemRows.FIELDS) + ") VALUES (" + Sql.marks(ItemRows.FIELDS.size() + 2) + ")")) {
          Sql.<TaskItem>batch(ps, taskItems, (p, item) -> {
            p.setLong(1, item.id());
            p.setString(2, item.taskId());
            items.bindFields(p, 3, item);
          });
        }
      });
    } catch (ShotSyncException e) {
      if (e.getCause() instanceof SQLException s && Sql.isDuplicate(s)) {
        throw new ShotSyncException("task " + task.id() + " or one of its item ids already exists", s);
      }
      throw e;
    }
  }

  /** Reserves {@code count} item ids; answers the first. */
  public long nextItemIds(int count) {
    if (count < 0) {
      throw new InvalidInputException("item id count must not be negative: " + count);
    }
    return db.write("reserve item ids", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE shotsync_counters SET next_value = next_value + ? WHERE name = 'item_id'")) {
        ps.setLong(1, count);
        if (ps.executeUpdate() != 1) {
          throw new SQLException("the item id counter row is missing from shotsync_counters");
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT next_value FROM shotsync_counters WHERE name = 'item_id'"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) - count;
      }
    });
  }

  /** Rewrites a task's row. */
  public void update(Task task) {
    int updated = db.write("update task " + task.id(), c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE shotsync_tasks SET "
          + TaskRows.COLUMNS.stream().skip(1).map(col -> col + " = ?").collect(Collectors.joining(", "))
          + " WHERE id = ?")) {
        int i = tasks.bind(ps, task, false);
        ps.setString(i, task.id());
        return ps.executeUpdate();
      }
    });
    if (updated == 0) {
      throw new NotFoundException("no task " + task.id());
    }
  }

  /** Rewrites the rows of items. */
  public void updateItems(Collection<TaskItem> changed) {
    if (changed.isEmpty()) {
      return;
    }
    db.write("update " + changed.size() + " items", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE shotsync_items SET "
          + ItemRows.FIELDS.stream().map(col -> col + " = ?").collect(Collectors.joining(", "))
          + " WHERE id = ? AND task_id = ?")) {
        Sql.<TaskItem>batch(ps, changed, (p, item) -> {
          int i = items.bindFields(p, 1, item);
          p.setLong(i, item.id());
          p.setString(i + 1, item.taskId());
        });
      }
    });
  }

  /** The task with this id. */
  public Optional<Task> task(String id) {
    return db.read("read task " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(TASK_SELECT + " WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(tasks.map(rs)) : Optional.<Task>empty();
        }
      }
    });
  }

  /** The tasks the query selects, newest first. */
  public List<Task> tasks(TaskQuery query) {
    if (query.limit() < 1) {
      return List.of();
    }
    return db.read("list tasks", c -> tasks(c, query));
  }

  /**
   * The tasks the query selects, newest first, each with its items counted by status and their file statistics
   * summed: two statements, the second an aggregate over the items of the tasks listed.
   */
  public List<TaskSummary> summaries(TaskQuery query) {
    if (query.limit() < 1) {
      return List.of();
    }
    return db.read("list task summaries", c -> {
      List<Task> found = tasks(c, query);
      Map<String, Map<ItemStatus, Integer>> counts = new HashMap<>();
      Map<String, FileStats> stats = new HashMap<>();
      for (List<String> chunk : Sql.chunks(found.stream().map(Task::id).toList())) {
        try (PreparedStatement ps = c.prepareStatement(ITEM_SUMMARY + " WHERE task_id IN ("
            + Sql.marks(chunk.size()) + ") GROUP BY task_id, status")) {
          Sql.bindStrings(ps, 1, chunk);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String task = rs.getString(1);
              counts.computeIfAbsent(task, k -> new EnumMap<>(ItemStatus.class))
                  .put(ItemStatus.valueOf(rs.getString(2)), count(rs, 3));
              stats.merge(task, new FileStats(count(rs, 4), count(rs, 5), count(rs, 6), count(rs, 7), count(rs, 8),
                  count(rs, 9)), FileStats::plus);
            }
          }
        }
      }
      List<TaskSummary> out = new ArrayList<>(found.size());
      for (Task t : found) {
        out.add(new TaskSummary(t, counts.getOrDefault(t.id(), Map.of()), stats.getOrDefault(t.id(), FileStats.ZERO)));
      }
      return out;
    });
  }

  private List<Task> tasks(Connection c, TaskQuery query) throws SQLException {
    List<TaskStatus> statuses = List.copyOf(query.statuses());
    StringBuilder q = new StringBuilder(TASK_SELECT + " WHERE 1 = 1");
    if (!statuses.isEmpty()) {
      q.append(" AND status IN (").append(Sql.marks(statuses.size())).append(')');
    }
    if (query.createdBefore() != null) {
      q.append(" AND created_at < ?");
    }
    q.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    try (PreparedStatement ps = c.prepareStatement(q.toString())) {
      int i = 1;
      for (TaskStatus s : statuses) {
        ps.setString(i++, s.name());
      }
      if (query.createdBefore() != null) {
        db.sql().setInstant(ps, i++, query.createdBefore());
      }
      ps.setInt(i, query.limit());
      return Sql.list(ps, tasks::map);
    }
  }

  /** A count or sum of int columns (a BIGINT, or a DECIMAL on MariaDB) as an int. */
  private static int count(ResultSet rs, int column) throws SQLException {
    return Math.toIntExact(rs.getLong(column));
  }

  /** The items of a task, in id order. */
  public List<TaskItem> items(String taskId) {
    return db.read("read the items of task " + taskId, c -> {
      try (PreparedStatement ps = c.prepareStatement(ItemRows.SELECT + " WHERE task_id = ? ORDER BY id")) {
        ps.setString(1, taskId);
        return Sql.list(ps, ItemRows::map);
      }
    });
  }

  /** Deletes tasks with their items, file records and logs; answers how many tasks there were. */
  public int delete(Collection<String> ids) {
    List<String> unique = List.copyOf(new LinkedHashSet<>(ids));
    if (unique.isEmpty()) {
      return 0;
    }
    return db.write("delete " + unique.size() + " tasks", c -> {
      int deleted = 0;
      for (List<String> chunk : Sql.chunks(unique)) {
        String in = " WHERE task_id IN (" + Sql.marks(chunk.size()) + ")";
        for (String table : List.of("shotsync_logs", "shotsync_files", "shotsync_items")) {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + in)) {
            Sql.bindStrings(ps, 1, chunk);
            ps.executeUpdate();
          }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM shotsync_tasks WHERE id IN ("
            + Sql.marks(chunk.size()) + ")")) {
          Sql.bindStrings(ps, 1, chunk);
          deleted += ps.executeUpdate();
        }
      }
      return deleted;
    });
  }
}
