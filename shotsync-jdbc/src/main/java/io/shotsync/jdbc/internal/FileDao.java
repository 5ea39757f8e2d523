package io.shotsync.jdbc.internal;

import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStatus;
import io.shotsync.api.ShotKey;
import io.shotsync.api.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** File records: {@code shotsync_files}, keyed by task and a hash of the path. */
public final class FileDao {
  /** One digest per thread: looking the algorithm up for every row cost more than hashing the path. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  });

  private static final List<String> COLUMNS = List.of("task_id", "path_hash", "item_id", "path", "version",
      "file_size", "remote_modified", "status", "file_action", "bytes_done", "message", "updated_at");
  private static final String SELECT = "SELECT f.task_id, f.item_id, f.path, f.version, f.file_size,"
      + " f.remote_modified, f.status, f.file_action, f.bytes_done, f.message, f.updated_at FROM shotsync_files f";

  private final Db db;
  private final String upsert;

  /** The file records in {@code db}. */
  public FileDao(Db db) {
    this.db = db;
    this.upsert = db.sql().upsert("shotsync_files", COLUMNS, List.of("task_id", "path_hash"));
  }

  /** Inserts or replaces file records. */
  public void save(Collection<FileRecord> files) {
    if (files.isEmpty()) {
      return;
    }
    db.write("save " + files.size() + " file records", c -> {
      try (PreparedStatement ps = c.prepareStatement(upsert)) {
        Sql.batch(ps, files, this::bind);
      }
    });
  }

  /** The file records of a task, by item and path. */
  public List<FileRecord> files(String taskId) {
    return db.read("read the files of task " + taskId, c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE f.task_id = ? ORDER BY f.item_id, f.path")) {
        ps.setString(1, taskId);
        return Sql.list(ps, this::map);
      }
    });
  }

  /** The files of a shot that were downloaded, newest first. */
  public List<FileRecord> history(ShotKey shot) {
    return db.read("read the download history of " + shot, c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT
          + " JOIN shotsync_items i ON i.id = f.item_id AND i.task_id = f.task_id"
          + " WHERE i.episode = ? AND i.seq = ? AND i.shot = ? AND f.status = ?"
          + " ORDER BY f.updated_at DESC, f.task_id, f.path")) {
        ps.setString(1, shot.episode());
        ps.setString(2, shot.sequence());
        ps.setString(3, shot.shot());
        ps.setString(4, FileStatus.DONE.name());
        return Sql.list(ps, this::map);
      }
    });
  }

  private void bind(PreparedStatement ps, FileRecord f) throws SQLException {
    ps.setString(1, f.taskId());
    ps.setString(2, pathHash(f.path()));
    ps.setLong(3, f.itemId());
    ps.setString(4, f.path());
    ps.setString(5, f.version() == null ? null : f.version().text());
    ps.setLong(6, f.size());
    db.sql().setInstant(ps, 7, f.remoteModified());
    ps.setString(8, f.status().name());
    ps.setString(9, f.action() == null ? null : f.action().name());
    ps.setLong(10, f.bytesDone());
    ps.setString(11, f.message());
    db.sql().setInstant(ps, 12, f.updatedAt());
  }

  private FileRecord map(ResultSet rs) throws SQLException {
    String version = rs.getString("version");
    String action = rs.getString("file_action");
    return new FileRecord(rs.getString("task_id"), rs.getLong("item_id"), rs.getString("path"),
        version == null ? null : Version.parse(version), rs.getLong("file_size"),
        db.sql().getInstant(rs, "remote_modified"), FileStatus.valueOf(rs.getString("status")),
        action == null ? null : FileAction.valueOf(action), rs.getLong("bytes_done"), rs.getString("message"),
        Objects.requireNonNull(db.sql().getInstant(rs, "updated_at")));
  }

  private static String pathHash(String path) {
    MessageDigest sha256 = SHA256.get();
    sha256.reset();
    return HexFormat.of().formatHex(sha256.digest(path.getBytes(StandardCharsets.UTF_8)));
  }
}
