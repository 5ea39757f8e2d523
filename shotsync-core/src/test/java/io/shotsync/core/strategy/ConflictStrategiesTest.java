package io.shotsync.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.RemoteEntry;
import io.shotsync.api.spi.ConflictContext;
import io.shotsync.api.spi.ConflictDecision;
import io.shotsync.api.spi.ConflictDecision.Action;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The decision table of the four built-in conflict strategies. */
class ConflictStrategiesTest {
  private static final Instant LOCAL = Instant.parse("2024-01-01T10:00:00Z");

  private static ConflictContext ctx(long remoteSize, @Nullable Instant remoteTime, Duration precision,
      long localSize) {
    return new ConflictContext("ep/sq/sh/anim/publish/v001/a.ma",
        RemoteEntry.file("ep/sq/sh/anim/publish/v001/a.ma", remoteSize, remoteTime, precision), localSize, LOCAL);
  }

  private static ConflictDecision compare(long remoteSize, @Nullable Instant remoteTime, Duration precision) {
    return new CompareConflictStrategy().decide(ctx(remoteSize, remoteTime, precision, 100));
  }

  @Test
  void skipAlwaysSkips() {
    assertThat(new SkipConflictStrategy().decide(ctx(999, LOCAL.plusSeconds(999), Duration.ZERO, 100)).action())
        .isEqualTo(Action.SKIP);
  }

  @Test
  void overwriteAlwaysOverwrites() {
    assertThat(new OverwriteConflictStrategy().decide(ctx(100, LOCAL, Duration.ZERO, 100)).action())
        .isEqualTo(Action.OVERWRITE);
  }

  @Test
  void keepBothAlwaysKeepsBoth() {
    assertThat(new KeepBothConflictStrategy().decide(ctx(100, LOCAL, Duration.ZERO, 100)).action())
        .isEqualTo(Action.KEEP_BOTH);
  }

  @Test
  void compareSkipsSameSizeWhenRemoteIsNotNewer() {
    ConflictDecision d = compare(100, LOCAL, Duration.ZERO);
    assertThat(d.action()).isEqualTo(Action.SKIP);
    assertThat(d.reason()).startsWith("same size and mtime (remote ");
    ConflictDecision older = compare(100, LOCAL.minusSeconds(3600), Duration.ZERO);
    assertThat(older.action()).isEqualTo(Action.SKIP);
    assertThat(older.reason()).startsWith("same size, local is newer (remote ");
  }

  @Test
  void compareOverwritesWhenSizeDiffers() {
    ConflictDecision d = compare(101, LOCAL, Duration.ZERO);
    assertThat(d.action()).isEqualTo(Action.OVERWRITE);
    assertThat(d.reason()).isEqualTo("size differs: remote 101 bytes, local 100");
  }

  @Test
  void compareOverwritesWhenRemoteIsNewer() {
    ConflictDecision d = compare(100, LOCAL.plusSeconds(60), Duration.ZERO);
    assertThat(d.action()).isEqualTo(Action.OVERWRITE);
    assertThat(d.reason()).startsWith("remote newer");
  }

  @Test
  void compareToleratesDifferencesWithinTheRemotePrecision() {
    // An old LIST line gives only the day: a remote time inside that day is not "newer".
    assertThat(compare(100, LOCAL.plusSeconds(3600), Duration.ofDays(1)).action()).isEqualTo(Action.SKIP);
    // A minute-precise listing: 30 s later is within the precision, two minutes later is newer.
    assertThat(compare(100, LOCAL.plusSeconds(30), Duration.ofMinutes(1)).action()).isEqualTo(Action.SKIP);
    assertThat(compare(100, LOCAL.plusSeconds(120), Duration.ofMinutes(1)).action()).isEqualTo(Action.OVERWRITE);
    // Sub-second file-system rounding is never "newer".
    assertThat(compare(100, LOCAL.plusMillis(900), Duration.ZERO).action()).isEqualTo(Action.SKIP);
  }

  @Test
  void compareSkipsSameSizeWhenTheRemoteTimeIsUnknown() {
    assertThat(compare(100, null, Duration.ZERO).reason()).isEqualTo("same size, remote mtime unknown");
  }
}
