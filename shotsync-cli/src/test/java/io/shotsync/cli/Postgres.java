package io.shotsync.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests use, as shotsync-jdbc's tests reach it: skipped when absent, a failure when
 * {@code SHOTSYNC_REQUIRE_DATABASES=1}; each test in a schema of its own. Another server:
 * {@code SHOTSYNC_TEST_POSTGRES_URL}.
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
      String msg = "PostgreSQL is not reachable at " + URL.replaceAll("password=[^&]*", "password=****") + " ("
          + problem + ")";
      if (REQUIRED) {
        fail(msg + "; SHOTSYNC_REQUIRE_DATABASES=1 makes this a failure");
      }
      Assumptions.abort(msg + "; its tests are skipped (set SHOTSYNC_REQUIRE_DATABASES=1 to fail instead)");
    }
  }

  /** Creates an empty schema whose name starts with {@code prefix} and answers it. */
  static String createSchema(String prefix) {
    String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    exec("CREATE SCHEMA " + name);
    return name;
  }

  /** A URL that uses the schema. */
  static String urlOf(String schema) {
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Drops a schema {@link #createSchema} made. */
  static void drop(String schema) {
    exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
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
