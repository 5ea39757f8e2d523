package io.shotsync.server;

import io.shotsync.api.spi.TaskStore;
import io.shotsync.jdbc.JdbcTaskStore;
import java.util.UUID;

/** The API's main flow on an in-memory H2 store. */
class H2ApiFlowTest extends ApiFlowContract {
  @Override
  protected TaskStore newStore() {
    return JdbcTaskStore.open("jdbc:h2:mem:server-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }
}
