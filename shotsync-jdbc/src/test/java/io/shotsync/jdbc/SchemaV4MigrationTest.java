package io.shotsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A store of schema version 3 holding a finished task and its item opens under version 4: both read back with no
 * bytes received, and the counts they then record are kept. On H2, PostgreSQL and MariaDB.
 */
class SchemaV4MigrationTest {

  @Test
  void h2() throws Exception {
    Databases.atSchemaVersion(Dialect.H2, 3, url -> check(Dialect.H2, url));
  }

  @Test
  void postgresql() throws Exception {
    Databases.atSchemaVersion(Dialect.POSTGRESQL, 3, url -> check(Dialect.POSTGRESQL, url));
  }

  @Test
  void mariadb() throws Exception {
    Databases.atSchemaVersion(Dialect.MARIADB, 3, url -> check(Dialect.MARIADB, url));
  }

  private static void check(Dialect dialect, String url) throws Exception {
    String id = UUID.randomUUID().toString();
    String json = dialect == Dialect.POSTGRESQL ? "CAST(? AS JSONB)" : "?";
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO shotsync_tasks (id, name, endpoint_id, status,"
          + " version_strategy, custom_versions, conflict_strategy, selection, properties, auto_retries, retry_delay,"
          + " created_at, total_bytes, transferred_bytes, attempts, local_root, options, auto_retries_used) VALUES (?,"
          + " 'v3 task', 'e', 'COMPLETED', 'latest', " + json + ", 'skip', " + json + ", " + json + ", 0, 'PT5M', ?,"
          + " 500, 500, 1, '/projects/abc', " + json + ", 0)")) {
        ps.setString(1, id);
        ps.setString(2, "{}");
        ps.setString(3, "{\"shots\":[],\"departments\":[]}");
        ps.setString(4, "{}");
        ps.setTimestamp(5, Timestamp.from(Instant.now()));
        ps.setString(6, "{\"connections\":2}");
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO shotsync_items (id, task_id, episode, seq, shot,"
          + " department, status, available_versions, fetched_versions, file_count, total_bytes, transferred_bytes,"
          + " files_downloaded) VALUES (7, ?, 'ep01', 'sq010', 'sh0010', 'anim', 'COMPLETED', " + json + ", "
          + json + ", 1, 500, 500, 1)")) {
        ps.setString(1, id);
        ps.setString(2, "[\"v001\"]");
        ps.setString(3, "[\"v001\"]");
        ps.executeUpdate();
      }
    }
    try (JdbcTaskStore store = JdbcTaskStore.open(url)) {
      Task t = store.task(id).orElseThrow();
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(t.transferredBytes()).isEqualTo(500);
      assertThat(t.bytesReceived()).isZero();
      TaskItem item = store.items(id).get(0);
      assertThat(item.transferredBytes()).isEqualTo(500);
      assertThat(item.stats().downloaded()).isEqualTo(1);
      assertThat(item.bytesReceived()).isZero();
      store.updateTask(t.withBytes(500, 500, 321));
      store.updateItems(List.of(item.withProgress(500, 321, item.stats())));
      assertThat(store.task(id).orElseThrow().bytesReceived()).isEqualTo(321);
      assertThat(store.items(id).get(0).bytesReceived()).isEqualTo(321);
      assertThat(JdbcStoreContract.schemaVersions(url)).containsExactly(1, 2, 3, 4);
    }
  }
}
