package io.shotsync.core.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.BandwidthTimetable;
import io.shotsync.core.testkit.TaskStoreContract.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The limiter follows the timetable on a fake clock: sleeping moves the fake time, nothing really waits. */
class RateLimiterTimetableTest {
  /** The test kit's clock, also read as the limiter's elapsed-time ticker; sleeping advances it. */
  static final class FakeTime implements RateLimiter.Ticker {
    private final Instant start;
    final TestClock clock;

    FakeTime(Instant start) {
      this.start = start;
      this.clock = new TestClock(start);
    }

    @Override
    public long nanoTime() {
      return Duration.between(start, clock.instant()).toNanos();
    }

    @Override
    public void sleep(long millis) {
      clock.advance(Duration.ofMillis(millis));
    }

    void advanceNanos(long n) {
      clock.advance(Duration.ofNanos(n));
    }

    Instant instant() {
      return clock.instant();
    }
  }

  @Test
  void bytesPerPeriodFollowTheTimetable() {
    FakeTime time = new FakeTime(Instant.parse("2026-06-01T10:00:00Z"));
    BandwidthTimetable table = BandwidthTimetable.parse("10:00,100K 10:01,off 10:02,10K 10:03,1M")
        .withZone(ZoneOffset.UTC);
    RateLimiter limiter = new RateLimiter(table, time.clock, time);
    TreeMap<Integer, Long> perMinute = new TreeMap<>();
    Instant end = Instant.parse("2026-06-01T10:03:00Z");
    int chunk = 1024;
    while (time.instant().isBefore(end)) {
      assertThat(limiter.acquire(chunk, () -> false)).isTrue();
      perMinute.merge(time.instant().atZone(ZoneOffset.UTC).getMinute(), (long) chunk, Long::sum);
      time.advanceNanos(Duration.ofMillis(1).toNanos());  // writing the chunk takes a millisecond
    }
    long burst = 10 * 1024 + chunk;
    // 100 KiB/s: a minute's worth, the burst at most more, the millisecond per chunk at most 10 % less
    assertThat(perMinute.get(0)).isBetween(60 * 100 * 1024L * 9 / 10, 60 * 100 * 1024L + burst);
    // off: only the millisecond per chunk limits it
    assertThat(perMinute.get(1)).isGreaterThan(50_000L * chunk);
    // 10 KiB/s, starting fresh: the debt of the unlimited minute is not carried over
    assertThat(perMinute.get(2)).isBetween(60 * 10 * 1024L * 9 / 10, 60 * 10 * 1024L + burst);
    assertThat(limiter.currentLimit()).isEqualTo(1L << 20);
  }

  @Test
  void aWaitingCallerPicksUpAPeriodChange() {
    FakeTime time = new FakeTime(Instant.parse("2026-06-01T09:59:59Z"));
    BandwidthTimetable table = BandwidthTimetable.parse("09:00,1K 10:00,off").withZone(ZoneOffset.UTC);
    RateLimiter limiter = new RateLimiter(table, time.clock, time);
    // an hour's worth at 1 KiB/s; the limit is lifted a second later, so the wait ends then
    assertThat(limiter.acquire(3600 * 1024, () -> false)).isTrue();
    assertThat(time.instant()).isBefore(Instant.parse("2026-06-01T10:00:01Z"));
  }

  @Test
  void aBurstIsWhatATenthOfASecondAllowsAtTheLowerOfTheLimitAndItsCap() {
    FakeTime time = new FakeTime(Instant.parse("2026-06-01T10:00:00Z"));
    BandwidthTimetable table = BandwidthTimetable.parse("10:00,100K 10:01,off").withZone(ZoneOffset.UTC);
    RateLimiter limited = new RateLimiter(table, time.clock, time);
    assertThat(limited.burstBytes()).isEqualTo(10 * 1024);
    RateLimiter capped = new RateLimiter(BandwidthTimetable.fixed(2_000_000), time.clock,
        new RateLimiter(BandwidthTimetable.fixed(50_000), time.clock));
    assertThat(capped.burstBytes()).isEqualTo(5_000);
    time.clock.advance(Duration.ofMinutes(1));
    assertThat(limited.burstBytes()).isEqualTo(Long.MAX_VALUE); // 10:01: off
    assertThat(new RateLimiter(0).burstBytes()).isEqualTo(Long.MAX_VALUE);
  }
}
