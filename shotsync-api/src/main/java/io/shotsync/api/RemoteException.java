package io.shotsync.api;

import org.jspecify.annotations.Nullable;

/** The FTP server could not be reached, refused the login, or failed a command; says whether a retry may help. */
public class RemoteException extends ShotSyncException {
  private static final long serialVersionUID = 1L;

  /** How the failure should be treated. */
  public enum Kind {
    /** The server cannot be reached or refused the connection. */
    UNREACHABLE,
    /** The login was refused. */
    LOGIN_REFUSED,
    /** A passing failure: timeout, reset, 421, 425, 426. */
    TRANSIENT,
    /** A failure that a retry will not mend, such as 550. */
    PERMANENT
  }

  private final Kind kind;
  private final int replyCode;

  /** Creates the exception with its kind, the FTP reply code (0 when none) and the cause. */
  public RemoteException(Kind kind, int replyCode, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.replyCode = replyCode;
  }

  /** How the failure should be treated. */
  public Kind kind() {
    return kind;
  }

  /** The FTP reply code, or 0 when the failure had none. */
  public int replyCode() {
    return replyCode;
  }

  @Override
  public boolean isRetryable() {
    return kind == Kind.TRANSIENT;
  }
}
