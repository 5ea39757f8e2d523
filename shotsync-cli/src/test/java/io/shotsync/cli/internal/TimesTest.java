package io.shotsync.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimesTest {
  // 2026-06-01 10:30 in Paris (UTC+2 in summer)
  final Clock paris = Clock.fixed(Instant.parse("2026-06-01T08:30:00Z"), ZoneId.of("Europe/Paris"));

  @Test
  void hhmmIsItsNextOccurrenceInTheLocalZone() {
    assertThat(Times.at("22:00", paris)).isEqualTo(Instant.parse("2026-06-01T20:00:00Z"));
    assertThat(Times.at("10:30", paris)).as("now counts as passed").isEqualTo(Instant.parse("2026-06-02T08:30:00Z"));
    assertThat(Times.at("7:05", paris)).isEqualTo(Instant.parse("2026-06-02T05:05:00Z"));
  }

  @Test
  void isoTimesWithAndWithoutOffsets() {
    assertThat(Times.at("2026-11-01T22:00:00Z", paris)).isEqualTo(Instant.parse("2026-11-01T22:00:00Z"));
    assertThat(Times.at("2026-11-01T22:00+01:00", paris)).isEqualTo(Instant.parse("2026-11-01T21:00:00Z"));
    assertThat(Times.at("2026-11-01T22:00", paris)).isEqualTo(Instant.parse("2026-11-01T21:00:00Z"));
    assertThatThrownBy(() -> Times.at("25:00", paris)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("malformed time '25:00'");
    assertThatThrownBy(() -> Times.at("tonight", paris)).hasMessageContaining("HH:MM");
  }

  @Test
  void durationsAndAges() {
    assertThat(Times.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Times.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Times.duration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Times.duration("PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> Times.duration("5 minutes")).hasMessageContaining("malformed duration '5 minutes'");
    assertThatThrownBy(() -> Times.duration("")).isInstanceOf(InvalidInputException.class);
    assertThat(Times.before("7d", paris)).isEqualTo(Instant.parse("2026-05-25T08:30:00Z"));
    assertThat(Times.before("2026-11-01", paris)).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
    assertThat(Times.before("2026-05-01T12:00Z", paris)).isEqualTo(Instant.parse("2026-05-01T12:00:00Z"));
    assertThatThrownBy(() -> Times.before("last week", paris)).hasMessageContaining("--older-than 'last week'");
  }
}
