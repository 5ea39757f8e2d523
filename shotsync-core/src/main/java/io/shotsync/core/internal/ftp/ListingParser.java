package io.shotsync.core.internal.ftp;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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

  /** A real entry. */
  record Entry(String name, boolean directory, boolean symlink, long size, @Nullable Instant modified,
      Duration precision) implements Line {}

  /** A line that is no entry: {@code cdir}, {@code pdir}, {@code total 12}, blank. */
  record Skip(String why) implements Line {}

  /** A line that none of the parsers understood. */
  record Unparsed() implements Line {}

  private static final DateTimeFormatter MLSD_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
  static final Duration MINUTE = Duration.ofMinutes(1);
  static final Duration DAY = Duration.ofDays(1);

  private final FTPFileEntryParser unix;
  private final FTPFileEntryParser nt;
  private Style style;

  /** A parser that starts with {@code style} and, for LIST, switches to the other LIST style when that one fits. */
  ListingParser(Style style) {
    this.style = style;
    FTPClientConfig unixConfig = new FTPClientConfig(FTPClientConfig.SYST_UNIX);
    unixConfig.setServerTimeZoneId("UTC");
    this.unix = new UnixFTPEntryParser(unixConfig);
    NTFTPEntryParser ntParser = new NTFTPEntryParser();
    FTPClientConfig ntConfig = new FTPClientConfig(FTPClientConfig.SYST_NT);
    ntConfig.setServerTimeZoneId("UTC");
    ntParser.configure(ntConfig);
    this.nt = ntParser;
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
    Style other = style == Style.UNIX ? Style.NT : Style.UNIX;
    FTPFile f = parser(style).parseFTPEntry(line);
    if (f == null) {
      f = parser(other).parseFTPEntry(line);
      if (f == null) {
        return new Unparsed();
      }
      style = other;
    }
    return list(f);
  }

  private FTPFileEntryParser parser(Style s) {
    return s == Style.NT ? nt : unix;
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
    try {
      return LocalDateTime.parse(main, MLSD_TIME).toInstant(ZoneOffset.UTC).plusNanos(nanos);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
