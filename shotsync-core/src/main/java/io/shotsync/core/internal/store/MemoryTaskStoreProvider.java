package io.shotsync.core.internal.store;

import io.shotsync.api.spi.TaskStore;
import io.shotsync.api.spi.TaskStoreProvider;
import java.util.Map;

/** Opens an {@link InMemoryTaskStore} for {@code memory:} URLs (anything after the colon is ignored). */
public final class MemoryTaskStoreProvider implements TaskStoreProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public MemoryTaskStoreProvider() {}

  @Override
  public String id() {
    return "memory";
  }

  @Override
  public boolean accepts(String url) {
    return url.regionMatches(true, 0, "memory:", 0, "memory:".length());
  }

  @Override
  public TaskStore open(String url, Map<String, String> properties) {
    if (!accepts(url)) {
      throw new io.shotsync.api.InvalidInputException("not a memory store URL: '" + url + "'; use memory:");
    }
    return new InMemoryTaskStore();
  }
}
