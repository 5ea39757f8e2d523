package io.shotsync.cli.internal;

/** The exit statuses scripts rely on. */
public final class ExitCodes {
  /** Every item completed or was skipped by its strategy. */
  public static final int OK = 0;
  /** Something unexpected went wrong (local disk, a bug). */
  public static final int ERROR = 1;
  /** Bad usage: unknown option or strategy, malformed version, URL or value. */
  public static final int USAGE = 2;
  /** At least one item failed. */
  public static final int ITEMS_FAILED = 3;
  /** The server cannot be reached or refused the login. */
  public static final int REMOTE = 4;
  /** Interrupted (Ctrl-C); the running task was cancelled and its partial files kept. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
