package io.shotsync.core.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.FileAction;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.spi.ConflictDecision;
import io.shotsync.api.spi.ConflictStrategy;
import io.shotsync.core.internal.files.PartRecord;
import io.shotsync.core.strategy.CompareConflictStrategy;
import io.shotsync.core.strategy.KeepBothConflictStrategy;
import io.shotsync.core.strategy.OverwriteConflictStrategy;
import io.shotsync.core.strategy.SkipConflictStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one per-file decision, without a server or a disk. */
class FileDecisionTest {
  private static final Instant T = Instant.parse("2024-03-05T10:15:30Z");
  private static final RemoteEntry EXACT = RemoteEntry.file("a/b.bin", 3000, T, Duration.ZERO);
  private static final RemoteEntry COARSE = RemoteEntry.file("a/b.bin", 3000, Instant.parse("2024-03-05T00:00:00Z"),
      Duration.ofDays(1));
  private static final ConflictStrategy RESUME = c -> ConflictDecision.resume("a plugin says resume");

  private static FileDecision.Facts local(RemoteEntry r, long size, Instant mtime, long partSize,
      PartRecord partial) {
    return new FileDecision.Facts(r, true, true, size, mtime, partSize, null, false, partial);
  }

  private static FileDecision.Facts absent(RemoteEntry r, long partSize, PartRecord partial, boolean restUnreliable) {
    return new FileDecision.Facts(r, false, false, 0, null, partSize, null, restUnreliable, partial);
  }

  private static PartRecord partial(RemoteEntry r, long bytes) {
    return new PartRecord(r.size(), r.modified(), List.of(new PartRecord.Span(0, bytes)));
  }

  private static FileDecision decide(FileDecision.Facts f, ConflictStrategy s, RemoteTimes times) {
    return FileDecision.decide(f, s, "s", true, times);
  }

  @Test
  void aPartWithItsRecordResumesAndOneWithoutIsStartedOver() {
    FileDecision with = decide(absent(EXACT, 1000, partial(EXACT, 1000), false), new SkipConflictStrategy(),
        RemoteTimes.LISTING);
    assertThat(with.action()).isEqualTo(FileAction.RESUMED);
    assertThat(with.offset()).isEqualTo(1000);
    assertThat(with.partFate()).isEqualTo(FileDecision.PartFate.RESUME);

    FileDecision without = decide(absent(EXACT, 1000, null, false), new SkipConflictStrategy(), RemoteTimes.LISTING);
    assertThat(without.action()).isEqualTo(FileAction.DOWNLOADED);
    assertThat(without.partFate()).isEqualTo(FileDecision.PartFate.DROP);
    assertThat(without.partWhy()).isEqualTo("no record of what it held");

    FileDecision unreliable = decide(absent(EXACT, 1000, partial(EXACT, 1000), true), new SkipConflictStrategy(),
        RemoteTimes.LISTING);
    assertThat(unreliable.action()).isEqualTo(FileAction.DOWNLOADED);
    assertThat(unreliable.partWhy()).isEqualTo("the server does not resume reliably");
  }

  @Test
  void aResumeAnswerContinuesTheLocalFileWhenItCanAndOverwritesItWhenItCannot() {
    FileDecision prefix = decide(local(EXACT, 1200, T, -1, null), RESUME, RemoteTimes.LISTING);
    assertThat(prefix.action()).isEqualTo(FileAction.RESUMED);
    assertThat(prefix.localAsPart()).isTrue();
    assertThat(prefix.offset()).isEqualTo(1200);

    FileDecision larger = decide(local(EXACT, 5000, T, -1, null), RESUME, RemoteTimes.LISTING);
    assertThat(larger.action()).isEqualTo(FileAction.OVERWRITTEN);
    assertThat(larger.localAsPart()).isFalse();
    assertThat(larger.partFate()).isEqualTo(FileDecision.PartFate.NONE);
    assertThat(larger.reason()).contains("replaced once the new one is complete");

    FileDecision staleOwnPart = decide(local(EXACT, 5000, T, 800, null), RESUME, RemoteTimes.LISTING);
    assertThat(staleOwnPart.action()).isEqualTo(FileAction.OVERWRITTEN);
    assertThat(staleOwnPart.partFate()).isEqualTo(FileDecision.PartFate.DROP);
  }

  @Test
  void onlyAStrategyThatComparesRemoteMtimesMakesACoarseOneExact() {
    AtomicInteger asked = new AtomicInteger();
    RemoteTimes mdtm = e -> {
      asked.incrementAndGet();
      return EXACT;
    };
    Instant twoHoursOlder = T.minus(Duration.ofHours(2));
    assertThat(decide(local(COARSE, 3000, twoHoursOlder, -1, null), new CompareConflictStrategy(), mdtm).action())
        .isEqualTo(FileAction.OVERWRITTEN);
    assertThat(asked).hasValue(1);
    for (ConflictStrategy blind : new ConflictStrategy[] {new SkipConflictStrategy(), new OverwriteConflictStrategy(),
        new KeepBothConflictStrategy()}) {
      decide(local(COARSE, 3000, twoHoursOlder, -1, null), blind, mdtm);
    }
    assertThat(asked).as("skip, overwrite and keep_both never read mtimes").hasValue(1);
    // an exact listing, or options that turn MDTM off, ask nothing
    decide(local(EXACT, 3000, twoHoursOlder, -1, null), new CompareConflictStrategy(), mdtm);
    FileDecision.decide(local(COARSE, 3000, twoHoursOlder, -1, null), new CompareConflictStrategy(), "compare", false,
        mdtm);
    assertThat(asked).hasValue(1);
  }

  @Test
  void aFailingStrategyAndSomethingInTheWayAreToldApart() {
    ConflictStrategy broken = c -> {
      throw new IllegalStateException("no decision");
    };
    assertThatThrownBy(() -> decide(local(EXACT, 10, T, -1, null), broken, RemoteTimes.LISTING))
        .isInstanceOf(FileDecision.StrategyFailed.class).hasMessage("conflict strategy 's' failed for a/b.bin: no decision");
    FileDecision dir = decide(new FileDecision.Facts(EXACT, true, false, 0, T, -1, null, false),
        new SkipConflictStrategy(), RemoteTimes.LISTING);
    assertThat(dir.action()).isNull();
  }
}
