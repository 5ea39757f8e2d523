package io.shotsync.jdbc.internal;

import io.shotsync.api.Department;
import io.shotsync.api.FileStats;
import io.shotsync.api.ItemKey;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.ShotKey;
import io.shotsync.api.TaskItem;
import io.shotsync.api.Version;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The columns of {@code shotsync_items}: binding an item to them, mapping a row back, reading items by id. */
public final class ItemRows {
  /** Item columns after id and task_id, in binding order. */
  public static final List<String> FIELDS = List.of("episode", "seq", "shot", "department", "status",
      "message", "selected_version", "available_versions", "latest_version", "local_version", "fetched_versions",
      "file_count", "total_bytes", "transferred_bytes", "files_downloaded", "files_skipped", "files_overwritten",
      "files_kept_both", "files_resumed", "files_failed", "bytes_received");
  /** Selects every item column. */
  public static final String SELECT = "SELECT id, task_id, " + String.join(", ", FIELDS)
      + " FROM shotsync_items";

  private final Sql sql;

  /** Item rows in the dialect of {@code sql}. */
  public ItemRows(Sql sql) {
    this.sql = sql;
  }

  /** Binds the {@link #FIELDS} from index {@code start}; answers the next index. */
  public int bindFields(PreparedStatement ps, int start, TaskItem item) throws SQLException {
    int i = start;
    ps.setString(i++, item.shot().episode());
    ps.setString(i++, item.shot().sequence());
    ps.setString(i++, item.shot().shot());
    ps.setString(i++, item.department().name());
    ps.setString(i++, item.status().name());
    ps.setString(i++, item.message());
    ps.setString(i++, text(item.selectedVersion()));
    sql.setJson(ps, i++, Json.versions(item.availableVersions()));
    ps.setString(i++, text(item.latestVersion()));
    ps.setString(i++, text(item.localVersion()));
    sql.setJson(ps, i++, Json.versions(item.fetchedVersions()));
    ps.setInt(i++, item.fileCount());
    ps.setLong(i++, item.totalBytes());
    ps.setLong(i++, item.transferredBytes());
    FileStats s = item.stats();
    ps.setInt(i++, s.downloaded());
    ps.setInt(i++, s.skipped());
    ps.setInt(i++, s.overwritten());
    ps.setInt(i++, s.keptBoth());
    ps.setInt(i++, s.resumed());
    ps.setInt(i++, s.failed());
    ps.setLong(i++, item.bytesReceived());
    return i;
  }

  /** The item in the current row of a {@link #SELECT}. */
  public static TaskItem map(ResultSet rs) throws SQLException {
    ItemKey key = new ItemKey(new ShotKey(rs.getString("episode"), rs.getString("seq"), rs.getString("shot")),
        Department.of(rs.getString("department")));
    return new TaskItem(rs.getLong("id"), rs.getString("task_id"), key,
        ItemStatus.valueOf(rs.getString("status")), rs.getString("message"),
        version(rs.getString("selected_version")), Json.versions(rs.getString("available_versions")),
        version(rs.getString("latest_version")), version(rs.getString("local_version")),
        Json.versions(rs.getString("fetched_versions")), rs.getInt("file_count"), rs.getLong("total_bytes"),
        rs.getLong("transferred_bytes"), new FileStats(rs.getInt("files_downloaded"),
            rs.getInt("files_skipped"), rs.getInt("files_overwritten"), rs.getInt("files_kept_both"),
            rs.getInt("files_resumed"), rs.getInt("files_failed")), rs.getLong("bytes_received"));
  }

  /** The items with these ids, in id order. */
  public static List<TaskItem> byId(Connection c, List<Long> ids) throws SQLException {
    List<TaskItem> out = new ArrayList<>();
    for (List<Long> chunk : Sql.chunks(ids)) {
      try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id IN (" + Sql.marks(chunk.size())
          + ") ORDER BY id")) {
        Sql.bindLongs(ps, 1, chunk);
        out.addAll(Sql.list(ps, ItemRows::map));
      }
    }
    return out;
  }

  private static @Nullable String text(@Nullable Version v) {
    return v == null ? null : v.text();
  }

  private static @Nullable Version version(@Nullable String s) {
    return s == null ? null : Version.parse(s);
  }
}
