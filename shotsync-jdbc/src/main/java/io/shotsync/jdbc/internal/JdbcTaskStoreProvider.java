package io.shotsync.jdbc.internal;

import io.shotsync.api.spi.TaskStore;
import io.shotsync.api.spi.TaskStoreProvider;
import io.shotsync.jdbc.Dialect;
import io.shotsync.jdbc.JdbcTaskStore;
import java.util.Map;

/** Opens a {@link JdbcTaskStore} for {@code jdbc:h2:}, {@code jdbc:postgresql:}, {@code jdbc:mariadb:} and {@code jdbc:mysql:} URLs. */
public final class JdbcTaskStoreProvider implements TaskStoreProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public JdbcTaskStoreProvider() {}

  @Override
  public String id() {
    return "jdbc";
  }

  @Override
  public boolean accepts(String url) {
    return Dialect.accepts(url);
  }

  @Override
  public TaskStore open(String url, Map<String, String> properties) {
    return JdbcTaskStore.open(url, properties);
  }
}
