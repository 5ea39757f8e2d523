package io.shotsync.core.internal.ftp;

/**
 * A bounded pool of logged-in sessions to one endpoint. A dead session is replaced on the next borrow; a 421
 * "too many connections" backs off and lowers the pool's concurrency instead of failing.
 */
public interface FtpPool extends AutoCloseable {

  /** Borrows a live session, connecting one when needed; blocks while all are lent (bounded by the connect timeout). */
  FtpSession borrow();

  /** Returns a session; a broken one ({@code broken} true, or not alive) is closed instead of pooled. */
  void release(FtpSession session, boolean broken);

  /** The server's abilities (connects once if needed). */
  Capabilities capabilities();

  /** How many sessions may be lent at once now (may drop after 421 replies). */
  int concurrency();

  /** Allows up to {@code n} sessions unless the server already refused more (421); never lowers the limit. */
  default void raiseLimit(int n) {}

  /** Closes every session. */
  @Override
  void close();
}
