package io.shotsync.jdbc.internal;

import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Task logs: {@code shotsync_logs}, appended in the order of their sequence numbers. */
public final class LogDao {
  private static final String SELECT = "SELECT seq, task_id, logged_at, log_level, item_id, file_path, message"
      + " FROM shotsync_logs";

  private final Db db;

  /** The logs in {@code db}. */
  public LogDao(Db db) {
    this.db = db;
  }

  /** Appends log records. */
  public void append(Collection<LogRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    db.write("append " + records.size() + " log records", c -> {
      // Holding this row lock until commit makes appends commit in the order their identity values were drawn.
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE shotsync_counters SET next_value = next_value + ? WHERE name = 'log_append'")) {
        ps.setLong(1, records.size());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO shotsync_logs (task_id, logged_at, log_level,"
          + " level_rank, item_id, file_path, message) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        Sql.batch(ps, records, this::bind);
      }
    });
  }

  /** The log records the query selects, oldest first. */
  public List<LogRecord> logs(LogQuery query) {
    return db.read("read the logs of task " + query.taskId(), c -> {
      boolean back = query.backwards();
      // backwards: the records nearest below the cursor, read newest first and answered oldest first
      try (PreparedStatement ps = c.prepareStatement(SELECT
          + " WHERE task_id = ? AND level_rank >= ? AND seq > ?" + (back ? " AND seq < ? ORDER BY seq DESC LIMIT ?"
              : " ORDER BY seq LIMIT ?"))) {
        int i = 1;
        ps.setString(i++, query.taskId());
        ps.setInt(i++, query.minLevel().ordinal());
        ps.setLong(i++, query.afterSequence());
        if (back) {
          ps.setLong(i++, query.beforeSequence());
        }
        ps.setInt(i, query.limit());
        List<LogRecord> out = Sql.list(ps, this::map);
        if (back) {
          Collections.reverse(out);
        }
        return out;
      }
    });
  }

  private void bind(PreparedStatement ps, LogRecord r) throws SQLException {
    ps.setString(1, r.taskId());
    db.sql().setInstant(ps, 2, r.time());
    ps.setString(3, r.level().name());
    ps.setInt(4, r.level().ordinal());
    if (r.itemId() == null) {
      ps.setNull(5, Types.BIGINT);
    } else {
      ps.setLong(5, r.itemId());
    }
    ps.setString(6, r.file());
    ps.setString(7, r.message());
  }

  private LogRecord map(ResultSet rs) throws SQLException {
    long item = rs.getLong("item_id");
    Long itemId = rs.wasNull() ? null : item;
    return new LogRecord(rs.getLong("seq"), Objects.requireNonNull(db.sql().getInstant(rs, "logged_at")),
        LogLevel.valueOf(rs.getString("log_level")), rs.getString("task_id"), itemId,
        rs.getString("file_path"), rs.getString("message"));
  }
}
