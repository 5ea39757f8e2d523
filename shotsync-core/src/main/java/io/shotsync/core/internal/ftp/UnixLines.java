package io.shotsync.core.internal.ftp;

import io.shotsync.core.internal.ftp.ListingParser.Entry;
import io.shotsync.core.internal.ftp.ListingParser.Line;
import io.shotsync.core.internal.ftp.ListingParser.Skip;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Unix LIST lines read by hand, without regular expressions or calendars: the common line of a plain file or
 * directory, and a line whose date no parser could read (read for its type, size and name only).
 */
final class UnixLines {
  private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

  private UnixLines() {}

  /**
   * The common Unix LIST line of a plain file or directory ({@code -rw-r--r-- 1 owner group 65536 Jan 01 2024
   * name}), read without regular expressions or calendars; null for anything else (links, devices, a missing
   * owner or group, a name that starts with a space, other date forms), which the commons-net parser then reads.
   */
  static @Nullable Line unixLine(String line, Clock clock) {
    int n = line.length();
    int[] start = new int[8];
    int[] end = new int[8];
    int pos = tokens(line, start, end);
    if (pos < 0) {
      return null;
    }
    // exactly one space before the name, which must not be empty or start with a space
    if (pos + 1 >= n || line.charAt(pos) != ' ' || line.charAt(pos + 1) == ' ') {
      return null;
    }
    String name = line.substring(pos + 1);
    char type = line.charAt(0);
    int permsLength = end[0] - start[0];
    if ((type != '-' && type != 'd') || permsLength < 10 || permsLength > 11) {
      return null;
    }
    long size = digits(line, start[4], end[4]);
    if (size < 0) {
      return null;
    }
    Entry dated = dated(line, start, end, clock, name, type == 'd', size);
    if (dated != null && (name.equals(".") || name.equals(".."))) {
      return new Skip("cdir/pdir");
    }
    return dated;
  }

  /**
   * Splits the first {@code start.length} space-separated tokens of a line into {@code start}/{@code end}; answers
   * where the last one ends, or -1 when the line has fewer.
   */
  private static int tokens(String line, int[] start, int[] end) {
    int pos = 0;
    for (int t = 0; t < start.length && pos >= 0; t++) {
      pos = token(line, pos, t, start, end);
    }
    return pos;
  }

  /** Reads token {@code t} from {@code pos} into {@code start[t]}/{@code end[t]}; answers its end, or -1 for none. */
  private static int token(String line, int pos, int t, int[] start, int[] end) {
    int n = line.length();
    while (pos < n && line.charAt(pos) == ' ') {
      pos++;
    }
    start[t] = pos;
    while (pos < n && line.charAt(pos) != ' ') {
      pos++;
    }
    end[t] = pos;
    return start[t] == end[t] ? -1 : pos;
  }

  /** The entry of a LIST line whose date is tokens 5 to 7, or null when that date cannot be read. */
  private static @Nullable Entry dated(String line, int[] start, int[] end, Clock clock, String name,
      boolean directory, long size) {
    // month first (Mar 5, mars 5) or day first (5 mars, 5. Mär), English looked up first without a table
    int month = english(line, start[5], end[5]);
    int day;
    if (month == 0) {
      month = Months.of(line, start[5], end[5]);
    }
    if (month > 0) {
      day = day(line, start[6], end[6]);
    } else {
      day = day(line, start[5], end[5]);
      month = Months.of(line, start[6], end[6]);
    }
    if (day < 0 || month == 0) {
      return null;
    }
    int colon = line.indexOf(':', start[7]);
    try {
      if (colon > 0 && colon < end[7]) {
        long hour = digits(line, start[7], colon);
        long minute = digits(line, colon + 1, end[7]);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || end[7] - colon != 3) {
          return null;
        }
        Instant modified = recent(clock, month, day, (int) hour, (int) minute);
        return modified == null ? null : new Entry(name, directory, false, size, modified, ListingParser.MINUTE);
      }
      long year = digits(line, start[7], end[7]);
      if (end[7] - start[7] != 4 || year < 1900) {
        return null;
      }
      Instant modified = LocalDateTime.of((int) year, month, day, 0, 0).toInstant(ZoneOffset.UTC);
      return new Entry(name, directory, false, size, modified, ListingParser.DAY);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** The English month named by the three letters {@code s[from, to)} (any case), or 0. */
  private static int english(String s, int from, int to) {
    if (to - from != 3) {
      return 0;
    }
    for (int m = 0; m < 12; m++) {
      if (s.regionMatches(true, from, MONTHS, m * 3, 3)) {
        return m + 1;
      }
    }
    return 0;
  }

  /** The day of month in {@code s[from, to)}, digits with an optional trailing dot ({@code 5.}); -1 otherwise. */
  private static int day(String s, int from, int to) {
    if (to > from && s.charAt(to - 1) == '.') {
      to--;
    }
    if (to - from > 2) {
      return -1;
    }
    long d = digits(s, from, to);
    return d < 1 || d > 31 ? -1 : (int) d;
  }

  /**
   * A Unix-style line whose date no parser could read, read for its type, size and name: the permissions, then the
   * first token after the size that ends a date (a time {@code HH:MM[:SS]} or a year), then one space and the name.
   * The date itself is left out ({@code modified} null) for the session to ask MDTM. Null when the line has no such
   * shape.
   */
  static @Nullable Line undatedLine(String line) {
    int n = line.length();
    int[] start = new int[12];
    int[] end = new int[12];
    int pos = 0;
    int dateEnd = -1;
    for (int t = 0; t < start.length && dateEnd < 0; t++) {
      pos = token(line, pos, t, start, end);
      if (pos < 0) {
        return null;
      }
      if (t >= 5 && endsDate(line, start[t], end[t])) {
        dateEnd = t;
      }
    }
    if (dateEnd < 0 || !permissions(line, start[0], end[0])) {
      return null;
    }
    // the size is the last number before the date's own two tokens (day and month)
    long size = -1;
    for (int t = dateEnd - 3; t >= 3 && size < 0; t--) {
      size = digits(line, start[t], end[t]);
    }
    if (size < 0 || pos + 1 >= n || line.charAt(pos) != ' ' || line.charAt(pos + 1) == ' ') {
      return null;
    }
    String name = line.substring(pos + 1);
    char type = line.charAt(0);
    boolean link = type == 'l';
    if (link) {
      int arrow = name.indexOf(" -> ");
      if (arrow <= 0) {
        return null;
      }
      name = name.substring(0, arrow);
    }
    if (name.equals(".") || name.equals("..")) {
      return new Skip("cdir/pdir");
    }
    return new Entry(name, type == 'd', link, size, null, Duration.ZERO);
  }

  /** True for {@code -rw-r--r--} and its kin (a plain file, directory or link, optional ACL mark). */
  private static boolean permissions(String s, int from, int to) {
    int length = to - from;
    char type = s.charAt(from);
    if ((type != '-' && type != 'd' && type != 'l') || length < 10 || length > 11) {
      return false;
    }
    for (int i = from + 1; i < from + 10; i++) {
      if ("rwxsStTl-".indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** True for a token that ends a LIST date: {@code H:MM}, {@code HH:MM}, {@code HH:MM:SS} or a year 1900-2999. */
  private static boolean endsDate(String s, int from, int to) {
    int colon = s.indexOf(':', from);
    if (colon > from && colon < to) {
      long hour = digits(s, from, colon);
      int rest = to - colon - 1;
      if (hour < 0 || hour > 23 || (rest != 2 && rest != 5)) {
        return false;
      }
      return digits(s, colon + 1, colon + 3) >= 0 && (rest == 2 || (s.charAt(colon + 3) == ':'
          && digits(s, colon + 4, to) >= 0));
    }
    long year = to - from == 4 ? digits(s, from, to) : -1;
    return year >= 1900 && year <= 2999;
  }

  /** A date without a year: this year's, or last year's when that would be more than a day ahead of now. */
  private static @Nullable Instant recent(Clock clock, int month, int day, int hour, int minute) {
    Instant now = clock.instant();
    int year = now.atOffset(ZoneOffset.UTC).getYear();
    Instant limit = now.plus(ListingParser.DAY);
    Instant t = ofYear(year, month, day, hour, minute);
    return t == null || t.isAfter(limit) ? ofYear(year - 1, month, day, hour, minute) : t;
  }

  private static @Nullable Instant ofYear(int year, int month, int day, int hour, int minute) {
    if (month == 2 && day == 29 && !java.time.Year.isLeap(year)) {
      return null;
    }
    return LocalDateTime.of(year, month, day, hour, minute).toInstant(ZoneOffset.UTC);
  }

  /** The decimal number in {@code s[from, to)}, or -1 when that is not all digits (or is too long). */
  static long digits(String s, int from, int to) {
    if (from >= to || to - from > 18) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
