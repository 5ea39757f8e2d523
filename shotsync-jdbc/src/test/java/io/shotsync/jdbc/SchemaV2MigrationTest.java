package io.shotsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.Department;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.Task;
import io.shotsync.api.TaskStatus;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store made by schema version 1, holding a task the command queued then (its local root only in the
 * {@code shotsync.cli.local} property), opens under version 2, migrates, and runs that task into its root; a store
 * newer than this library is refused with a clear message. On H2, PostgreSQL and MariaDB.
 */
class SchemaV2MigrationTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  static final String SHOT = "ep01/sq010/sh0020";

  @TempDir
  Path dir;

  @Test
  void h2() throws Exception {
    Databases.atSchemaVersion(Dialect.H2, 1, url -> check(Dialect.H2, url));
  }

  @Test
  void postgresql() throws Exception {
    Databases.atSchemaVersion(Dialect.POSTGRESQL, 1, url -> check(Dialect.POSTGRESQL, url));
  }

  @Test
  void mariadb() throws Exception {
    Databases.atSchemaVersion(Dialect.MARIADB, 1, url -> check(Dialect.MARIADB, url));
  }

  private void check(Dialect dialect, String url) throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    Path root = dir.resolve("queued by v1");
    String taskId = UUID.randomUUID().toString();
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeQuery("SELECT local_root FROM shotsync_tasks").close())
          .isInstanceOf(java.sql.SQLException.class);
      // what a version-1 `download --queue` stored: no root column yet, the root as a property
      String json = dialect == Dialect.POSTGRESQL ? "CAST(? AS JSONB)" : "?";
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO shotsync_tasks (id, name, endpoint_id, status,"
          + " version_strategy, custom_versions, conflict_strategy, selection, properties, auto_retries, retry_delay,"
          + " created_at, total_bytes, transferred_bytes, attempts) VALUES (?, 'queued by v1', ?, 'QUEUED', 'latest', "
          + json + ", 'skip', " + json + ", " + json + ", 0, 'PT1M', ?, 0, 0, 0)")) {
        ps.setString(1, taskId);
        ps.setString(2, FTP.endpoint().id());
        ps.setString(3, "{}");
        ps.setString(4, "{\"shots\":[\"" + SHOT + "\"],\"departments\":[\"anim\"]}");
        ps.setString(5, "{\"shotsync.cli.local\":\"" + root.toAbsolutePath().toString().replace("\\", "\\\\")
            + "\"}");
        ps.setTimestamp(6, Timestamp.from(Instant.now()));
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO shotsync_items (id, task_id, episode, seq, shot,"
          + " department, status, available_versions, fetched_versions) VALUES (1, ?, 'ep01', 'sq010', 'sh0020',"
          + " 'anim', 'PENDING', " + json + ", " + json + ")")) {
        ps.setString(1, taskId);
        ps.setString(2, "[]");
        ps.setString(3, "[]");
        ps.executeUpdate();
      }
      st.executeUpdate("UPDATE shotsync_counters SET next_value = 2 WHERE name = 'item_id'");
    }

    try (JdbcTaskStore store = JdbcTaskStore.open(url)) {
      Task old = store.task(taskId).orElseThrow();
      assertThat(old.spec().localRoot()).isEqualTo(root.toAbsolutePath().normalize());
      assertThat(old.spec().options()).isNull();
      assertThat(old.spec().selection().departments()).containsExactly(Department.ANIM);
      try (ShotSync worker = ShotSync.builder().store(store).endpoint(FTP.endpoint()).localRoot(dir.resolve("other"))
          .options(SyncOptions.defaults().withRetries(2, Duration.ofMillis(20))).build()) {
        assertThat(worker.runQueued(Duration.ofMillis(300))).isPositive();
        Task done = worker.task(taskId);
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        // stored again with what it ran with, now in the new columns
        assertThat(done.spec().localRoot()).isEqualTo(root.toAbsolutePath().normalize());
      }
    }
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')))
          .isNotEmpty().allMatch(p -> p.startsWith(SHOT + "/anim/publish/"));
    }
    assertThat(Files.exists(dir.resolve("other"))).isFalse();

    // a store written by a newer shotsync is refused, and nothing is dropped
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO shotsync_schema_version (version, script, installed_at) VALUES (99,"
          + " 'V99__future.sql', 'now')");
    }
    assertThatThrownBy(() -> JdbcTaskStore.open(url).close()).isInstanceOf(ShotSyncException.class)
        .hasMessageContaining("schema is at version 99, newer than this shotsync");
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT COUNT(*) FROM shotsync_tasks")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

}
