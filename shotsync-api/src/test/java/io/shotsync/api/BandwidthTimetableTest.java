package io.shotsync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BandwidthTimetableTest {
  // 2026-06-01 is a Monday
  static Instant utc(String dateTime) {
    return Instant.parse(dateTime + ":00Z");
  }

  @Test
  void everyDayEntriesHoldUntilTheNextAndWrapAroundMidnight() {
    BandwidthTimetable t = BandwidthTimetable.parse("08:00,10M 12:30,512K 19:00,off").withZone(ZoneOffset.UTC);
    assertThat(t.limitAt(utc("2026-06-01T07:59"))).as("before the first entry: the last one of the day before")
        .isZero();
    assertThat(t.limitAt(utc("2026-06-01T08:00"))).isEqualTo(10L << 20);
    assertThat(t.limitAt(utc("2026-06-01T12:29"))).isEqualTo(10L << 20);
    assertThat(t.limitAt(utc("2026-06-01T12:30"))).isEqualTo(512L << 10);
    assertThat(t.limitAt(utc("2026-06-03T23:00"))).isZero();
    assertThat(t.isFixed()).isFalse();
    assertThat(t.isUnlimited()).isFalse();
    assertThat(t).hasToString("08:00,10M 12:30,512K 19:00,off");
  }

  @Test
  void dayEntriesApplyOnTheirDayAndWinOverEveryDayEntriesAtTheSameTime() {
    BandwidthTimetable t = BandwidthTimetable.parse("Mon-08:00,512K 08:00,1M Sat-00:00,off Sunday-20:00,2M")
        .withZone(ZoneOffset.UTC);
    assertThat(t.limitAt(utc("2026-06-01T09:00"))).as("Monday").isEqualTo(512L << 10);
    assertThat(t.limitAt(utc("2026-06-02T09:00"))).as("Tuesday").isEqualTo(1L << 20);
    assertThat(t.limitAt(utc("2026-06-06T09:00"))).as("Saturday 09:00: the every-day entry").isEqualTo(1L << 20);
    assertThat(t.limitAt(utc("2026-06-06T07:00"))).as("Saturday 07:00").isZero();
    assertThat(t.limitAt(utc("2026-06-07T21:00"))).as("Sunday night").isEqualTo(2L << 20);
    assertThat(t.limitAt(utc("2026-06-01T07:00"))).as("Monday before 08:00: Sunday's last").isEqualTo(2L << 20);
  }

  @Test
  void timesAreReadInTheTimetablesZone() {
    BandwidthTimetable t = BandwidthTimetable.parse("08:00,1M 18:00,off").withZone(ZoneId.of("Asia/Tokyo"));
    assertThat(t.limitAt(utc("2026-06-01T00:00"))).as("09:00 in Tokyo").isEqualTo(1L << 20);
    assertThat(t.limitAt(utc("2026-06-01T10:00"))).as("19:00 in Tokyo").isZero();
  }

  @Test
  void aLoneRateIsAFixedLimit() {
    assertThat(BandwidthTimetable.parse("1.5M").limitAt(Instant.now())).isEqualTo(1_572_864);
    assertThat(BandwidthTimetable.parse("1.5M").isFixed()).isTrue();
    assertThat(BandwidthTimetable.parse("off").isUnlimited()).isTrue();
    assertThat(BandwidthTimetable.fixed(2048)).hasToString("2K");
    assertThat(BandwidthTimetable.parseRate("500K")).isEqualTo(512_000);
    assertThat(BandwidthTimetable.parseRate("2048")).isEqualTo(2048);
  }

  @Test
  void badEntriesAreNamed() {
    assertThatThrownBy(() -> BandwidthTimetable.parse("08:00,10M 19:00;off"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("entry '19:00;off'").hasMessageContaining("HH:MM,RATE");
    assertThatThrownBy(() -> BandwidthTimetable.parse("08:00,10M 25:00,off"))
        .hasMessageContaining("'25:00,off'").hasMessageContaining("00:00 to 23:59");
    assertThatThrownBy(() -> BandwidthTimetable.parse("08:00,fast"))
        .hasMessageContaining("entry '08:00,fast'").hasMessageContaining("malformed rate 'fast'");
    assertThatThrownBy(() -> BandwidthTimetable.parse("Xyz-08:00,1M 09:00,off"))
        .hasMessageContaining("unknown day 'Xyz'");
    assertThatThrownBy(() -> BandwidthTimetable.parse("08:00,1M 08:00,off"))
        .hasMessageContaining("'08:00,off' repeats a time");
    assertThatThrownBy(() -> BandwidthTimetable.parse(" ")).hasMessageContaining("empty bandwidth timetable");
    assertThatThrownBy(() -> BandwidthTimetable.parse("ten")).hasMessageContaining("malformed rate 'ten'");
  }
}
