package io.shotsync.api;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A bandwidth limit that changes with the time of day and, optionally, the day of the week, in the spirit of
 * rclone's {@code --bwlimit} timetables: {@code "08:00,10M 19:00,off"} limits to 10 MiB/s from 8 in the morning
 * and lifts the limit at 7 in the evening, every day; {@code "Mon-08:00,512K Sat-00:00,off"} sets the limit on
 * Monday morning and lifts it for the weekend. Each entry holds from its time until the next entry's; before the
 * first entry of the week the last one still holds. Entries without a day apply on every day; where a day's own
 * entry has the same time, the day's entry wins. A lone rate ({@code "10M"}) is a fixed limit.
 *
 * <p>Rates are bytes per second with an optional K, M, G or T suffix (powers of 1024), like {@code 512K},
 * {@code 10M} or {@code 1.5M}; {@code off} or {@code 0} means no limit. Times are wall-clock times in the
 * timetable's zone (the system's default unless {@link #withZone} says otherwise). Immutable.
 */
public final class BandwidthTimetable {
  private static final int MINUTES_PER_WEEK = 7 * 24 * 60;
  private static final Pattern ENTRY = Pattern.compile("(?:([A-Za-z]+)-)?(\\d{1,2}):(\\d{2}),(.+)");
  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?(?:/s)?",
      Pattern.CASE_INSENSITIVE);

  /** No limit at any time. */
  public static final BandwidthTimetable UNLIMITED = fixed(0);

  /**
   * One entry: from this day (null for every day) and time on, this many bytes per second (0 for no limit).
   *
   * @param day the day of the week, or null for every day
   * @param time the wall-clock time the entry starts at
   * @param bytesPerSecond the limit, 0 for none
   */
  public record Entry(@Nullable DayOfWeek day, LocalTime time, long bytesPerSecond) {
    /** Checks the fields. */
    public Entry {
      Objects.requireNonNull(time, "time");
      if (bytesPerSecond < 0) {
        throw new InvalidInputException("bandwidth limit must not be negative: " + bytesPerSecond);
      }
    }

    @Override
    public String toString() {
      return (day == null ? "" : day.getDisplayName(TextStyle.SHORT, Locale.ROOT) + "-")
          + String.format(Locale.ROOT, "%02d:%02d", time.getHour(), time.getMinute()) + "," + rateText(bytesPerSecond);
    }
  }

  private final List<Entry> entries;
  private final ZoneId zone;
  /** Start minutes within the week (Monday 00:00 = 0), ascending, and the rate from each. */
  private final int[] starts;
  private final long[] rates;
  /** The one rate of a timetable that never changes, else -1. */
  private final long fixedRate;

  private BandwidthTimetable(List<Entry> entries, ZoneId zone) {
    this.entries = List.copyOf(entries);
    this.zone = zone;
    TreeMap<Integer, Long> week = new TreeMap<>();
    for (boolean dayEntries : new boolean[] {false, true}) {
      for (Entry e : this.entries) {
        if ((e.day() != null) != dayEntries) {
          continue;
        }
        int minute = e.time().getHour() * 60 + e.time().getMinute();
        if (e.day() == null) {
          for (int d = 0; d < 7; d++) {
            week.put(d * 1440 + minute, e.bytesPerSecond());
          }
        } else {
          week.put((e.day().getValue() - 1) * 1440 + minute, e.bytesPerSecond());
        }
      }
    }
    this.starts = week.keySet().stream().mapToInt(Integer::intValue).toArray();
    this.rates = week.values().stream().mapToLong(Long::longValue).toArray();
    this.fixedRate = Arrays.stream(rates).distinct().count() == 1 ? rates[0] : -1;
  }

  /** A fixed limit in bytes per second (0 for none). */
  public static BandwidthTimetable fixed(long bytesPerSecond) {
    return new BandwidthTimetable(List.of(new Entry(null, LocalTime.MIDNIGHT, bytesPerSecond)),
        ZoneId.systemDefault());
  }

  /**
   * Parses a timetable such as {@code "08:00,10M 19:00,off"} or {@code "Mon-08:00,512K Fri-18:00,off"}, or a lone
   * rate such as {@code "10M"}; entries are separated by spaces.
   *
   * @throws InvalidInputException naming the entry that is wrong and what was expected
   */
  public static BandwidthTimetable parse(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new InvalidInputException("empty bandwidth timetable: expected a rate like 10M or entries like"
          + " '08:00,10M 19:00,off'");
    }
    String[] parts = s.split("\\s+");
    if (parts.length == 1 && !parts[0].contains(",")) {
      return fixed(parseRate(parts[0]));
    }
    List<Entry> entries = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (String part : parts) {
      Matcher m = ENTRY.matcher(part);
      if (!m.matches()) {
        throw new InvalidInputException("malformed bandwidth timetable entry '" + part + "' in '" + s
            + "': expected HH:MM,RATE or Day-HH:MM,RATE, like 08:00,10M or Mon-08:00,512K");
      }
      DayOfWeek day = m.group(1) == null ? null : day(m.group(1), part);
      int hour = Integer.parseInt(m.group(2));
      int minute = Integer.parseInt(m.group(3));
      if (hour > 23 || minute > 59) {
        throw new InvalidInputException("bad time in bandwidth timetable entry '" + part
            + "': expected 00:00 to 23:59");
      }
      long rate;
      try {
        rate = parseRate(m.group(4));
      } catch (InvalidInputException e) {
        throw new InvalidInputException("bad rate in bandwidth timetable entry '" + part + "': " + e.getMessage());
      }
      Entry entry = new Entry(day, LocalTime.of(hour, minute), rate);
      String key = (day == null ? "" : day.name()) + entry.time();
      if (seen.contains(key)) {
        throw new InvalidInputException("bandwidth timetable entry '" + part + "' repeats a time already given");
      }
      seen.add(key);
      entries.add(entry);
    }
    return new BandwidthTimetable(entries, ZoneId.systemDefault());
  }

  /**
   * Parses a rate such as {@code 500K}, {@code 10M}, {@code 1.5M} or {@code 2048} into bytes per second;
   * {@code off} and {@code 0} mean no limit.
   *
   * @throws InvalidInputException showing the input
   */
  public static long parseRate(String text) {
    String s = text.strip();
    if (s.equalsIgnoreCase("off")) {
      return 0;
    }
    Matcher m = RATE.matcher(s);
    if (!m.matches()) {
      throw new InvalidInputException("malformed rate '" + text
          + "': expected bytes per second like 500K, 10M or 1.5M, or off");
    }
    double value = Double.parseDouble(m.group(1));
    int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    double bytes = value * (1L << shift);
    if (bytes > Long.MAX_VALUE / 2) {
      throw new InvalidInputException("rate '" + text + "' is too large");
    }
    long rounded = Math.round(bytes);
    if (rounded == 0 && value > 0) {
      throw new InvalidInputException("rate '" + text + "' is below one byte per second");
    }
    return rounded;
  }

  /** This timetable read in another zone. */
  public BandwidthTimetable withZone(ZoneId value) {
    return new BandwidthTimetable(entries, Objects.requireNonNull(value, "zone"));
  }

  /** The limit in bytes per second at this instant; 0 for none. */
  public long limitAt(Instant instant) {
    if (fixedRate >= 0) {
      return fixedRate;
    }
    ZonedDateTime t = instant.atZone(zone);
    int minute = (t.getDayOfWeek().getValue() - 1) * 1440 + t.getHour() * 60 + t.getMinute();
    int i = Arrays.binarySearch(starts, minute);
    if (i < 0) {
      i = -i - 2;  // the entry before the insertion point
    }
    return rates[i < 0 ? rates.length - 1 : i];
  }

  /** True when the limit never changes. */
  public boolean isFixed() {
    return fixedRate >= 0;
  }

  /** True when no entry sets a limit. */
  public boolean isUnlimited() {
    return fixedRate == 0;
  }

  /** The entries as given. */
  public List<Entry> entries() {
    return entries;
  }

  /** The zone the times are read in. */
  public ZoneId zone() {
    return zone;
  }

  private static DayOfWeek day(String name, String entry) {
    String n = name.toLowerCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      String full = d.name().toLowerCase(Locale.ROOT);
      if (n.length() >= 3 && full.startsWith(n)) {
        return d;
      }
    }
    throw new InvalidInputException("unknown day '" + name + "' in bandwidth timetable entry '" + entry
        + "': expected Mon, Tue, Wed, Thu, Fri, Sat or Sun");
  }

  static String rateText(long bytesPerSecond) {
    if (bytesPerSecond == 0) {
      return "off";
    }
    String[] units = {"", "K", "M", "G", "T"};
    long v = bytesPerSecond;
    int u = 0;
    while (u < units.length - 1 && v % 1024 == 0) {
      v /= 1024;
      u++;
    }
    return v + units[u];
  }

  /** The timetable in its text form, like {@code 08:00,10M 19:00,off}; a fixed limit as its rate. */
  @Override
  public String toString() {
    if (entries.size() == 1 && entries.get(0).day() == null && entries.get(0).time().equals(LocalTime.MIDNIGHT)) {
      return rateText(entries.get(0).bytesPerSecond());
    }
    return String.join(" ", entries.stream().map(Entry::toString).toList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BandwidthTimetable b && b.entries.equals(entries) && b.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entries, zone);
  }
}
