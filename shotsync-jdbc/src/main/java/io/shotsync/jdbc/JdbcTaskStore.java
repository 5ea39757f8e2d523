package io.shotsync.jdbc;

import io.shotsync.api.Endpoint;
import io.shotsync.api.FileRecord;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.LocalStorageException;
import io.shotsync.api.ShotKey;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSummary;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.jdbc.internal.ClaimDao;
import io.shotsync.jdbc.internal.ConnectionPool;
import io.shotsync.jdbc.internal.ConnectionSource;
import io.shotsync.jdbc.internal.Db;
import io.shotsync.jdbc.internal.EndpointDao;
import io.shotsync.jdbc.internal.FileDao;
import io.shotsync.jdbc.internal.LogDao;
import io.shotsync.jdbc.internal.Migrator;
import io.shotsync.jdbc.internal.Sql;
import io.shotsync.jdbc.internal.TaskDao;
import io.shotsync.jdbc.internal.Urls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;

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
  private final Db db;
  private final EndpointDao endpoints;
  private final TaskDao tasks;
  private final ClaimDao claims;
  private final FileDao files;
  private final LogDao logs;

  private JdbcTaskStore(Db db, boolean skipLocked) {
    this.db = db;
    this.endpoints = new EndpointDao(db);
    this.tasks = new TaskDao(db);
    this.claims = new ClaimDao(db, skipLocked);
    this.files = new FileDao(db);
    this.logs = new LogDao(db);
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
   * may open the same directory at once: the first serves the others ({@code AUTO_SERVER}). Closing does not spend
   * H2's default 200 ms compacting the file ({@code MAX_COMPACT_TIME=0}): a short command ended that much later for
   * it, and the file was no smaller for it (25 MB after 25 no-op resyncs of 5,131 files either way).
   */
  public static JdbcTaskStore embedded(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LocalStorageException("could not create the store directory " + dir + ": "
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
    return "jdbc:h2:file:" + path + ";AUTO_SERVER=TRUE;MAX_COMPACT_TIME=0";
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
    Db db = new Db(source, new Sql(dialect), Objects.requireNonNull(clock, "clock"), description);
    try {
      new Migrator(dialect).migrate(source);
      return new JdbcTaskStore(db, db.read("read the server version", ClaimDao::supportsSkipLocked));
    } catch (SQLException e) {
      source.close();
      throw new ShotSyncException("could not open the " + description + " store: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
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
    return db.sql().dialect();
  }

  @Override
  public void close() {
    db.close();
  }

  @Override
  public String toString() {
    return "JdbcTaskStore[" + db.description() + "]";
  }

  // ------------------------------------------------------------------------------------------- endpoints

  @Override
  public void saveEndpoint(Endpoint endpoint) {
    endpoints.save(endpoint);
  }

  @Override
  public Optional<Endpoint> endpoint(String id) {
    return endpoints.endpoint(id);
  }

  @Override
  public List<Endpoint> endpoints() {
    return endpoints.endpoints();
  }

  @Override
  public void saveStructure(String endpointId, String json, Instant scannedAt) {
    endpoints.saveStructure(endpointId, json, scannedAt);
  }

  @Override
  public Optional<StoredStructure> structure(String endpointId) {
    return endpoints.structure(endpointId);
  }

  @Override
  public Optional<Instant> structureScannedAt(String endpointId) {
    return endpoints.structureScannedAt(endpointId);
  }

  // ------------------------------------------------------------------------------------------- tasks

  @Override
  public void createTask(Task task, List<TaskItem> items) {
    tasks.create(task, items);
  }

  @Override
  public long nextItemIds(int count) {
    return tasks.nextItemIds(count);
  }

  @Override
  public void updateTask(Task task) {
    tasks.update(task);
  }

  @Override
  public void updateItems(Collection<TaskItem> items) {
    tasks.updateItems(items);
  }

  @Override
  public Optional<Task> task(String id) {
    return tasks.task(id);
  }

  @Override
  public List<Task> tasks(TaskQuery query) {
    return tasks.tasks(query);
  }

  @Override
  public List<TaskItem> items(String taskId) {
    return tasks.items(taskId);
  }

  /** The tasks with their items' counts and statistics: one query of the tasks, one aggregate of their items. */
  @Override
  public List<TaskSummary> taskSummaries(TaskQuery query) {
    return tasks.summaries(query);
  }

  @Override
  public int deleteTasks(Collection<String> ids) {
    return tasks.delete(ids);
  }

  // ------------------------------------------------------------------------------------------- claims

  @Override
  public List<TaskItem> claimItems(String taskId, String worker, Duration lease, int max) {
    return claims.claim(taskId, worker, lease, max);
  }

  @Override
  public int renewLeases(String worker, Duration lease) {
    return claims.renew(worker, lease);
  }

  @Override
  public boolean hasLiveClaims(String taskId) {
    return claims.hasLive(taskId);
  }

  @Override
  public Set<String> claimHolders(String taskId) {
    return claims.holders(taskId);
  }

  @Override
  public int releaseWorker(String worker) {
    return claims.releaseWorker(worker);
  }

  @Override
  public void releaseItems(String worker, Collection<Long> itemIds) {
    claims.release(worker, itemIds);
  }

  // ------------------------------------------------------------------------------------------- files

  @Override
  public void saveFiles(Collection<FileRecord> records) {
    files.save(records);
  }

  @Override
  public List<FileRecord> files(String taskId) {
    return files.files(taskId);
  }

  @Override
  public List<FileRecord> history(ShotKey shot) {
    return files.history(shot);
  }

  // ------------------------------------------------------------------------------------------- logs

  @Override
  public void appendLogs(Collection<LogRecord> records) {
    logs.append(records);
  }

  @Override
  public List<LogRecord> logs(LogQuery query) {
    return logs.logs(query);
  }
}
