package io.shotsync.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests use, as shotsync-jdbc's tests reach it: skipped when absent, a failure when
 * {@code SHOTSYNC_REQUIRE_DATABASES=1}; each test class in a schema of its own.
 */
final class Postgres {
  static final String URL = env("SHOTSYNC_TEST_POSTGRES_URL",
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=5");
  static final boolean REQUIRED = "1".equals(System.getenv("SHOTSYNC_REQUIRE_DATABASES"));
  private static volatile String problem;

  private Postgres() {}

  /** Skips (or fails, when databases are required) the calling test unless the server answers. */
  static void require() {
    if (problem == null) {
      try (Connection c = DriverManager.getConnection(URL)) {
        problem = c.isValid(5) ? "" : "connection not valid";
      } catch (SQLException e) {
        problem = e.getMessage();
      }
    }
    if (!problem.isEmpty()) {
      String msg = "PostgreSQL is not reachable (" + problem + ")";
      if (REQUIRED) {
        fail(msg + "; SHOTSYNC_REQUIRE_DATABASES=1 makes this a failure");
      }
      Assumptions.abort(msg + "; its tests are skipped (set SHOTSYNC_REQUIRE_DATABASES=1 to fail instead)");
    }
  }

  /** Creates an empty schema and answers a URL that uses it. */
  static String createSchema() {
    String name = "srv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    exec("CREATE SCHEMA " + name);
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** Drops a schema {@link #createSchema} made. */
  static void drop(String url) {
    exec("DROP SCHEMA IF EXISTS " + url.substring(url.indexOf("currentSchema=") + 14) + " CASCADE");
  }

  /** Deletes every row a store wrote in the schema of the URL (when its tables exist). */
  static void wipe(String url) {
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      for (String t : List.of("shotsync_logs", "shotsync_files", "shotsync_items", "shotsync_tasks",
          "shotsync_structures", "shotsync_endpoints")) {
        if (c.getMetaData().getTables(null, c.getSchema(), t, null).next()) {
          st.executeUpdate("DELETE FROM " + t);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not wipe the test schema", e);
    }
  }

  private static void exec(String sql) {
    try (Connection c = DriverManager.getConnection(URL); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run '" + sql + "': " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
