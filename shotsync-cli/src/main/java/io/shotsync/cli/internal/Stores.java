package io.shotsync.cli.internal;

import io.shotsync.api.InvalidInputException;
import io.shotsync.api.LocalStorageException;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.api.spi.TaskStoreProvider;
import io.shotsync.jdbc.JdbcTaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/** Opens the task store named by {@code --db}, or the embedded H2 database under the shotsync home. */
public final class Stores {
  private Stores() {}

  /** The shotsync home: {@code $SHOTSYNC_HOME}, else {@code $HOME/.shotsync}. */
  public static Path home(Map<String, String> env) {
    String h = env.get("SHOTSYNC_HOME");
    if (h != null && !h.isBlank()) {
      return Path.of(h);
    }
    return new Credentials(env).home().resolve(".shotsync");
  }

  /**
   * Opens a store: {@code null} for the embedded H2 database in {@code home/db}, {@code memory:} for none,
   * or any URL a {@link TaskStoreProvider} on the class path accepts ({@code jdbc:h2:...},
   * {@code jdbc:postgresql://...}, {@code jdbc:mariadb://...}). Databases open on a background thread.
   */
  public static TaskStore open(@Nullable String url, Path home) {
    if (url == null || url.isBlank()) {
      Path dir = home.resolve("db");
      return LazyTaskStore.start(() -> {
        try {
          Files.createDirectories(dir);
        } catch (IOException e) {
          throw new LocalStorageException("cannot create the task store directory " + dir + ": " + e.getMessage(), e);
        }
        // no compaction when the command closes the store: it cost about 250 ms of every run's wall time,
        // and H2 compacts in the background while a store is open anyway
        return JdbcTaskStore.open(JdbcTaskStore.embeddedUrl(dir) + ";MAX_COMPACT_TIME=0");
      });
    }
    for (TaskStoreProvider p : ServiceLoader.load(TaskStoreProvider.class, Stores.class.getClassLoader())) {
      if (p.accepts(url)) {
        if (url.regionMatches(true, 0, "memory:", 0, 7)) {
          return p.open(url, Map.of());
        }
        return LazyTaskStore.start(() -> p.open(url, Map.of()));
      }
    }
    throw new InvalidInputException("no task store accepts --db '" + redact(url)
        + "'; use memory:, jdbc:h2:file:/path, jdbc:postgresql://host/db or jdbc:mariadb://host/db");
  }

  /** The URL with any password parameter or user info masked. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1******").replaceAll("(//[^/@:]*):[^/@]*@", "$1:******@");
  }
}
