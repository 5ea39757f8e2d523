package io.shotsync.core.internal.ftp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Calendar;
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
      return MlsdLines.line(line);
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
        Line named = UnixLines.undatedLine(line);
        return named == null ? new Unparsed() : named;
      }
      style = other;
    }
    if (f.getTimestamp() == null && f.getType() != FTPFile.DIRECTORY_TYPE) {
      // commons-net matches lines whose date it cannot read with a loose pattern, which may take part of the date
      // for the name (3月  5  2024 sh0010.exr): the line's own shape is the better reading
      Line named = UnixLines.undatedLine(line);
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

  /** The common Unix LIST line read without regular expressions ({@link UnixLines#unixLine}); null for others. */
  @Nullable Line unixLine(String line) {
    return UnixLines.unixLine(line, clock);
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
    return MlsdLines.line(line);
  }

  /** Parses {@code YYYYMMDDHHMMSS[.sss]} (UTC), as MLSD and MDTM send it; null when malformed. */
  static @Nullable Instant mlsdTime(String value) {
    return MlsdLines.time(value);
  }
}
