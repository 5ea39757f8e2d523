package io.shotsync.core.internal.transfer;

import io.shotsync.api.RemoteException;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.event.LogLevel;
import java.time.Duration;

/**
 * The one retry policy of a file's fetches (whole, or one range): a transient failure is retried after a doubling
 * backoff (from {@code retryBackoff}, at most 30 s) until {@code retries} failures; anything else fails at once.
 */
final class RetryPolicy {
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final FileJob job;
  private final String what;
  private int failures;

  /** A policy for one fetch; {@code what} names it in messages ("" for the file, "a range of " for a range). */
  RetryPolicy(FileJob job, String what) {
    this.job = job;
    this.what = what;
  }

  static boolean retryable(RuntimeException e) {
    return e instanceof ShotSyncException s && s.isRetryable();
  }

  /** The error a non-retryable failure ends the fetch with. */
  ShotSyncException fatal(RuntimeException e) {
    return e instanceof ShotSyncException s ? s : new ShotSyncException("fetching " + job.rel + " failed: " + e, e);
  }

  /** Counts a retryable failure; gives up after the options' retries, otherwise waits the backoff. */
  void failed(RuntimeException e, long from) {
    failures++;
    int retries = job.ctx.options.retries();
    if (failures > retries) {
      throw new RemoteException(RemoteException.Kind.TRANSIENT, e instanceof RemoteException r ? r.replyCode() : 0,
          "gave up on " + what + job.rel + " after " + failures + " attempts: " + e.getMessage(), e);
    }
    long millis = job.ctx.options.retryBackoff().toMillis() << Math.min(20, failures - 1);
    millis = Math.min(millis, MAX_BACKOFF.toMillis());
    job.log(LogLevel.WARN, "retry " + failures + " of " + retries + " for " + job.rel + " in " + millis
        + " ms from byte " + from + ": " + e.getMessage());
    long until = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < until) {
      job.checkCancelled();
      try {
        Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000L)));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw job.cancelled();
      }
    }
  }
}
