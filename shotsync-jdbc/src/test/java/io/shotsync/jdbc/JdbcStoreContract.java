package io.shotsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.shotsync.api.Endpoint;
import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStats;
import io.shotsync.api.FileStatus;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Secret;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.TaskSummary;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.TaskQuery;
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
import java.util.Set;
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

  @Test
  void taskSummariesCountAndSumTheItemsAsReadingThemWould() {
    TaskStore s = store();
    long id = s.nextItemIds(6);
    s.createTask(task("mixed", T0), List.of(
        plainItem(id, "mixed", "ep01/sq010/sh0010", "anim").withStatus(ItemStatus.COMPLETED, null)
            .withProgress(500, new FileStats(3, 1, 0, 0, 0, 0)),
        plainItem(id + 1, "mixed", "ep01/sq010/sh0020", "anim").withStatus(ItemStatus.COMPLETED, null)
            .withProgress(700, new FileStats(2, 0, 1, 1, 0, 0)),
        fullItem(id + 2, "mixed"),
        plainItem(id + 3, "mixed", "ep01/sq010/sh0030", "lighting").withStatus(ItemStatus.RUNNING, null)
            .withProgress(10, new FileStats(0, 4, 0, 0, 1, 0)),
        plainItem(id + 4, "mixed", "ep01/sq010/sh0040", "anim")));
    s.createTask(task("one", T0.plusSeconds(1)), List.of(plainItem(id + 5, "one", "ep02/sq010/sh0010", "anim")
        .withStatus(ItemStatus.SKIPPED, "v001 is local")));
    s.createTask(task("none", T0.plusSeconds(2)).withStatus(TaskStatus.COMPLETED, null), List.of());

    List<TaskSummary> all = s.taskSummaries(TaskQuery.all());
    assertThat(all).extracting(x -> x.task().id()).containsExactly("none", "one", "mixed");
    assertThat(all).containsExactlyElementsOf(summariesFromItems(s, TaskQuery.all()));
    TaskSummary mixed = all.get(2);
    assertThat(mixed.itemTotal()).isEqualTo(5);
    assertThat(mixed.itemCounts()).containsExactly(entry(ItemStatus.PENDING, 1), entry(ItemStatus.RUNNING, 1),
        entry(ItemStatus.COMPLETED, 2), entry(ItemStatus.SKIPPED, 0), entry(ItemStatus.FAILED, 1),
        entry(ItemStatus.CANCELLED, 0));
    assertThat(mixed.files()).isEqualTo(new FileStats(6, 7, 4, 5, 6, 6));
    assertThat(all.get(0).itemTotal()).isZero();
    assertThat(all.get(0).files()).isEqualTo(FileStats.ZERO);

    // the query's filters and limit, as tasks() applies them
    for (TaskQuery q : List.of(TaskQuery.withStatus(TaskStatus.PENDING), TaskQuery.withStatus(TaskStatus.COMPLETED),
        new TaskQuery(Set.of(), T0.plusSeconds(2), 10), new TaskQuery(Set.of(), null, 2),
        new TaskQuery(Set.of(), null, 0))) {
      assertThat(s.taskSummaries(q)).as("%s", q).containsExactlyElementsOf(summariesFromItems(s, q));
    }
  }

  @Test
  void taskSummariesOfMoreTasksThanOneStatementTakes() {
    TaskStore s = store();
    int n = 501;
    long id = s.nextItemIds(n);
    for (int i = 0; i < n; i++) {
      String task = "t" + i;
      s.createTask(task(task, T0.plusSeconds(i)), List.of(plainItem(id + i, task, "ep01/sq010/sh0010", "anim")
          .withStatus(ItemStatus.COMPLETED, null).withProgress(1, new FileStats(i, 0, 0, 0, 0, 0))));
    }
    List<TaskSummary> all = s.taskSummaries(new TaskQuery(Set.of(), null, 1000));
    assertThat(all).hasSize(n).allMatch(x -> x.itemCounts().get(ItemStatus.COMPLETED) == 1
        && x.files().downloaded() == Integer.parseInt(x.task().id().substring(1)));
  }

  /** What the SPI's default answers: every listed task's items read and summed. */
  private static List<TaskSummary> summariesFromItems(TaskStore s, TaskQuery q) {
    return s.tasks(q).stream().map(t -> TaskSummary.of(t, s.items(t.id()))).toList();
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
