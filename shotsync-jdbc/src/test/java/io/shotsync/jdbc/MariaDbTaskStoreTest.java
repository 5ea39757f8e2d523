package io.shotsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.spi.TaskStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The store contract on MariaDB, in a database of this class's own (emptied before each test). */
class MariaDbTaskStoreTest extends JdbcStoreContract {
  private static final List<String> CREATED = new ArrayList<>();
  private static String url = "";

  @AfterAll
  static void dropSchemas() {
    CREATED.forEach(u -> Databases.drop(Dialect.MARIADB, u));
    CREATED.clear();
    url = "";
  }

  @Override
  protected TaskStore newStore() {
    // skips (or fails) each test when the server is absent, so every test shows up as skipped
    Databases.require(Dialect.MARIADB);
    if (url.isEmpty()) {
      url = Databases.create(Dialect.MARIADB);
      CREATED.add(url);
    }
    JdbcTaskStore s = JdbcTaskStore.open(url, Map.of(), clock());
    Databases.wipe(url);
    return s;
  }

  @Test
  void aMysqlUrlOpensWithTheMariaDbDriver() {
    TaskStore first = store();
    first.createTask(task("t", T0), java.util.List.of());
    try (TaskStore s = JdbcTaskStore.open(url.replace("jdbc:mariadb:", "jdbc:mysql:"), Map.of(), clock())) {
      assertThat(s.task("t")).isPresent();
    }
  }

  @Override
  protected String currentUrl() {
    return url;
  }

  @Override
  protected String newDatabaseUrl() {
    String fresh = Databases.create(Dialect.MARIADB);
    CREATED.add(fresh);
    return fresh;
  }
}
