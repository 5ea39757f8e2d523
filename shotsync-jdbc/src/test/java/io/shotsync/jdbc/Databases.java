package io.shotsync.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * The database servers the tests use, each test class in a schema (PostgreSQL) or database (MariaDB) of its
 * own. A server that is not there skips its tests, or fails them when {@code SHOTSYNC_REQUIRE_DATABASES=1}.
 *
 * <p>Other servers: {@code SHOTSYNC_TEST_POSTGRES_URL}, {@code SHOTSYNC_TEST_MARIADB_URL}.
 */
final class Databases {
  static final String POSTGRES = env("SHOTSYNC_TEST_POSTGRES_URL",
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=5");
  static final String MARIADB = env("SHOTSYNC_TEST_MARIADB_URL",
      "jdbc:mariadb://127.0.0.1:3306/test?user=root&connectTimeout=5000");
  static final boolean REQUIRED = "1".equals(System.getenv("SHOTSYNC_REQUIRE_DATABASES"));

  private static final Map<String, String> PROBLEMS = new ConcurrentHashMap<>();

  private Databases() {}

  /** Skips (or fails, when databases are required) the calling test unless the server answers. */
  static void require(Dialect dialect) {
    String admin = adminUrl(dialect);
    String problem = PROBLEMS.computeIfAbsent(admin, u -> {
      try (Connection c = DriverManager.getConnection(u)) {
        return c.isValid(5) ? "" : "connection not valid";
      } catch (SQLException e) {
        return e.getMessage();
      }
    });
    if (!problem.isEmpty()) {
      String name = dialect == Dialect.POSTGRESQL ? "PostgreSQL" : "MariaDB";
      String msg = name + " is not reachable at " + io.shotsync.jdbc.internal.Urls.redact(admin) + " (" + problem
          + ")";
      if (REQUIRED) {
        fail(msg + "; SHOTSYNC_REQUIRE_DATABASES=1 makes this a failure");
      }
      Assumptions.abort(msg + "; its tests are skipped (set SHOTSYNC_REQUIRE_DATABASES=1 to fail instead)");
    }
  }

  /** A check run against a database URL. */
  @FunctionalInterface
  interface UrlCheck {
    void run(String url) throws Exception;
  }

  /**
   * Runs {@code check} on a fresh database of the dialect (an in-memory H2 database, or a schema or database of its
   * own on the server, dropped afterwards) whose schema was migrated only up to {@code version}.
   */
  static void atSchemaVersion(Dialect dialect, int version, UrlCheck check) throws Exception {
    String url = dialect == Dialect.H2 ? "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" : create(dialect);
    try {
      try (io.shotsync.jdbc.internal.ConnectionPool pool =
          new io.shotsync.jdbc.internal.ConnectionPool(url, new java.util.Properties(), 2)) {
        new io.shotsync.jdbc.internal.Migrator(dialect, version).migrate(pool);
      }
      check.run(url);
    } finally {
      if (dialect != Dialect.H2) {
        drop(dialect, url);
      }
    }
  }

  /** Creates an empty schema (PostgreSQL) or database (MariaDB) and answers a JDBC URL that uses it. */
  static String create(Dialect dialect) {
    require(dialect);
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    exec(dialect, dialect == Dialect.POSTGRESQL ? "CREATE SCHEMA " + name
        : "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    return urlOf(dialect, name);
  }

  /** Drops what {@link #create} made. */
  static void drop(Dialect dialect, String url) {
    String name = nameIn(dialect, url);
    exec(dialect, dialect == Dialect.POSTGRESQL ? "DROP SCHEMA IF EXISTS " + name + " CASCADE"
        : "DROP DATABASE IF EXISTS " + name);
  }

  /** Deletes every row a store wrote (not the schema version or the id counter). */
  static void wipe(String url) {
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      for (String t : List.of("shotsync_logs", "shotsync_files", "shotsync_items", "shotsync_tasks",
          "shotsync_structures", "shotsync_endpoints")) {
        st.executeUpdate("DELETE FROM " + t);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not wipe the test schema", e);
    }
  }

  /** The names of the store's tables in the database of the URL. */
  static List<String> tables(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    List<String> out = new ArrayList<>();
    try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String t = rs.getString("TABLE_NAME");
        if (t.toLowerCase(Locale.ROOT).startsWith("shotsync_")) {
          out.add(t);
        }
      }
    }
    return out;
  }

  private static String adminUrl(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL ? POSTGRES : MARIADB;
  }

  private static String urlOf(Dialect dialect, String name) {
    String admin = adminUrl(dialect);
    if (dialect == Dialect.POSTGRESQL) {
      return admin + (admin.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }
    int q = admin.indexOf('?');
    String base = q < 0 ? admin : admin.substring(0, q);
    String params = q < 0 ? "" : admin.substring(q);
    return base.substring(0, base.lastIndexOf('/') + 1) + name + params;
  }

  private static String nameIn(Dialect dialect, String url) {
    if (dialect == Dialect.POSTGRESQL) {
      return url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    }
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    return base.substring(base.lastIndexOf('/') + 1);
  }

  private static void exec(Dialect dialect, String statement) {
    try (Connection c = DriverManager.getConnection(adminUrl(dialect)); Statement st = c.createStatement()) {
      st.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run '" + statement + "': " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
