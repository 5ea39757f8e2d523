package io.shotsync.jdbc.internal;

import io.shotsync.api.ItemStatus;
import io.shotsync.api.TaskItem;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Item claims and their leases, in the worker_id and lease_until columns of {@code shotsync_items}: claimed with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} where the server has it, by conditional {@code UPDATE}s elsewhere.
 */
public final class ClaimDao {
  private static final String NOT_FINAL = "status NOT IN (" + Arrays.stream(ItemStatus.values())
      .filter(ItemStatus::isFinal).map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ")) + ")";
  private static final String CLAIMABLE = " WHERE task_id = ? AND " + NOT_FINAL
      + " AND (worker_id IS NULL OR worker_id = ? OR lease_until <= ?)";

  private final Db db;
  /** False on H2 and on servers older than PostgreSQL 9.5, MariaDB 10.6 and MySQL 8, which lack SKIP LOCKED. */
  private final boolean skipLocked;

  /** The claims in {@code db}; {@code skipLocked} as {@link #supportsSkipLocked} answered. */
  public ClaimDao(Db db, boolean skipLocked) {
    this.db = db;
    this.skipLocked = skipLocked;
  }

  /** True where the server has {@code FOR UPDATE SKIP LOCKED}. */
  public static boolean supportsSkipLocked(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    String product = md.getDatabaseProductName().toLowerCase(Locale.ROOT);
    String version = md.getDatabaseProductVersion().toLowerCase(Locale.ROOT);
    int major = md.getDatabaseMajorVersion();
    int minor = md.getDatabaseMinorVersion();
    if (product.contains("postgres")) {
      return major > 9 || (major == 9 && minor >= 5);
    }
    if (product.contains("mariadb") || version.contains("mariadb")) {
      return major > 10 || (major == 10 && minor >= 6);
    }
    if (product.contains("mysql")) {
      return major >= 8;
    }
    return false;
  }

  /** Claims up to {@code max} unfinished items of a task that are free, already the worker's, or whose lease ran out. */
  public List<TaskItem> claim(String taskId, String worker, Duration lease, int max) {
    Objects.requireNonNull(worker, "worker");
    if (max < 1) {
      return List.of();
    }
    Instant now = db.clock().instant();
    Instant until = now.plus(lease);
    if (!skipLocked) {
      return claimByConditionalUpdate(taskId, worker, now, until, max);
    }
    return db.write("claim items of task " + taskId, c -> {
      List<Long> ids;
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM shotsync_items" + CLAIMABLE
          + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
        ps.setString(1, taskId);
        ps.setString(2, worker);
        db.sql().setInstant(ps, 3, now);
        ps.setInt(4, max);
        ids = Sql.list(ps, rs -> rs.getLong(1));
      }
      if (ids.isEmpty()) {
        return List.<TaskItem>of();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE shotsync_items SET worker_id = ?, lease_until = ?"
          + " WHERE id IN (" + Sql.marks(ids.size()) + ")")) {
        ps.setString(1, worker);
        db.sql().setInstant(ps, 2, until);
        Sql.bindLongs(ps, 3, ids);
        ps.executeUpdate();
      }
      return ItemRows.byId(c, ids);
    });
  }

  /** H2: each candidate is taken by an UPDATE that re-checks, under the row lock, that it is still free. */
  private List<TaskItem> claimByConditionalUpdate(String taskId, String worker, Instant now, Instant until,
      int max) {
    return db.read("claim items of task " + taskId, c -> {
      List<Long> claimed = new ArrayList<>();
      long after = Long.MIN_VALUE;
      int batch = max + 16;
      while (claimed.size() < max) {
        List<Long> candidates;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM shotsync_items" + CLAIMABLE
            + " AND id > ? ORDER BY id LIMIT ?")) {
          ps.setString(1, taskId);
          ps.setString(2, worker);
          db.sql().setInstant(ps, 3, now);
          ps.setLong(4, after);
          ps.setInt(5, batch);
          candidates = Sql.list(ps, rs -> rs.getLong(1));
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE shotsync_items SET worker_id = ?, lease_until = ?"
            + CLAIMABLE + " AND id = ?")) {
          for (Long id : candidates) {
            if (claimed.size() >= max) {
              break;
            }
            ps.setString(1, worker);
            db.sql().setInstant(ps, 2, until);
            ps.setString(3, taskId);
            ps.setString(4, worker);
            db.sql().setInstant(ps, 5, now);
            ps.setLong(6, id);
            if (ps.executeUpdate() == 1) {
              claimed.add(id);
            }
          }
        }
        if (candidates.size() < batch) {
          break;
        }
        after = candidates.get(candidates.size() - 1);
      }
      return claimed.isEmpty() ? List.<TaskItem>of() : ItemRows.byId(c, claimed);
    });
  }

  /** Extends every lease the worker holds; answers how many. */
  public int renew(String worker, Duration lease) {
    Instant until = db.clock().instant().plus(lease);
    return db.write("renew the leases of " + worker, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE shotsync_items SET lease_until = ? WHERE worker_id = ?")) {
        db.sql().setInstant(ps, 1, until);
        ps.setString(2, worker);
        return ps.executeUpdate();
      }
    });
  }

  /** True when some item of the task is under a lease that has not run out. */
  public boolean hasLive(String taskId) {
    Instant now = db.clock().instant();
    return db.read("read the claims of task " + taskId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM shotsync_items WHERE task_id = ?"
          + " AND worker_id IS NOT NULL AND lease_until > ? LIMIT 1")) {
        ps.setString(1, taskId);
        db.sql().setInstant(ps, 2, now);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /** The workers holding live leases on items of the task, sorted. */
  public Set<String> holders(String taskId) {
    Instant now = db.clock().instant();
    return db.read("read the claim holders of task " + taskId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT worker_id FROM shotsync_items WHERE task_id = ?"
          + " AND worker_id IS NOT NULL AND lease_until > ?")) {
        ps.setString(1, taskId);
        db.sql().setInstant(ps, 2, now);
        Set<String> out = new TreeSet<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
        return out;
      }
    });
  }

  /** Releases every claim of the worker; answers how many. */
  public int releaseWorker(String worker) {
    return db.write("release the claims of " + worker, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE shotsync_items SET worker_id = NULL, lease_until = NULL"
          + " WHERE worker_id = ?")) {
        ps.setString(1, worker);
        return ps.executeUpdate();
      }
    });
  }

  /** Releases the worker's claims on these items. */
  public void release(String worker, Collection<Long> itemIds) {
    List<Long> ids = List.copyOf(new LinkedHashSet<>(itemIds));
    if (ids.isEmpty()) {
      return;
    }
    db.write("release " + ids.size() + " items of " + worker, c -> {
      for (List<Long> chunk : Sql.chunks(ids)) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE shotsync_items SET worker_id = NULL,"
            + " lease_until = NULL WHERE worker_id = ? AND id IN (" + Sql.marks(chunk.size()) + ")")) {
          ps.setString(1, worker);
          Sql.bindLongs(ps, 2, chunk);
          ps.executeUpdate();
        }
      }
    });
  }
}
