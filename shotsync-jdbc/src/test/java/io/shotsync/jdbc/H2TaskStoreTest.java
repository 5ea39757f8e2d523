package io.shotsync.jdbc;

import io.shotsync.api.spi.TaskStore;
import java.util.Map;
import java.util.UUID;

/** The store contract on H2 in memory, a new database for every store. */
class H2TaskStoreTest extends JdbcStoreContract {
  private String url = newDatabaseUrl();

  @Override
  protected TaskStore newStore() {
    url = newDatabaseUrl();
    return JdbcTaskStore.open(url, Map.of(), clock());
  }

  @Override
  protected String currentUrl() {
    return url;
  }

  @Override
  protected String newDatabaseUrl() {
    return "jdbc:h2:mem:" + UUID.randomUUID();
  }
}
