package io.shotsync.jdbc.internal;

import io.shotsync.api.Task;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The columns of {@code shotsync_tasks}: binding a task to them and mapping a row back. */
public final class TaskRows {
  /** The task columns, id first, in binding order. */
  public static final List<String> COLUMNS = List.of("id", "name", "endpoint_id", "status",
      "version_strategy", "specific_version", "custom_versions", "conflict_strategy", "selection", "properties",
      "not_before", "auto_retries", "retry_delay", "created_at", "started_at", "completed_at", "total_bytes",
      "transferred_bytes", "attempts", "message", "local_root", "layout_json", "options", "auto_retries_used",
      "bytes_received");
  /** The task property in which version-1 tasks of the command kept their local root. */
  private static final String LEGACY_LOCAL_ROOT = "shotsync.cli.local";

  private final Sql sql;

  /** Task rows in the dialect of {@code sql}. */
  public TaskRows(Sql sql) {
    this.sql = sql;
  }

  /** Binds the task's columns from index 1, its id first when {@code withId}; answers the next index. */
  public int bind(PreparedStatement ps, Task t, boolean withId) throws SQLException {
    TaskSpec s = t.spec();
    int i = 1;
    if (withId) {
      ps.setString(i++, t.id());
    }
    ps.setString(i++, s.name());
    ps.setString(i++, s.endpointId());
    ps.setString(i++, t.status().name());
    ps.setString(i++, s.versionStrategy());
    ps.setString(i++, s.specificVersion() == null ? null : s.specificVersion().text());
    sql.setJson(ps, i++, Json.customVersions(s.customVersions()));
    ps.setString(i++, s.conflictStrategy());
    sql.setJson(ps, i++, Json.selection(s.selection()));
    sql.setJson(ps, i++, Json.properties(s.properties()));
    sql.setInstant(ps, i++, s.notBefore());
    ps.setInt(i++, s.autoRetries());
    ps.setString(i++, s.retryDelay().toString());
    sql.setInstant(ps, i++, t.createdAt());
    sql.setInstant(ps, i++, t.startedAt());
    sql.setInstant(ps, i++, t.completedAt());
    ps.setLong(i++, t.totalBytes());
    ps.setLong(i++, t.transferredBytes());
    ps.setInt(i++, t.attempts());
    ps.setString(i++, t.message());
    ps.setString(i++, s.localRoot() == null ? null : s.localRoot().toString());
    ps.setString(i++, s.layout());
    sql.setJson(ps, i++, s.options() == null ? null : Json.options(s.options()));
    ps.setInt(i++, t.autoRetriesUsed());
    ps.setLong(i++, t.bytesReceived());
    return i;
  }

  /** The task in the current row. */
  public Task map(ResultSet rs) throws SQLException {
    return new Task(rs.getString("id"), spec(rs), TaskStatus.valueOf(rs.getString("status")),
        Objects.requireNonNull(sql.getInstant(rs, "created_at")), sql.getInstant(rs, "started_at"),
        sql.getInstant(rs, "completed_at"), rs.getLong("total_bytes"), rs.getLong("transferred_bytes"),
        rs.getInt("attempts"), rs.getString("message"), rs.getInt("auto_retries_used"),
        rs.getLong("bytes_received"));
  }

  private TaskSpec spec(ResultSet rs) throws SQLException {
    String specific = rs.getString("specific_version");
    Map<String, String> properties = Json.properties(rs.getString("properties"));
    String root = rs.getString("local_root");
    if (root == null) {
      root = properties.get(LEGACY_LOCAL_ROOT);
    }
    String options = rs.getString("options");
    TaskSpec.Builder b = TaskSpec.builder(rs.getString("endpoint_id")).name(rs.getString("name"))
        .selection(Json.selection(rs.getString("selection")))
        .customVersions(Json.customVersions(rs.getString("custom_versions")))
        .versionStrategy(rs.getString("version_strategy"))
        .specificVersionOnly(specific == null ? null : Version.parse(specific))
        .conflictStrategy(rs.getString("conflict_strategy"))
        .notBefore(sql.getInstant(rs, "not_before"))
        .autoRetry(rs.getInt("auto_retries"), Duration.parse(rs.getString("retry_delay")))
        .localRoot(root == null ? null : Path.of(root))
        .layout(rs.getString("layout_json"))
        .options(options == null ? null : Json.options(options));
    properties.forEach(b::property);
    return b.build();
  }
}
