package io.shotsync.core.internal.transfer;

import io.shotsync.api.ShotSyncException;

/** A transfer stopped because its task was cancelled; the temporary file is kept for resume. */
public final class CancelledException extends ShotSyncException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for one file. */
  public CancelledException(String message) {
    super(message);
  }
}
