package io.shotsync.core.internal.ftp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.Locale;
import org.apache.commons.net.ftp.FTPClientConfig;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPFileEntryParser;
import org.apache.commons.net.ftp.parser.NTFTPEntryParser;
import org.apache.commons.net.ftp.parser.UnixFTPEntryParser;
import org.jspecify.annotations.Nullable;

/**
 * Turns one listing line into a {@link Line}: MLSD facts (RFC 3659), or a LIST line in Unix or Windows/NT
 * style. One parser serves one listing at a time; lines are parsed as they stream in, never collected.
 */
final class ListingParser {
  /** Listing styles. */
  enum Style { MLSD, UNIX, NT }

  /** One parsed line. */
  sealed interface Line permits Entry, Skip, Unparsed {}

  /** A real entry; {@code modified} is null when the line gave no date that could be read. */
  record Entry(String name, boolean directory, boolean symlink, long size, @Nullable Instant modified,
      Duration precision) implements Line {}

  /** A line that is no entry: {@code cdir}, {@code pdir}, {@code total 12}, blank. */
  record Skip(String why) implements Line {}

  /** A line that none of the parsers understood. */
  record Unparsed() implements Line {}

  static final Duration MINUTE = Duration.ofMinutes(1);
  static final Duration DAY = Duration.ofDays(1);

  private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

  private final Clock clock;
  private @Nullable FTPFileEntryParser unix;
  private @Nullable FTPFileEntryParser nt;
  private Style style;

  /** A parser that starts with {@code style} and, for LIST, switches to the other LIST style when that one fits. */
  ListingParser(Style style) {
    this(style, Clock.systemUTC());
  }

  /** A parser whose clock places LIST dates without a year (in the last twelve months, a day of grace ahead). */
  ListingParser(Style style, Clock clock) {
    this.style = style;
    this.clock = clock;
  }

  /** The style the last LIST line parsed in (it may have switched). */
  Style style() {
    return style;
  }

  /** Parses one line. */
  Line parse(String line) {
    if (line.isBlank()) {
      return new Skip("blank");
    }
    if (style == Style.MLSD) {
      return mlsd(line);
    }
    if (line.startsWith("total ") && line.substring(6).trim().chars().allMatch(Character::isDigit)) {
      return new Skip("total");
    }
    if (style == Style.UNIX) {
      Line fast = unixLine(line);
      if (fast != null) {
        return fast;
      }
    }
    Style other = style == Style.UNIX ? Style.NT : Style.UNIX;
    FTPFile f = parser(style).parseFTPEntry(line);
    if (f == null) {
      f = parser(other).parseFTPEntry(line);
      if (f == null) {
        Line named = undatedLine(line);
        return named == null ? new Unparsed() : named;
      }
      style = other;
    }
    if (f.getTimestamp() == null && f.getType() != FTPFile.DIRECTORY_TYPE) {
      // commons-net matches lines whose date it cannot read with a loose pattern, which may take part of the date
      // for the name (3月  5  2024 sh0010.exr): the line's own shape is the better reading
      Line named = undatedLine(line);
      if (named != null) {
        return named;
      }
    }
    return list(f);
  }

  /** The commons-net parser of a LIST style, made on first use (each compiles its regular expressions). */
  private FTPFileEntryParser parser(Style s) {
    if (s == Style.NT) {
      if (nt == null) {
        NTFTPEntryParser ntParser = new NTFTPEntryParser();
        FTPClientConfig ntConfig = new FTPClientConfig(FTPClientConfig.SYST_NT);
        ntConfig.setServerTimeZoneId("UTC");
        ntParser.configure(ntConfig);
        nt = ntParser;
      }
      return nt;
    }
    if (unix == null) {
      FTPClientConfig unixConfig = new FTPClientConfig(FTPClientConfig.SYST_UNIX);
      unixConfig.setServerTimeZoneId("UTC");
      unix = new UnixFTPEntryParser(unixConfig);
    }
    return unix;
  }

  /**
   * The common Unix LIST line of a plain file or directory ({@code -rw-r--r-- 1 owner group 65536 Jan 01 2024
   * name}), read without regular expressions or calendars; null for anything else (links, devices, a missing
   * owner or group, a name that starts with a space, other date forms), which the commons-net parser then reads.
   */
  @Nullable Line unixLine(String line) {
    int n = line.length();
    int[] start = new int[8];
    int[] end = new int[8];
    int pos = 0;
    for (int t = 0; t < 8; t++) {
      while (pos < n && line.charAt(pos) == ' ') {
        pos++;
      }
      start[t] = pos;
      while (pos < n && line.charAt(pos) != ' ') {
        pos++;
      }
      end[t] = pos;
      if (start[t] == end[t]) {
        return null;
      }
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
    Instant modified;
    Duration precision;
    try {
      if (colon > 0 && colon < end[7]) {
        long hour = digits(line, start[7], colon);
        long minute = digits(line, colon + 1, end[7]);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || end[7] - colon != 3) {
          return null;
        }
        modified = recent(month, day, (int) hour, (int) minute);
        if (modified == null) {
          return null;
        }
        precision = MINUTE;
      } else {
        long year = digits(line, start[7], end[7]);
        if (end[7] - start[7] != 4 || year < 1900) {
          return null;
        }
        modified = LocalDateTime.of((int) year, month, day, 0, 0).toInstant(ZoneOffset.UTC);
        precision = DAY;
      }
    } catch (java.time.DateTimeException e) {
      return null;
    }
    if (name.equals(".") || name.equals("..")) {
      return new Skip("cdir/pdir");
    }
    return new Entry(name, type == 'd', false, size, modified, precision);
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
      while (pos < n && line.charAt(pos) == ' ') {
        pos++;
      }
      start[t] = pos;
      while (pos < n && line.charAt(pos) != ' ') {
        pos++;
      }
      end[t] = pos;
      if (start[t] == end[t]) {
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
  private @Nullable Instant recent(int month, int day, int hour, int minute) {
    Instant now = clock.instant();
    int year = now.atOffset(ZoneOffset.UTC).getYear();
    Instant limit = now.plus(DAY);
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
  private static long digits(String s, int from, int to) {
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

  private static Line list(FTPFile f) {
    String name = f.getName();
    if (name == null) {
      return new Unparsed();
    }
    if (name.equals(".") || name.equals("..")) {
      return new Skip("cdir/pdir");
    }
    Calendar ts = f.getTimestamp();
    Instant modified = null;
    Duration precision = DAY;
    if (ts != null) {
      precision = ts.isSet(Calendar.HOUR_OF_DAY) ? MINUTE : DAY;
      modified = ts.toInstant();
    }
    return new Entry(name, f.isDirectory(), f.isSymbolicLink(), Math.max(0, f.getSize()), modified, precision);
  }

  /** True when a LIST line names the listed directory itself ({@code .}), not its parent. */
  static boolean isSelf(String line) {
    return line.endsWith(" .") && !line.endsWith(" ..");
  }

  /** Parses {@code fact=value;fact=value; name}. */
  static Line mlsd(String line) {
    int space = line.indexOf(' ');
    if (space < 0) {
      return new Unparsed();
    }
    String name = line.substring(space + 1);
    String type = null;
    long size = -1;
    Instant modified = null;
    for (String fact : line.substring(0, space).split(";")) {
      int eq = fact.indexOf('=');
      if (fact.isEmpty()) {
        continue;
      }
      if (eq <= 0) {
        return new Unparsed();
      }
      String key = fact.substring(0, eq).toLowerCase(Locale.ROOT);
      String value = fact.substring(eq + 1);
      switch (key) {
        case "type" -> type = value.toLowerCase(Locale.ROOT);
        case "size", "sizd" -> {
          try {
            size = Long.parseLong(value);
          } catch (NumberFormatException e) {
            return new Unparsed();
          }
        }
        case "modify" -> {
          modified = mlsdTime(value);
          if (modified == null) {
            return new Unparsed();
          }
        }
        default -> { }
      }
    }
    if (type == null) {
      return new Unparsed();
    }
    if (type.equals("cdir") || type.equals("pdir")) {
      return new Skip(type);
    }
    boolean dir = type.equals("dir");
    boolean link = type.startsWith("os.unix=slink") || type.startsWith("os.unix=symlink");
    if (!dir && !link && !type.equals("file")) {
      return new Skip("type " + type);
    }
    return new Entry(name, dir, link, Math.max(0, size), modified, Duration.ZERO);
  }

  /** Parses {@code YYYYMMDDHHMMSS[.sss]} (UTC), as MLSD and MDTM send it; null when malformed. */
  static @Nullable Instant mlsdTime(String value) {
    String main = value;
    long nanos = 0;
    int dot = value.indexOf('.');
    if (dot >= 0) {
      main = value.substring(0, dot);
      String frac = value.substring(dot + 1);
      if (frac.isEmpty() || frac.length() > 9 || !frac.chars().allMatch(Character::isDigit)) {
        return null;
      }
      nanos = Long.parseLong((frac + "000000000").substring(0, 9));
    }
    if (main.length() != 14 || digits(main, 0, 14) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of((int) digits(main, 0, 4), (int) digits(main, 4, 6), (int) digits(main, 6, 8),
          (int) digits(main, 8, 10), (int) digits(main, 10, 12), (int) digits(main, 12, 14))
          .toInstant(ZoneOffset.UTC).plusNanos(nanos);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }
}
