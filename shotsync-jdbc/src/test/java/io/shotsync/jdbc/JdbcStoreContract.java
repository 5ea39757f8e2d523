package io.shotsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Endpoint;
import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStatus;
import io.shotsync.api.Secret;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.testkit.TaskStoreContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The store contract plus what only a database store has: migrations, several stores on one database, no passwords in any column. */
abstract class JdbcStoreContract extends TaskStoreContract {

  /** The URL of the database the last {@link #newStore()} opened. */
  protected abstract String currentUrl();

  /** The URL of a new, empty database (or schema). */
  protected abstract String newDatabaseUrl();

  /** Another store on the current database, closed after the test. */
  protected final TaskStore secondStore() {
    TaskStore s = JdbcTaskStore.open(currentUrl(), Map.of(), clock());
    opened(s);
    return s;
  }

  private final List<TaskStore> extra = new ArrayList<>();

  private void opened(TaskStore s) {
    extra.add(s);
  }

  @org.junit.jupiter.api.AfterEach
  void closeExtraStores() {
    extra.forEach(TaskStore::close);
    extra.clear();
  }

  @Test
  void openingAgainChangesNothing() throws Exception {
    TaskStore first = store();
    first.createTask(task("kept", T0), List.of());
    try (TaskStore again = JdbcTaskStore.open(currentUrl(), Map.of(), clock())) {
      assertThat(again.task("kept")).isPresent();
    }
    assertThat(schemaVersions(currentUrl())).containsExactly(1, 2, 3, 4);
  }

  @Test
  void twoProcessesMigratingAtOnceBothSucceed() throws Exception {
    String url = newDatabaseUrl();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<JdbcTaskStore>> opening = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        opening.add(pool.submit(() -> {
          go.await();
          return JdbcTaskStore.open(url, Map.of(), clock());
        }));
      }
      go.countDown();
      JdbcTaskStore a = opening.get(0).get(60, TimeUnit.SECONDS);
      opened(a);
      JdbcTaskStore b = opening.get(1).get(60, TimeUnit.SECONDS);
      opened(b);
      a.createTask(task("from-a", T0), List.of());
      assertThat(b.task("from-a")).isPresent();
      assertThat(schemaVersions(url)).containsExactly(1, 2, 3, 4);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoStoresOnOneDatabaseFinishEveryItemOnce() throws Exception {
    TaskStore a = store();
    assertEveryItemDoneOnce(a, secondStore(), 120);
  }

  @Test
  void aWorkerWhoseLeaseExpiredLosesItsItemsToAnotherStore() {
    TaskStore a = store();
    TaskStore b = secondStore();
    long id = a.nextItemIds(2);
    a.createTask(task("t", T0), List.of(plainItem(id, "t", "ep01/sq010/sh0010", "anim"),
        plainItem(id + 1, "t", "ep01/sq010/sh0020", "anim")));
    assertThat(a.claimItems("t", "host-a", Duration.ofSeconds(30), 10)).hasSize(2);
    assertThat(b.claimItems("t", "host-b", Duration.ofSeconds(30), 10)).isEmpty();
    clock().advance(Duration.ofSeconds(31));
    assertThat(b.claimItems("t", "host-b", Duration.ofSeconds(30), 10)).extracting(TaskItem::id)
        .containsExactly(id, id + 1);
    assertThat(a.renewLeases("host-a", Duration.ofSeconds(30))).isZero();
    assertThat(a.claimItems("t", "host-a", Duration.ofSeconds(30), 10)).isEmpty();
  }

  @Test
  void noColumnOfAnyTableHoldsThePassword() throws Exception {
    String password = "Pw-" + UUID.randomUUID();
    TaskStore s = store();
    Endpoint ep = Endpoint.fromUrl("studio", "ftp://render:" + password + "@ftp.example:2121/shots");
    assertThat(ep.password()).isNotNull();
    s.saveEndpoint(ep);
    s.saveStructure("studio", "{\"endpoint\":\"" + ep + "\"}", T0);
    Task t = Task.create("t-pw", TaskSpec.builder("studio").name("with " + ep).property("endpoint", ep.toString())
        .build(), T0);
    long id = s.nextItemIds(1);
    s.createTask(t, List.of(plainItem(id, "t-pw", "ep01/sq010/sh0010", "anim")));
    s.saveFiles(List.of(new FileRecord("t-pw", id, "ep01/sq010/sh0010/anim/publish/v001/a.ma", Version.of(1), 10,
        T0, FileStatus.DONE, FileAction.DOWNLOADED, 10, null, T0)));
    s.appendLogs(List.of(new LogRecord(0, T0, LogLevel.INFO, "t-pw", id, null, "connected to " + ep)));

    int cells = 0;
    List<String> tables;
    try (Connection c = DriverManager.getConnection(currentUrl())) {
      tables = Databases.tables(c);
      for (String table : tables) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            for (int col = 1; col <= md.getColumnCount(); col++) {
              String v = rs.getString(col);
              cells++;
              if (v != null) {
                assertThat(v).as("%s.%s", table, md.getColumnName(col)).doesNotContain(password);
              }
            }
          }
        }
      }
    }
    assertThat(tables).hasSizeGreaterThanOrEqualTo(8);
    assertThat(cells).isGreaterThan(50);
    assertThat(s.endpoint("studio").orElseThrow().password()).isNull();
    assertThat(ep.withPassword(Secret.of("x")).password()).isNotNull();
  }

  /** The versions in shotsync_schema_version. */
  static List<Integer> schemaVersions(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version FROM shotsync_schema_version ORDER BY version")) {
      List<Integer> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
      return out;
    }
  }
}
