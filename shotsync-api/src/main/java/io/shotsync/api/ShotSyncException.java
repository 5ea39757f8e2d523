package io.shotsync.api;

import org.jspecify.annotations.Nullable;

/** Root of every exception shotsync throws; unchecked, with the original I/O exception kept as the cause. */
public class ShotSyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says what was wrong. */
  public ShotSyncException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public ShotSyncException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** True when trying the same operation again may succeed (a timeout, a dropped connection, a 421). */
  public boolean isRetryable() {
    return false;
  }
}
