package io.shotsync.server;

import io.shotsync.api.spi.TaskStore;
import io.shotsync.jdbc.JdbcTaskStore;
import org.junit.jupiter.api.AfterAll;

/**
 * The API's main flow on PostgreSQL (127.0.0.1:5432, database {@code test}, or {@code SHOTSYNC_TEST_POSTGRES_URL}),
 * in a schema of its own; skipped when the server is absent unless {@code SHOTSYNC_REQUIRE_DATABASES=1}.
 */
class PostgresApiFlowTest extends ApiFlowContract {
  private static String url = "";

  @AfterAll
  static void dropSchema() {
    if (!url.isEmpty()) {
      Postgres.drop(url);
      url = "";
    }
  }

  @Override
  protected TaskStore newStore() {
    Postgres.require();
    if (url.isEmpty()) {
      url = Postgres.createSchema();
    }
    Postgres.wipe(url);
    return JdbcTaskStore.open(url);
  }
}
