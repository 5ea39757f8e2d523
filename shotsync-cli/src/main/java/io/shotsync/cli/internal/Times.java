package io.shotsync.cli.internal;

import io.shotsync.api.InvalidInputException;
import io.shotsync.api.SyncOptions;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the times and durations of {@code --at}, {@code --auto-retry} and {@code --older-than}. */
public final class Times {
  private static final Pattern HH_MM = Pattern.compile("([01]?\\d|2[0-3]):([0-5]\\d)");

  private Times() {}

  /**
   * {@code HH:MM}: the next time the clock's zone shows it (today, or tomorrow when it has passed); otherwise an
   * ISO-8601 instant ({@code 2026-11-01T22:00:00Z}), one with an offset, or a local date-time
   * ({@code 2026-11-01T22:00}, in the clock's zone).
   */
  public static Instant at(String text, Clock clock) {
    String s = text.strip();
    Matcher m = HH_MM.matcher(s);
    if (m.matches()) {
      ZonedDateTime now = ZonedDateTime.now(clock);
      ZonedDateTime at = now.with(LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
      if (!at.isAfter(now)) {
        at = now.toLocalDate().plusDays(1).atTime(at.toLocalTime()).atZone(clock.getZone());
      }
      return at.toInstant();
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeException e) {
      // try the other forms
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeException e) {
      // try the other forms
    }
    try {
      return LocalDateTime.parse(s).atZone(clock.getZone()).toInstant();
    } catch (DateTimeException e) {
      throw new InvalidInputException("malformed time '" + text + "': expected HH:MM (the next such time) or"
          + " ISO-8601 like 2026-11-01T22:00 or 2026-11-01T22:00:00Z");
    }
  }

  /** {@code 90s}, {@code 5m}, {@code 2h}, {@code 7d}, {@code 1h30m} or ISO-8601 {@code PT5M}: {@link SyncOptions#parseDuration}. */
  public static Duration duration(String text) {
    return SyncOptions.parseDuration("duration", text);
  }

  /** {@code --older-than}: a date ({@code 2026-11-01}, its start in the clock's zone), a time as in {@link #at} or a duration back from now. */
  public static Instant before(String text, Clock clock) {
    String s = text.strip();
    try {
      return LocalDate.parse(s).atStartOfDay(clock.getZone()).toInstant();
    } catch (DateTimeException e) {
      // a duration or a time
    }
    if (Character.isDigit(s.isEmpty() ? 'x' : s.charAt(0)) && !s.contains("-") && !s.contains(":")
        || s.toUpperCase(Locale.ROOT).startsWith("P")) {
      return clock.instant().minus(duration(s));
    }
    try {
      return at(s, clock);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("malformed --older-than '" + text + "': expected a date like 2026-11-01, a"
          + " time like 2026-11-01T22:00 or an age like 7d, 12h or 30m");
    }
  }
}
