package io.shotsync.core.internal.transfer;

import io.shotsync.api.BandwidthTimetable;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A token bucket shared by every connection of a task run (and, as a worker's cap, by every run of a
 * {@link io.shotsync.core.ShotSync}, chained behind the task's own): callers take bytes at the rate
 * the {@link BandwidthTimetable} gives for the clock's current time, with a burst of a tenth of a second. The rate
 * is read again on every take and while a caller waits, so a change of period applies to running transfers at
 * once. A rate of 0 never waits.
 */
public final class RateLimiter {
  /** Where the bucket reads elapsed time and how it waits; a test replaces it. */
  interface Ticker {
    long nanoTime();

    void sleep(long millis) throws InterruptedException;
  }

  static final Ticker SYSTEM = new Ticker() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
      Thread.sleep(millis);
    }
  };

  private static final long BURST_NANOS = 100_000_000L;

  private final BandwidthTimetable timetable;
  private final Clock clock;
  private final Ticker ticker;
  private final @Nullable RateLimiter cap;
  private long next;
  private long lastRate = -1;

  /** A limiter at a fixed rate (0 for none). */
  public RateLimiter(long bytesPerSecond) {
    this(BandwidthTimetable.fixed(bytesPerSecond), Clock.systemUTC(), SYSTEM);
  }

  /** A limiter following a timetable on this clock. */
  public RateLimiter(BandwidthTimetable timetable, Clock clock) {
    this(timetable, clock, SYSTEM, null);
  }

  /** A limiter following a timetable whose takes also go through {@code cap} (a limit over several runs). */
  public RateLimiter(BandwidthTimetable timetable, Clock clock, @Nullable RateLimiter cap) {
    this(timetable, clock, SYSTEM, cap);
  }

  RateLimiter(BandwidthTimetable timetable, Clock clock, Ticker ticker) {
    this(timetable, clock, ticker, null);
  }

  private RateLimiter(BandwidthTimetable timetable, Clock clock, Ticker ticker, @Nullable RateLimiter cap) {
    this.timetable = timetable;
    this.clock = clock;
    this.ticker = ticker;
    this.cap = cap;
    this.next = ticker.nanoTime();
  }

  /** The timetable this limiter follows (without its cap). */
  public BandwidthTimetable timetable() {
    return timetable;
  }

  /** The limiter shared by several runs that this one also takes from, or null. */
  public @Nullable RateLimiter cap() {
    return cap;
  }

  /** True when the timetable sets a limit at some time. */
  public boolean limited() {
    return !timetable.isUnlimited();
  }

  /** The limit now, in bytes per second; 0 for none. */
  public long currentLimit() {
    return timetable.isFixed() ? timetable.limitAt(java.time.Instant.EPOCH) : timetable.limitAt(clock.instant());
  }

  /**
   * The bytes a burst (a tenth of a second) allows at the current limits, this limiter's and its cap's; a reader
   * that reads no more at once hands bytes on as they are allowed. {@link Long#MAX_VALUE} when nothing limits.
   */
  public long burstBytes() {
    long rate = currentLimit();
    long own = rate <= 0 ? Long.MAX_VALUE : Math.max(1, rate * BURST_NANOS / 1_000_000_000L);
    return cap == null ? own : Math.min(own, cap.burstBytes());
  }

  /**
   * Takes {@code bytes}, sleeping until the bucket allows them; stops early when {@code cancelled} answers true.
   *
   * @return false when cancelled while waiting
   */
  public boolean acquire(long bytes, BooleanSupplier cancelled) {
    return take(bytes, cancelled) && (cap == null || cap.acquire(bytes, cancelled));
  }

  private boolean take(long bytes, BooleanSupplier cancelled) {
    long rate = currentLimit();
    if (rate <= 0 || bytes <= 0) {
      return true;
    }
    long wakeAt;
    synchronized (this) {
      long now = ticker.nanoTime();
      if (rate != lastRate) {
        // a new period: what was owed at the old rate is forgiven
        next = Math.min(next, now);
        lastRate = rate;
      }
      long start = Math.max(next, now - BURST_NANOS);
      next = start + (long) (bytes * 1e9 / rate);
      wakeAt = next;
    }
    while (true) {
      long now = ticker.nanoTime();
      long wait = wakeAt - now;
      if (wait <= 0) {
        return true;
      }
      if (cancelled.getAsBoolean()) {
        return false;
      }
      long current = currentLimit();
      if (current != rate) {
        if (current <= 0) {
          return true;
        }
        // the period changed while waiting: the rest of the wait at the new rate
        wakeAt = now + (long) (wait * ((double) rate / current));
        rate = current;
        continue;
      }
      try {
        ticker.sleep(Math.min(wait / 1_000_000L + 1, 100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
