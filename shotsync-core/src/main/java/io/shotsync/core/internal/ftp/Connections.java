package io.shotsync.core.internal.ftp;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The sessions of one endpoint as transfers use them: a permit per connection (so a borrow never waits on the
 * pool) plus the pooled session. Whole files take a permit waiting; extra ranges of a large file only take a
 * free one, so ranges never starve whole files nor deadlock.
 */
public final class Connections {
  private final FtpPool pool;
  private final Semaphore permits;
  private int max;

  /** Connections over a pool, at most {@code max} at once. */
  public Connections(FtpPool pool, int max) {
    this.pool = pool;
    this.permits = new Semaphore(max, true);
    this.max = max;
  }

  /**
   * Allows at least {@code n} connections at once from now on (a task whose options ask for more than the endpoint's
   * default); never lowers the count.
   */
  public synchronized void ensure(int n) {
    if (n > max) {
      pool.raiseLimit(n);
      permits.release(n - max);
      max = n;
    }
  }

  /** The pool. */
  public FtpPool pool() {
    return pool;
  }

  /** A borrowed session and its permit; give it back with {@link #release}. */
  public final class Lease {
    private @Nullable FtpSession session;

    private Lease() {}

    /** The session, borrowing a fresh one after a broken one was dropped. */
    public FtpSession session() {
      FtpSession s = session;
      if (s == null) {
        s = pool.borrow();
        session = s;
      }
      return s;
    }

    /** Drops the session as broken; the next {@link #session()} borrows another. */
    public void broken() {
      FtpSession s = session;
      session = null;
      if (s != null) {
        pool.release(s, true);
      }
    }

    /** Gives the session and the permit back. */
    public void release() {
      FtpSession s = session;
      session = null;
      try {
        if (s != null) {
          pool.release(s, false);
        }
      } finally {
        permits.release();
      }
    }
  }

  /** Waits for a permit (checking {@code cancelled} every 100 ms); null when cancelled. */
  public @Nullable Lease acquire(BooleanSupplier cancelled) {
    try {
      while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        if (cancelled.getAsBoolean()) {
          return null;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return new Lease();
  }

  /** A permit if one is free now, else null. */
  public @Nullable Lease tryAcquire() {
    return permits.tryAcquire() ? new Lease() : null;
  }
}
