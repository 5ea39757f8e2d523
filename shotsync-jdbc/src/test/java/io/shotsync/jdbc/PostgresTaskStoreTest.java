package io.shotsync.jdbc;

import io.shotsync.api.spi.TaskStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The store contract on PostgreSQL, in a schema of this class's own (emptied before each test). */
class PostgresTaskStoreTest extends JdbcStoreContract {
  private static final List<String> CREATED = new ArrayList<>();
  private static String url = "";

  @AfterAll
  static void dropSchemas() {
    CREATED.forEach(u -> Databases.drop(Dialect.POSTGRESQL, u));
    CREATED.clear();
    url = "";
  }

  @Override
  protected TaskStore newStore() {
    // skips (or fails) each test when the server is absent, so every test shows up as skipped
    Databases.require(Dialect.POSTGRESQL);
    if (url.isEmpty()) {
      url = Databases.create(Dialect.POSTGRESQL);
      CREATED.add(url);
    }
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
    String fresh = Databases.create(Dialect.POSTGRESQL);
    CREATED.add(fresh);
    return fresh;
  }
}
