package io.shotsync.cli.internal;

import io.shotsync.api.spi.TaskStore;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --db URL}: where tasks, items and logs are kept. */
public final class StoreOptions {
  @Option(names = "--db", paramLabel = "URL", order = 50,
      description = "Task store: memory:, jdbc:h2:file:/path, jdbc:postgresql://host/db or jdbc:mariadb://host/db"
          + " (default: an embedded H2 database in $SHOTSYNC_HOME, ~/.shotsync).")
  @Nullable String url;

  /** The URL given, or null for the default. */
  public @Nullable String url() {
    return url;
  }

  /** True when {@code --db memory:} was given. */
  public boolean inMemory() {
    return url != null && url.regionMatches(true, 0, "memory:", 0, 7);
  }

  /** The shotsync home of this process. */
  public static Path home() {
    return Stores.home(System.getenv());
  }

  /** Opens the store (a database opens on a background thread). */
  public TaskStore open() {
    return Stores.open(url, home());
  }
}
