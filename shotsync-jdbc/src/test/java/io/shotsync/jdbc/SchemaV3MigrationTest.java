package io.shotsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Task;
import io.shotsync.api.TaskStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A store of schema version 2 holding a failed task with automatic retries opens under version 3: the task reads
 * back with no automatic retry used, and the count it then records is kept. On H2, PostgreSQL and MariaDB.
 */
class SchemaV3MigrationTest {

  @Test
  void h2() throws Exception {
    Databases.atSchemaVersion(Dialect.H2, 2, url -> check(Dialect.H2, url));
  }

  @Test
  void postgresql() throws Exception {
    Databases.atSchemaVersion(Dialect.POSTGRESQL, 2, url -> check(Dialect.POSTGRESQL, url));
  }

  @Test
  void mariadb() throws Exception {
    Databases.atSchemaVersion(Dialect.MARIADB, 2, url -> check(Dialect.MARIADB, url));
  }

  private static void check(Dialect dialect, String url) throws Exception {
    String id = UUID.randomUUID().toString();
    String json = dialect == Dialect.POSTGRESQL ? "CAST(? AS JSONB)" : "?";
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("INSERT INTO shotsync_tasks (id, name, endpoint_id, status,"
            + " version_strategy, custom_versions, conflict_strategy, selection, properties, auto_retries, retry_delay,"
            + " created_at, total_bytes, transferred_bytes, attempts, local_root, options) VALUES (?, 'v2 task', 'e',"
            + " 'FAILED', 'latest', " + json + ", 'skip', " + json + ", " + json + ", 3, 'PT5M', ?, 0, 0, 2,"
            + " '/projects/abc', " + json + ")")) {
      ps.setString(1, id);
      ps.setString(2, "{}");
      ps.setString(3, "{\"shots\":[],\"departments\":[]}");
      ps.setString(4, "{}");
      ps.setTimestamp(5, Timestamp.from(Instant.now()));
      ps.setString(6, "{\"connections\":2,\"bandwidth\":\"8M\"}");
      ps.executeUpdate();
    }
    try (JdbcTaskStore store = JdbcTaskStore.open(url)) {
      Task t = store.task(id).orElseThrow();
      assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
      assertThat(t.attempts()).isEqualTo(2);
      assertThat(t.autoRetriesUsed()).isZero();
      assertThat(t.spec().options().connections()).isEqualTo(2);
      store.updateTask(t.withAutoRetriesUsed(2));
      assertThat(store.task(id).orElseThrow().autoRetriesUsed()).isEqualTo(2);
      assertThat(JdbcStoreContract.schemaVersions(url)).containsExactly(1, 2, 3, 4);
    }
  }
}
