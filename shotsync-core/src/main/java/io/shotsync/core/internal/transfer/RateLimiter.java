package io.shotsync.core.internal.transfer;

import java.util.function.BooleanSupplier;

/**
 * A token bucket shared by every connection of a {@link io.shotsync.core.ShotSync}: callers take bytes at a
 * given rate, with a burst of a tenth of a second. A rate of 0 never waits.
 */
public final class RateLimiter {
  private final long bytesPerSecond;
  private final long burstNanos;
  private long next = System.nanoTime();

  /** A limiter at this rate (0 for none). */
  public RateLimiter(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
    this.burstNanos = 100_000_000L;
  }

  /** True when there is a limit. */
  public boolean limited() {
    return bytesPerSecond > 0;
  }

  /**
   * Takes {@code bytes}, sleeping until the bucket allows them; stops early when {@code cancelled} answers true.
   *
   * @return false when cancelled while waiting
   */
  public boolean acquire(long bytes, BooleanSupplier cancelled) {
    if (bytesPerSecond <= 0 || bytes <= 0) {
      return true;
    }
    long wakeAt;
    synchronized (this) {
      long now = System.nanoTime();
      long start = Math.max(next, now - burstNanos);
      next = start + (long) (bytes * 1e9 / bytesPerSecond);
      wakeAt = next;
    }
    while (true) {
      long wait = wakeAt - System.nanoTime();
      if (wait <= 0) {
        return true;
      }
      if (cancelled.getAsBoolean()) {
        return false;
      }
      try {
        Thread.sleep(Math.min(wait / 1_000_000L + 1, 100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
