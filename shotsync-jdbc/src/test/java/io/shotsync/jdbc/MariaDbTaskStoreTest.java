package io.shotsync.jdbc;

import io.shotsync.api.spi.TaskStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on MariaDB, in a database of this class's own (emptied before each test). */
class MariaDbTaskStoreTest extends JdbcStoreContract {
  private static final List<String> CREATED = new ArrayList<>();
  private static String url = "";

  @BeforeAll
  static void schema() {
    url = Databases.create(Dialect.MARIADB);
    CREATED.add(url);
  }

  @AfterAll
  static void dropSchemas() {
    CREATED.forEach(u -> Databases.drop(Dialect.MARIADB, u));
    CREATED.clear();
  }

  @Override
  protected TaskStore newStore() {
    JdbcTaskStore s = JdbcTaskStore.open(url, Map.of(), clock());
    Databases.wipe(url);
    return s;
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
