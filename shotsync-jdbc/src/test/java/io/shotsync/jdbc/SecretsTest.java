package io.shotsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Endpoint;
import io.shotsync.api.Secret;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.core.ShotSync;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.testkit.EventRecorder;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full run with a file-based H2 store, one that fails on a 550 and one with a wrong password: the password is in
 * no log record, no event, no exception message and no text column of any table of the store.
 */
class SecretsTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  @TempDir
  Path tmp;

  static void messages(Throwable e, List<String> into) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      into.add(t.getClass().getName() + ": " + t.getMessage());
      into.add(t.toString());
    }
  }

  @Test
  void thePasswordIsInNoLogEventExceptionOrStoredRow() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    Path storeDir = tmp.resolve("store");
    EventRecorder events = new EventRecorder();
    List<String> seen = new ArrayList<>();
    String wrong = "Wr0ng-" + FtpServerExtension.PASSWORD;
    Endpoint bad = new Endpoint("bad", "127.0.0.1", FTP.port(), FtpServerExtension.USER, Secret.of(wrong), "/",
        false, null);
    SyncOptions options = SyncOptions.defaults().withRetries(1, Duration.ofMillis(20)).withSegmentThreshold(0);
    try (JdbcTaskStore store = JdbcTaskStore.embedded(storeDir);
        ShotSync sync = ShotSync.builder().endpoint(FTP.endpoint()).endpoint(bad).localRoot(tmp.resolve("local"))
            .store(store).options(options).listener(events).build()) {
      sync.scan(FTP.endpoint().id());
      Files.delete(FTP.root().resolve("ep01/sq010/sh0010/anim/publish/v010/scene.ma"));
      Task t = sync.run(TaskSpec.builder(FTP.endpoint().id()).shots("ep01/sq010/*").build())
          .await(Duration.ofSeconds(60));
      assertThat(t.status()).isEqualTo(TaskStatus.PARTIAL);
      try {
        sync.scan("bad");
      } catch (ShotSyncException e) {
        messages(e, seen);
      }
      try {
        sync.run(TaskSpec.builder("bad").build()).await(Duration.ofSeconds(60));
      } catch (ShotSyncException e) {
        messages(e, seen);
      }
      assertThat(seen).as("the wrong password failed").isNotEmpty();
      for (Task task : sync.tasks(TaskQuery.all())) {
        seen.add(task.toString());
        seen.add(sync.items(task.id()).toString());
        sync.logs(new LogQuery(task.id(), LogLevel.DEBUG, 0, 100_000)).forEach(r -> seen.add(r.toString()));
        seen.add(store.files(task.id()).toString());
      }
      seen.add(sync.endpoints().toString());
      seen.add(sync.toString());
      events.events().forEach(e -> seen.add(e.toString()));
    }
    assertThat(String.join("\n", seen)).contains("scene.ma").contains("550")
        .doesNotContain(FtpServerExtension.PASSWORD).doesNotContain(wrong);

    // every text column of every table
    int columns = 0;
    StringBuilder rows = new StringBuilder();
    try (Connection c = DriverManager.getConnection(JdbcTaskStore.embeddedUrl(storeDir));
        Statement st = c.createStatement()) {
      List<String[]> textColumns = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
          + " WHERE TABLE_SCHEMA = 'PUBLIC' AND (DATA_TYPE LIKE '%CHAR%' OR DATA_TYPE LIKE '%CLOB%')")) {
        while (rs.next()) {
          textColumns.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
      for (String[] tc : textColumns) {
        columns++;
        try (ResultSet rs = st.executeQuery("SELECT \"" + tc[1] + "\" FROM \"" + tc[0] + "\"")) {
          while (rs.next()) {
            rows.append(rs.getString(1)).append('\n');
          }
        }
      }
    }
    assertThat(columns).isGreaterThan(5);
    assertThat(rows.toString()).contains("scene.ma").doesNotContain(FtpServerExtension.PASSWORD)
        .doesNotContain(wrong);
  }
}
