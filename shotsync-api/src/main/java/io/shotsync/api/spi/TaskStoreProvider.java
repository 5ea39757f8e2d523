package io.shotsync.api.spi;

import java.util.Map;

/** Opens a {@link TaskStore} for a URL it accepts, such as {@code jdbc:h2:...} or {@code memory:}. */
public interface TaskStoreProvider {

  /** A short name, such as {@code jdbc}. */
  String id();

  /** True when this provider can open the URL. */
  boolean accepts(String url);

  /** Opens (and migrates, where that applies) the store at the URL. */
  TaskStore open(String url, Map<String, String> properties);
}
