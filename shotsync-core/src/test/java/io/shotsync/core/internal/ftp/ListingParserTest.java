package io.shotsync.core.internal.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import org.apache.commons.net.ftp.FTPClientConfig;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.parser.UnixFTPEntryParser;
import org.junit.jupiter.api.Test;

/** The hand-written Unix LIST reader answers exactly what the commons-net parser answers, or leaves the line to it. */
class ListingParserTest {
  private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ENGLISH);

  private static List<String> corpus() {
    List<String> lines = new ArrayList<>(List.of(
        "-rw-r--r--    1 0        0           65536 Jan 01  2024 sq010_sh0010_anim_v001.1001.jpg",
        "drwxr-xr-x    2 0        0            4096 Dec 31  1999 v001",
        "-rw-r--r--    1 ftp      ftp      1073741824 Feb 29  2024 big file with spaces.abc",
        "-rw-r--r--+   1 owner    group           0 Mar  5  2021 acl",
        "-rw-r--r--    1 0 0 12 Jul 4 2023 name-with--dashes",
        "-rw-r--r--    1 0        0              12 Jan 01  2024  leading space",
        "lrwxrwxrwx    1 0        0               7 Jan 01  2024 link -> target",
        "crw-rw-rw-    1 0        0          1,   3 Jan 01  2024 null",
        "-rw-r--r--    1 owner                   12 Jan 01  2024 no-group",
        "-rw-r--r--    1 0        0              12 Foo 01  2024 bad-month",
        "-rw-r--r--    1 0        0              12 Jan 32  2024 bad-day",
        "-rw-r--r--    1 0        0              12 Feb 30  2024 no-such-day",
        "-rw-r--r--    1 0        0              1x Jan 01  2024 bad-size",
        "drwxr-xr-x    2 0        0            4096 Jan 01  2024 .",
        "drwxr-xr-x    2 0        0            4096 Jan 01  2024 ..",
        "-rw-r--r--    1 0        0              12 Jan 01  2024 ünïcödé 名前.exr",
        "-rw-r--r--    1 0        0              12 Jan 01 2024"));
    // recent files show the time instead of the year: around today, and months back
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    for (int back : new int[] {2, 30, 100, 200, 300, 360}) {
      String when = today.minusDays(back).atTime(13, 7).format(RECENT);
      lines.add("-rw-r--r--    1 0        0            4242 " + when + " recent-" + back + ".exr");
    }
    return lines;
  }

  @Test
  void theFastReaderAgreesWithCommonsNetOnEveryLineItReads() {
    FTPClientConfig config = new FTPClientConfig(FTPClientConfig.SYST_UNIX);
    config.setServerTimeZoneId("UTC");
    UnixFTPEntryParser reference = new UnixFTPEntryParser(config);
    ListingParser fast = new ListingParser(ListingParser.Style.UNIX, Clock.systemUTC());
    int read = 0;
    for (String line : corpus()) {
      ListingParser.Line ours = fast.unixLine(line);
      if (ours == null) {
        continue;
      }
      read++;
      FTPFile theirs = reference.parseFTPEntry(line);
      assertThat(theirs).as(line).isNotNull();
      if (ours instanceof ListingParser.Skip) {
        assertThat(theirs.getName()).as(line).isIn(".", "..");
        continue;
      }
      ListingParser.Entry e = (ListingParser.Entry) ours;
      assertThat(e.name()).as(line).isEqualTo(theirs.getName());
      assertThat(e.directory()).as(line).isEqualTo(theirs.isDirectory());
      assertThat(e.size()).as(line).isEqualTo(theirs.getSize());
      assertThat(e.modified()).as(line).isEqualTo(theirs.getTimestamp().toInstant());
      assertThat(e.precision()).as(line)
          .isEqualTo(theirs.getTimestamp().isSet(Calendar.HOUR_OF_DAY) ? Duration.ofMinutes(1) : Duration.ofDays(1));
    }
    assertThat(read).isGreaterThanOrEqualTo(14);
  }

  @Test
  void linesOutsideTheCommonFormAreLeftToCommonsNetAndStillParsed() {
    ListingParser parser = new ListingParser(ListingParser.Style.UNIX);
    assertThat(parser.unixLine("lrwxrwxrwx    1 0        0               7 Jan 01  2024 link -> target")).isNull();
    assertThat(parser.unixLine("-rw-r--r--    1 owner                   12 Jan 01  2024 no-group")).isNull();
    assertThat(parser.unixLine("-rw-r--r--    1 0        0              12 Jan 01  2024  leading space")).isNull();
    assertThat(parser.unixLine("-rw-r--r--    1 0        0              12 Feb 30  2024 no-such-day")).isNull();

    ListingParser.Line link = parser.parse("lrwxrwxrwx    1 0        0               7 Jan 01  2024 link -> target");
    assertThat(link).isInstanceOf(ListingParser.Entry.class);
    assertThat(((ListingParser.Entry) link).symlink()).isTrue();
    assertThat(((ListingParser.Entry) link).name()).isEqualTo("link");
    ListingParser.Line nt = parser.parse("01-02-24  10:15AM                 1234 scene.ma");
    assertThat(nt).isInstanceOf(ListingParser.Entry.class);
    assertThat(parser.style()).isEqualTo(ListingParser.Style.NT);
  }

  @Test
  void aTimeWithoutYearIsPlacedInTheLastTwelveMonthsWithADayOfGrace() {
    Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    ListingParser parser = new ListingParser(ListingParser.Style.UNIX, clock);
    ListingParser.Entry tomorrow = (ListingParser.Entry) parser.unixLine(
        "-rw-r--r--    1 0        0               1 Mar 02 09:00 a");
    ListingParser.Entry later = (ListingParser.Entry) parser.unixLine(
        "-rw-r--r--    1 0        0               1 Mar 03 09:00 b");
    ListingParser.Entry leap = (ListingParser.Entry) parser.unixLine(
        "-rw-r--r--    1 0        0               1 Feb 29 12:00 c");
    assertThat(tomorrow.modified()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
    assertThat(later.modified()).isEqualTo(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(leap).isNull(); // no Feb 29 in 2026 or 2025: left to commons-net
    assertThat(tomorrow.precision()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void mdtmAndMlsdTimesAreReadStrictly() {
    assertThat(ListingParser.mlsdTime("20240101120000")).isEqualTo(Instant.parse("2024-01-01T12:00:00Z"));
    assertThat(ListingParser.mlsdTime("20240101120000.25")).isEqualTo(Instant.parse("2024-01-01T12:00:00.250Z"));
    assertThat(ListingParser.mlsdTime("20240231120000")).isNull();
    assertThat(ListingParser.mlsdTime("2024010112000")).isNull();
    assertThat(ListingParser.mlsdTime("2024010112000x")).isNull();
    assertThat(ListingParser.mlsdTime("20240101120000.")).isNull();
  }
}
