package io.shotsync.jdbc;

import io.shotsync.api.Department;
import io.shotsync.api.Endpoint;
import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStats;
import io.shotsync.api.FileStatus;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ItemKey;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.ShotKey;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.jdbc.internal.ConnectionPool;
import io.shotsync.jdbc.internal.ConnectionSource;
import io.shotsync.jdbc.internal.Json;
import io.shotsync.jdbc.internal.Migrator;
import io.shotsync.jdbc.internal.Sql;
import io.shotsync.jdbc.internal.Urls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TaskStore} in a relational database: embedded H2 by default ({@link #embedded}), PostgreSQL or
 * MariaDB/MySQL where several processes share the work ({@link #open}), or any {@link DataSource} a host
 * already has ({@link #create}).
 *
 * <p>Opening a store brings the schema up to date (see the scripts under {@code io/shotsync/jdbc/migration}).
 * Endpoint passwords are never written. Items are claimed with row locks ({@code SELECT ... FOR UPDATE SKIP
 * LOCKED} on PostgreSQL and MariaDB, an atomic conditional {@code UPDATE} on H2) and leases that expire, so
 * each item is worked on by one worker at a time and the items of a worker that died are taken over. Lease
 * times come from this process's {@link Clock}: keep the clocks of the machines sharing a database in sync.
 */
public final class JdbcTaskStore implements TaskStore {
  private static final int CHUNK = 500;
  private static final int RETRIES = 5;
  private static final List<String> FINAL_ITEM_STATUSES = Arrays.stream(ItemStatus.values())
      .filter(ItemStatus::isFinal).map(Enum::name).toList();
  private static final String NOT_FINAL = "status NOT IN ("
      + FINAL_ITEM_STATUSES.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ")) + ")";

  private static final List<String> TASK_COLUMNS = List.of("id", "name", "endpoint_id", "status",
      "version_strategy", "specific_version", "custom_versions", "conflict_strategy", "selection", "properties",
      "not_before", "auto_retries", "retry_delay", "created_at", "started_at", "completed_at", "total_bytes",
      "transferred_bytes", "attempts", "message", "local_root", "layout_json", "options", "auto_retries_used",
      "bytes_received");
  /** The task property in which version-1 tasks of the command kept their local root. */
  private static final String LEGACY_LOCAL_ROOT = "shotsync.cli.local";
  /** Item columns after id and task_id, in binding order. */
  private static final List<String> ITEM_FIELDS = List.of("episode", "seq", "shot", "department", "status",
      "message", "selected_version", "available_versions", "latest_version", "local_version", "fetched_versions",
      "file_count", "total_bytes", "transferred_bytes", "files_downloaded", "files_skipped", "files_overwritten",
      "files_kept_both", "files_resumed", "files_failed", "bytes_received");
  private static final String ITEM_SELECT = "SELECT id, task_id, " + String.join(", ", ITEM_FIELDS)
      + " FROM shotsync_items";
  private static final List<String> FILE_COLUMNS = List.of("task_id", "path_hash", "item_id", "path", "version",
      "file_size", "remote_modified", "status", "file_action", "bytes_done", "message", "updated_at");
  private static final String FILE_SELECT = "SELECT f.task_id, f.item_id, f.path, f.version, f.file_size,"
      + " f.remote_modified, f.status, f.file_action, f.bytes_done, f.message, f.updated_at FROM shotsync_files f";
  private static final String LOG_SELECT = "SELECT seq, task_id, logged_at, log_level, item_id, file_path, message"
      + " FROM shotsync_logs";

  private final ConnectionSource source;
  private final Sql sql;
  private final Clock clock;
  private final String description;
  private final String fileUpsert;
  private final String endpointUpsert;
  private final String structureUpsert;
  private volatile boolean closed;
  /** False on H2 and on servers older than PostgreSQL 9.5, MariaDB 10.6 and MySQL 8, which lack SKIP LOCKED. */
  private volatile boolean skipLocked;

  private JdbcTaskStore(ConnectionSource source, Dialect dialect, Clock clock, String description) {
    this.source = source;
    this.sql = new Sql(dialect);
    this.clock = clock;
    this.description = description;
    this.fileUpsert = sql.upsert("shotsync_files", FILE_COLUMNS, List.of("task_id", "path_hash"));
    this.endpointUpsert = sql.upsert("shotsync_endpoints", List.of("id", "host", "port", "user_name", "root_path",
        "ftps", "trust", "updated_at"), List.of("id"));
    this.structureUpsert = sql.upsert("shotsync_structures", List.of("endpoint_id", "structure_json",
        "scanned_at"), List.of("endpoint_id"));
  }

  // ------------------------------------------------------------------------------------------- opening

  /** Opens (and migrates) the store at a JDBC URL: {@code jdbc:h2:}, {@code jdbc:postgresql:}, {@code jdbc:mariadb:}. */
  public static JdbcTaskStore open(String jdbcUrl) {
    return open(jdbcUrl, Map.of());
  }

  /**
   * Opens (and migrates) the store at a JDBC URL with driver properties such as {@code user} and
   * {@code password}; {@code poolSize} (default 8) bounds the connections this store keeps open.
   */
  public static JdbcTaskStore open(String jdbcUrl, Map<String, String> properties) {
    return open(jdbcUrl, properties, Clock.systemUTC());
  }

  /** Opens the store like {@link #open(String, Map)}, with leases on the given clock. */
  public static JdbcTaskStore open(String jdbcUrl, Map<String, String> properties, Clock clock) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Dialect dialect = Dialect.fromUrl(jdbcUrl);
    String url = driverUrl(jdbcUrl);
    Properties props = new Properties();
    int poolSize = 8;
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getKey().equals("poolSize")) {
        try {
          poolSize = Integer.parseInt(e.getValue().trim());
        } catch (NumberFormatException ex) {
          throw new InvalidInputException("poolSize must be a number: '" + e.getValue() + "'");
        }
      } else {
        props.setProperty(e.getKey(), e.getValue());
      }
    }
    ConnectionPool pool = new ConnectionPool(url, props, Math.max(2, poolSize));
    return start(pool, dialect, clock, Urls.redact(jdbcUrl));
  }

  /**
   * Opens (and migrates) an H2 store in {@code dir/shotsync.mv.db}, creating the directory. Several processes
   * may open the same directory at once: the first serves the others ({@code AUTO_SERVER}).
   */
  public static JdbcTaskStore embedded(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new io.shotsync.api.LocalStorageException("could not create the store directory " + dir + ": "
          + e.getMessage(), e);
    }
    return open(embeddedUrl(dir));
  }

  /** The JDBC URL {@link #embedded} uses for a directory. */
  public static String embeddedUrl(Path dir) {
    String path = dir.toAbsolutePath().normalize().resolve("shotsync").toString().replace('\\', '/');
    if (path.contains(";")) {
      throw new InvalidInputException("the store directory must not contain ';': " + dir);
    }
    return "jdbc:h2:file:" + path + ";AUTO_SERVER=TRUE";
  }

  /** A store (migrated) over a host's data source, whose product name tells the dialect. */
  public static JdbcTaskStore create(DataSource dataSource) {
    Dialect dialect;
    try (Connection c = dataSource.getConnection()) {
      dialect = Dialect.fromProductName(c.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new ShotSyncException("could not connect to the store's data source: " + e.getMessage(), e);
    }
    return create(dataSource, dialect);
  }

  /** A store (migrated) over a host's data source. */
  public static JdbcTaskStore create(DataSource dataSource, Dialect dialect) {
    return create(dataSource, dialect, Clock.systemUTC());
  }

  /** A store (migrated) over a host's data source, with leases on the given clock. */
  public static JdbcTaskStore create(DataSource dataSource, Dialect dialect, Clock clock) {
    return start(ConnectionSource.of(dataSource), dialect, clock, dialect.id() + " data source");
  }

  private static JdbcTaskStore start(ConnectionSource source, Dialect dialect, Clock clock, String description) {
    JdbcTaskStore store = new JdbcTaskStore(source, dialect, Objects.requireNonNull(clock, "clock"), description);
    try {
      new Migrator(dialect).migrate(source);
      store.skipLocked = store.read("read the server version", JdbcTaskStore::supportsSkipLocked);
    } catch (SQLException e) {
      source.close();
      throw new ShotSyncException("could not open the " + description + " store: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
    return store;
  }

  private static boolean supportsSkipLocked(Connection c) throws SQLException {
    java.sql.DatabaseMetaData md = c.getMetaData();
    String product = md.getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
    String version = md.getDatabaseProductVersion().toLowerCase(java.util.Locale.ROOT);
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

  /** The URL handed to DriverManager: {@code jdbc:mysql:} goes to the MariaDB driver when no MySQL driver is there. */
  private static String driverUrl(String url) {
    if (url.regionMatches(true, 0, "jdbc:mysql:", 0, 11)) {
      try {
        DriverManager.getDriver(url);
      } catch (SQLException e) {
        return "jdbc:mariadb:" + url.substring(11);
      }
    }
    return url;
  }

  /** The database this store is in. */
  public Dialect dialect() {
    return sql.dialect();
  }

  @Override
  public void close() {
    closed = true;
    source.close();
  }

  @Override
  public String toString() {
    return "JdbcTaskStore[" + description + "]";
  }

  // ------------------------------------------------------------------------------------------- endpoints

  @Override
  public void saveEndpoint(Endpoint endpoint) {
    write("save endpoint " + endpoint.id(), c -> {
      try (PreparedStatement ps = c.prepareStatement(endpointUpsert)) {
        // the password is not among the columns, and never will be
        ps.setString(1, endpoint.id());
        ps.setString(2, endpoint.host());
        ps.setInt(3, endpoint.port());
        ps.setString(4, endpoint.user());
        ps.setString(5, endpoint.root());
        ps.setBoolean(6, endpoint.ftps());
        ps.setString(7, endpoint.trust());
        sql.setInstant(ps, 8, clock.instant());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<Endpoint> endpoint(String id) {
    return read("read endpoint " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, host, port, user_name, root_path, ftps, trust FROM shotsync_endpoints WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(endpointRow(rs)) : Optional.<Endpoint>empty();
        }
      }
    });
  }

  @Override
  public List<Endpoint> endpoints() {
    return read("list endpoints", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, host, port, user_name, root_path, ftps, trust FROM shotsync_endpoints ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        List<Endpoint> out = new ArrayList<>();
        while (rs.next()) {
          out.add(endpointRow(rs));
        }
        return out;
      }
    });
  }

  private static Endpoint endpointRow(ResultSet rs) throws SQLException {
    return new Endpoint(rs.getString("id"), rs.getString("host"), rs.getInt("port"), rs.getString("user_name"),
        null, rs.getString("root_path"), rs.getBoolean("ftps"), rs.getString("trust"));
  }

  @Override
  public void saveStructure(String endpointId, String json, Instant scannedAt) {
    write("save the structure of " + endpointId, c -> {
      try (PreparedStatement ps = c.prepareStatement(structureUpsert)) {
        ps.setString(1, endpointId);
        ps.setString(2, json);
        sql.setInstant(ps, 3, scannedAt);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<StoredStructure> structure(String endpointId) {
    return read("read the structure of " + endpointId, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT structure_json, scanned_at FROM shotsync_structures WHERE endpoint_id = ?")) {
        ps.setString(1, endpointId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.<StoredStructure>empty();
          }
          return Optional.of(new StoredStructure(endpointId, rs.getString(1),
              Objects.requireNonNull(sql.getInstant(rs, "scanned_at"))));
        }
      }
    });
  }

  // ------------------------------------------------------------------------------------------- tasks

  @Override
  public void createTask(Task task, List<TaskItem> items) {
    for (TaskItem item : items) {
      if (!item.taskId().equals(task.id())) {
        throw new InvalidInputException("item " + item.id() + " belongs to task " + item.taskId() + ", not to "
            + task.id());
      }
    }
    try {
      write("create task " + task.id(), c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shotsync_tasks ("
            + String.join(", ", TASK_COLUMNS) + ") VALUES (" + Sql.marks(TASK_COLUMNS.size()) + ")")) {
          bindTask(ps, task, true);
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shotsync_items (id, task_id, "
            + String.join(", ", ITEM_FIELDS) + ") VALUES (" + Sql.marks(ITEM_FIELDS.size() + 2) + ")")) {
          int n = 0;
          for (TaskItem item : items) {
            ps.setLong(1, item.id());
            ps.setString(2, item.taskId());
            bindItemFields(ps, 3, item);
            ps.addBatch();
            if (++n % CHUNK == 0) {
              ps.executeBatch();
            }
          }
          if (n % CHUNK != 0) {
            ps.executeBatch();
          }
        }
        return null;
      });
    } catch (ShotSyncException e) {
      if (e.getCause() instanceof SQLException s && Sql.isDuplicate(s)) {
        throw new ShotSyncException("task " + task.id() + " or one of its item ids already exists", s);
      }
      throw e;
    }
  }

  @Override
  public long nextItemIds(int count) {
    if (count < 0) {
      throw new InvalidInputException("item id count must not be negative: " + count);
    }
    return write("reserve item ids", c -> {
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

  @Override
  public void updateTask(Task task) {
    int updated = write("update task " + task.id(), c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE shotsync_tasks SET "
          + TASK_COLUMNS.stream().skip(1).map(col -> col + " = ?").collect(Collectors.joining(", "))
          + " WHERE id = ?")) {
        int i = bindTask(ps, task, false);
        ps.setString(i, task.id());
        return ps.executeUpdate();
      }
    });
    if (updated == 0) {
      throw new NotFoundException("no task " + task.id());
    }
  }

  @Override
  public void updateItems(Collection<TaskItem> items) {
    if (items.isEmpty()) {
      return;
    }
    write("update " + items.size() + " items", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE shotsync_items SET "
          + ITEM_FIELDS.stream().map(col -> col + " = ?").collect(Collectors.joining(", "))
          + " WHERE id = ? AND task_id = ?")) {
        int n = 0;
        for (TaskItem item : items) {
          int i = bindItemFields(ps, 1, item);
          ps.setLong(i, item.id());
          ps.setString(i + 1, item.taskId());
          ps.addBatch();
          if (++n % CHUNK == 0) {
            ps.executeBatch();
          }
        }
        if (n % CHUNK != 0) {
          ps.executeBatch();
        }
      }
      return null;
    });
  }

  @Override
  public Optional<Task> task(String id) {
    return read("read task " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", TASK_COLUMNS)
          + " FROM shotsync_tasks WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(taskRow(rs)) : Optional.<Task>empty();
        }
      }
    });
  }

  @Override
  public List<Task> tasks(TaskQuery query) {
    if (query.limit() < 1) {
      return List.of();
    }
    List<TaskStatus> statuses = List.copyOf(query.statuses());
    StringBuilder q = new StringBuilder("SELECT " + String.join(", ", TASK_COLUMNS) + " FROM shotsync_tasks WHERE 1 = 1");
    if (!statuses.isEmpty()) {
      q.append(" AND status IN (").append(Sql.marks(statuses.size())).append(')');
    }
    if (query.createdBefore() != null) {
      q.append(" AND created_at < ?");
    }
    q.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    return read("list tasks", c -> {
      try (PreparedStatement ps = c.prepareStatement(q.toString())) {
        int i = 1;
        for (TaskStatus s : statuses) {
          ps.setString(i++, s.name());
        }
        if (query.createdBefore() != null) {
          sql.setInstant(ps, i++, query.createdBefore());
        }
        ps.setInt(i, query.limit());
        try (ResultSet rs = ps.executeQuery()) {
          List<Task> out = new ArrayList<>();
          while (rs.next()) {
            out.add(taskRow(rs));
          }
          return out;
        }
      }
    });
  }

  @Override
  public List<TaskItem> items(String taskId) {
    return read("read the items of task " + taskId, c -> {
      try (PreparedStatement ps = c.prepareStatement(ITEM_SELECT + " WHERE task_id = ? ORDER BY id")) {
        ps.setString(1, taskId);
        return itemRows(ps);
      }
    });
  }

  @Override
  public int deleteTasks(Collection<String> ids) {
    List<String> unique = List.copyOf(new LinkedHashSet<>(ids));
    if (unique.isEmpty()) {
      return 0;
    }
    return write("delete " + unique.size() + " tasks", c -> {
      int deleted = 0;
      for (int from = 0; from < unique.size(); from += CHUNK) {
        List<String> chunk = unique.subList(from, Math.min(unique.size(), from + CHUNK));
        String in = " WHERE task_id IN (" + Sql.marks(chunk.size()) + ")";
        for (String table : List.of("shotsync_logs", "shotsync_files", "shotsync_items")) {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + in)) {
            bindStrings(ps, 1, chunk);
            ps.executeUpdate();
          }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM shotsync_tasks WHERE id IN ("
            + Sql.marks(chunk.size()) + ")")) {
          bindStrings(ps, 1, chunk);
          deleted += ps.executeUpdate();
        }
      }
      return deleted;
    });
  }

  // ------------------------------------------------------------------------------------------- claims

  @Override
  public List<TaskItem> claimItems(String taskId, String worker, Duration lease, int max) {
    Objects.requireNonNull(worker, "worker");
    if (max < 1) {
      return List.of();
    }
    Instant now = clock.instant();
    Instant until = now.plus(lease);
    String claimable = " WHERE task_id = ? AND " + NOT_FINAL
        + " AND (worker_id IS NULL OR worker_id = ? OR lease_until <= ?)";
    if (!skipLocked) {
      return claimByConditionalUpdate(taskId, worker, now, until, max, claimable);
    }
    return write("claim items of task " + taskId, c -> {
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM shotsync_items" + claimable
          + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
        ps.setString(1, taskId);
        ps.setString(2, worker);
        sql.setInstant(ps, 3, now);
        ps.setInt(4, max);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
      }
      if (ids.isEmpty()) {
        return List.<TaskItem>of();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE shotsync_items SET worker_id = ?, lease_until = ?"
          + " WHERE id IN (" + Sql.marks(ids.size()) + ")")) {
        ps.setString(1, worker);
        sql.setInstant(ps, 2, until);
        bindLongs(ps, 3, ids);
        ps.executeUpdate();
      }
      return itemsById(c, ids);
    });
  }

  /** H2: each candidate is taken by an UPDATE that re-checks, under the row lock, that it is still free. */
  private List<TaskItem> claimByConditionalUpdate(String taskId, String worker, Instant now, Instant until,
      int max, String claimable) {
    return read("claim items of task " + taskId, c -> {
      List<Long> claimed = new ArrayList<>();
      long after = Long.MIN_VALUE;
      int batch = max + 16;
      while (claimed.size() < max) {
        List<Long> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM shotsync_items" + claimable
            + " AND id > ? ORDER BY id LIMIT ?")) {
          ps.setString(1, taskId);
          ps.setString(2, worker);
          sql.setInstant(ps, 3, now);
          ps.setLong(4, after);
          ps.setInt(5, batch);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              candidates.add(rs.getLong(1));
            }
          }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE shotsync_items SET worker_id = ?, lease_until = ?"
            + claimable + " AND id = ?")) {
          for (Long id : candidates) {
            if (claimed.size() >= max) {
              break;
            }
            ps.setString(1, worker);
            sql.setInstant(ps, 2, until);
            ps.setString(3, taskId);
            ps.setString(4, worker);
            sql.setInstant(ps, 5, now);
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
      return claimed.isEmpty() ? List.<TaskItem>of() : itemsById(c, claimed);
    });
  }

  @Override
  public int renewLeases(String worker, Duration lease) {
    Instant until = clock.instant().plus(lease);
    return write("renew the leases of " + worker, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE shotsync_items SET lease_until = ? WHERE worker_id = ?")) {
        sql.setInstant(ps, 1, until);
        ps.setString(2, worker);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean hasLiveClaims(String taskId) {
    Instant now = clock.instant();
    return read("read the claims of task " + taskId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM shotsync_items WHERE task_id = ?"
          + " AND worker_id IS NOT NULL AND lease_until > ? LIMIT 1")) {
        ps.setString(1, taskId);
        sql.setInstant(ps, 2, now);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  @Override
  public java.util.Set<String> claimHolders(String taskId) {
    Instant now = clock.instant();
    return read("read the claim holders of task " + taskId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT worker_id FROM shotsync_items WHERE task_id = ?"
          + " AND worker_id IS NOT NULL AND lease_until > ?")) {
        ps.setString(1, taskId);
        sql.setInstant(ps, 2, now);
        java.util.Set<String> out = new java.util.TreeSet<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
        return out;
      }
    });
  }

  @Override
  public int releaseWorker(String worker) {
    return write("release the claims of " + worker, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE shotsync_items SET worker_id = NULL, lease_until = NULL"
          + " WHERE worker_id = ?")) {
        ps.setString(1, worker);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public void releaseItems(String worker, Collection<Long> itemIds) {
    List<Long> ids = List.copyOf(new LinkedHashSet<>(itemIds));
    if (ids.isEmpty()) {
      return;
    }
    write("release " + ids.size() + " items of " + worker, c -> {
      for (int from = 0; from < ids.size(); from += CHUNK) {
        List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
        try (PreparedStatement ps = c.prepareStatement("UPDATE shotsync_items SET worker_id = NULL,"
            + " lease_until = NULL WHERE worker_id = ? AND id IN (" + Sql.marks(chunk.size()) + ")")) {
          ps.setString(1, worker);
          bindLongs(ps, 2, chunk);
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  private List<TaskItem> itemsById(Connection c, List<Long> ids) throws SQLException {
    List<TaskItem> out = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += CHUNK) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
      try (PreparedStatement ps = c.prepareStatement(ITEM_SELECT + " WHERE id IN (" + Sql.marks(chunk.size())
          + ") ORDER BY id")) {
        bindLongs(ps, 1, chunk);
        out.addAll(itemRows(ps));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------- files

  @Override
  public void saveFiles(Collection<FileRecord> files) {
    if (files.isEmpty()) {
      return;
    }
    write("save " + files.size() + " file records", c -> {
      try (PreparedStatement ps = c.prepareStatement(fileUpsert)) {
        int n = 0;
        for (FileRecord f : files) {
          ps.setString(1, f.taskId());
          ps.setString(2, pathHash(f.path()));
          ps.setLong(3, f.itemId());
          ps.setString(4, f.path());
          ps.setString(5, f.version() == null ? null : f.version().text());
          ps.setLong(6, f.size());
          sql.setInstant(ps, 7, f.remoteModified());
          ps.setString(8, f.status().name());
          ps.setString(9, f.action() == null ? null : f.action().name());
          ps.setLong(10, f.bytesDone());
          ps.setString(11, f.message());
          sql.setInstant(ps, 12, f.updatedAt());
          ps.addBatch();
          if (++n % CHUNK == 0) {
            ps.executeBatch();
          }
        }
        if (n % CHUNK != 0) {
          ps.executeBatch();
        }
      }
      return null;
    });
  }

  @Override
  public List<FileRecord> files(String taskId) {
    return read("read the files of task " + taskId, c -> {
      try (PreparedStatement ps = c.prepareStatement(FILE_SELECT + " WHERE f.task_id = ? ORDER BY f.item_id, f.path")) {
        ps.setString(1, taskId);
        return fileRows(ps);
      }
    });
  }

  @Override
  public List<FileRecord> history(ShotKey shot) {
    return read("read the download history of " + shot, c -> {
      try (PreparedStatement ps = c.prepareStatement(FILE_SELECT
          + " JOIN shotsync_items i ON i.id = f.item_id AND i.task_id = f.task_id"
          + " WHERE i.episode = ? AND i.seq = ? AND i.shot = ? AND f.status = ?"
          + " ORDER BY f.updated_at DESC, f.task_id, f.path")) {
        ps.setString(1, shot.episode());
        ps.setString(2, shot.sequence());
        ps.setString(3, shot.shot());
        ps.setString(4, FileStatus.DONE.name());
        return fileRows(ps);
      }
    });
  }

  private List<FileRecord> fileRows(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<FileRecord> out = new ArrayList<>();
      while (rs.next()) {
        String version = rs.getString("version");
        String action = rs.getString("file_action");
        out.add(new FileRecord(rs.getString("task_id"), rs.getLong("item_id"), rs.getString("path"),
            version == null ? null : Version.parse(version), rs.getLong("file_size"),
            sql.getInstant(rs, "remote_modified"), FileStatus.valueOf(rs.getString("status")),
            action == null ? null : FileAction.valueOf(action), rs.getLong("bytes_done"), rs.getString("message"),
            Objects.requireNonNull(sql.getInstant(rs, "updated_at"))));
      }
      return out;
    }
  }

  private static String pathHash(String path) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(path.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  // ------------------------------------------------------------------------------------------- logs

  @Override
  public void appendLogs(Collection<LogRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    write("append " + records.size() + " log records", c -> {
      // Holding this row lock until commit makes appends commit in the order their identity values were drawn.
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE shotsync_counters SET next_value = next_value + ? WHERE name = 'log_append'")) {
        ps.setLong(1, records.size());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO shotsync_logs (task_id, logged_at, log_level,"
          + " level_rank, item_id, file_path, message) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        int n = 0;
        for (LogRecord r : records) {
          ps.setString(1, r.taskId());
          sql.setInstant(ps, 2, r.time());
          ps.setString(3, r.level().name());
          ps.setInt(4, r.level().ordinal());
          if (r.itemId() == null) {
            ps.setNull(5, Types.BIGINT);
          } else {
            ps.setLong(5, r.itemId());
          }
          ps.setString(6, r.file());
          ps.setString(7, r.message());
          ps.addBatch();
          if (++n % CHUNK == 0) {
            ps.executeBatch();
          }
        }
        if (n % CHUNK != 0) {
          ps.executeBatch();
        }
      }
      return null;
    });
  }

  @Override
  public List<LogRecord> logs(LogQuery query) {
    return read("read the logs of task " + query.taskId(), c -> {
      boolean back = query.backwards();
      // backwards: the records nearest below the cursor, read newest first and answered oldest first
      try (PreparedStatement ps = c.prepareStatement(LOG_SELECT
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
        try (ResultSet rs = ps.executeQuery()) {
          List<LogRecord> out = new ArrayList<>();
          while (rs.next()) {
            long item = rs.getLong("item_id");
            Long itemId = rs.wasNull() ? null : item;
            out.add(new LogRecord(rs.getLong("seq"), Objects.requireNonNull(sql.getInstant(rs, "logged_at")),
                LogLevel.valueOf(rs.getString("log_level")), rs.getString("task_id"), itemId,
                rs.getString("file_path"), rs.getString("message")));
          }
          if (back) {
            Collections.reverse(out);
          }
          return out;
        }
      }
    });
  }

  // ------------------------------------------------------------------------------------------- rows

  /** Binds the task's columns from index 1, its id first when {@code withId}; answers the next index. */
  private int bindTask(PreparedStatement ps, Task t, boolean withId) throws SQLException {
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

  private Task taskRow(ResultSet rs) throws SQLException {
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
        .localRoot(root == null ? null : java.nio.file.Path.of(root))
        .layout(rs.getString("layout_json"))
        .options(options == null ? null : Json.options(options));
    properties.forEach(b::property);
    TaskSpec spec = b.build();
    return new Task(rs.getString("id"), spec, TaskStatus.valueOf(rs.getString("status")),
        Objects.requireNonNull(sql.getInstant(rs, "created_at")), sql.getInstant(rs, "started_at"),
        sql.getInstant(rs, "completed_at"), rs.getLong("total_bytes"), rs.getLong("transferred_bytes"),
        rs.getInt("attempts"), rs.getString("message"), rs.getInt("auto_retries_used"),
        rs.getLong("bytes_received"));
  }

  private int bindItemFields(PreparedStatement ps, int start, TaskItem item) throws SQLException {
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

  private static List<TaskItem> itemRows(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<TaskItem> out = new ArrayList<>();
      while (rs.next()) {
        ItemKey key = new ItemKey(new ShotKey(rs.getString("episode"), rs.getString("seq"), rs.getString("shot")),
            Department.of(rs.getString("department")));
        out.add(new TaskItem(rs.getLong("id"), rs.getString("task_id"), key,
            ItemStatus.valueOf(rs.getString("status")), rs.getString("message"),
            version(rs.getString("selected_version")), Json.versions(rs.getString("available_versions")),
            version(rs.getString("latest_version")), version(rs.getString("local_version")),
            Json.versions(rs.getString("fetched_versions")), rs.getInt("file_count"), rs.getLong("total_bytes"),
            rs.getLong("transferred_bytes"), new FileStats(rs.getInt("files_downloaded"),
                rs.getInt("files_skipped"), rs.getInt("files_overwritten"), rs.getInt("files_kept_both"),
                rs.getInt("files_resumed"), rs.getInt("files_failed")), rs.getLong("bytes_received")));
      }
      return out;
    }
  }

  private static @Nullable String text(@Nullable Version v) {
    return v == null ? null : v.text();
  }

  private static @Nullable Version version(@Nullable String s) {
    return s == null ? null : Version.parse(s);
  }

  private static void bindStrings(PreparedStatement ps, int start, List<String> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      ps.setString(start + i, values.get(i));
    }
  }

  private static void bindLongs(PreparedStatement ps, int start, List<Long> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      ps.setLong(start + i, values.get(i));
    }
  }

  // ------------------------------------------------------------------------------------------- connections

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs statements in auto-commit mode. */
  private <T> T read(String what, Work<T> work) {
    return run(what, work, false);
  }

  /** Runs statements in one transaction, again after a deadlock or serialization failure. */
  private <T> T write(String what, Work<T> work) {
    return run(what, work, true);
  }

  private <T> T run(String what, Work<T> work, boolean transaction) {
    if (closed) {
      throw new ShotSyncException("could not " + what + ": the " + description + " store is closed");
    }
    for (int attempt = 1; ; attempt++) {
      Connection c;
      try {
        c = source.acquire();
      } catch (SQLException e) {
        throw new ShotSyncException("could not " + what + ": no connection to the " + description + " store: "
            + e.getMessage(), e);
      }
      boolean broken = false;
      try {
        if (transaction) {
          c.setAutoCommit(false);
        }
        T result = work.run(c);
        if (transaction) {
          c.commit();
        }
        return result;
      } catch (SQLException e) {
        broken = rollback(c, transaction);
        if (Sql.isRetryable(e) && attempt < RETRIES) {
          sleep(attempt);
          continue;
        }
        throw new ShotSyncException("could not " + what + " in the " + description + " store: "
            + e.getMessage(), e);
      } catch (RuntimeException e) {
        broken = rollback(c, transaction);
        throw e;
      } finally {
        try {
          if (!broken && transaction) {
            c.setAutoCommit(true);
          }
        } catch (SQLException e) {
          broken = true;
        }
        source.release(c, broken);
      }
    }
  }

  private static boolean rollback(Connection c, boolean transaction) {
    try {
      if (transaction) {
        c.rollback();
      }
      return c.isClosed() || !c.isValid(2);
    } catch (SQLException e) {
      return true;
    }
  }

  private static void sleep(int attempt) {
    try {
      Thread.sleep(10L * attempt + java.util.concurrent.ThreadLocalRandom.current().nextInt(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShotSyncException("interrupted while retrying a store operation");
    }
  }
}
