package io.shotsync.api;

import org.jspecify.annotations.Nullable;

/** The local side failed: no space left, an unwritable root, a path that would leave the local root. */
public class LocalStorageException extends ShotSyncException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the local path and the cause. */
  public LocalStorageException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
