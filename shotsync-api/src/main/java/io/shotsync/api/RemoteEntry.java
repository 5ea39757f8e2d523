package io.shotsync.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Read-only facts about one remote file or directory: path relative to the endpoint root, size, mtime
 * and how precise that mtime is ({@link Duration#ZERO} for exact, one day for an old LIST line).
 */
public record RemoteEntry(String path, boolean directory, long size, @Nullable Instant modified, Duration precision) {

  /** Checks the fields. */
  public RemoteEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(precision, "precision");
    if (size < 0) {
      throw new InvalidInputException("negative size " + size + " for " + path);
    }
  }

  /** A file entry. */
  public static RemoteEntry file(String path, long size, @Nullable Instant modified, Duration precision) {
    return new RemoteEntry(path, false, size, modified, precision);
  }

  /** A directory entry. */
  public static RemoteEntry directory(String path, @Nullable Instant modified) {
    return new RemoteEntry(path, true, 0, modified, Duration.ZERO);
  }

  /** The last path segment. */
  public String name() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
