package io.shotsync.core.internal.ftp;

import io.shotsync.core.internal.ftp.ListingParser.Entry;
import io.shotsync.core.internal.ftp.ListingParser.Line;
import io.shotsync.core.internal.ftp.ListingParser.Skip;
import io.shotsync.core.internal.ftp.ListingParser.Unparsed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** MLSD lines (RFC 3659 facts) and the {@code YYYYMMDDHHMMSS[.sss]} times MLSD and MDTM send. */
final class MlsdLines {
  private MlsdLines() {}

  /** Parses {@code fact=value;fact=value; name}. */
  static Line line(String line) {
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
          modified = time(value);
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
  static @Nullable Instant time(String value) {
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
    if (main.length() != 14 || UnixLines.digits(main, 0, 14) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of((int) UnixLines.digits(main, 0, 4), (int) UnixLines.digits(main, 4, 6), (int) UnixLines.digits(main, 6, 8),
          (int) UnixLines.digits(main, 8, 10), (int) UnixLines.digits(main, 10, 12), (int) UnixLines.digits(main, 12, 14))
          .toInstant(ZoneOffset.UTC).plusNanos(nanos);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }
}
