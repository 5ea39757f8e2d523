package io.shotsync.core.internal.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.RemoteEntry;
import io.shotsync.core.testkit.StubFtpServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listings over the control connection (STAT, as vsftpd answers it) and pipelined MDTM. */
class StatListingTest {

  /** A server whose STAT of /shot lists it like vsftpd (with "." and ".."), whose STAT of anything else is empty. */
  static StubFtpServer vsftpdLike() {
    return StubFtpServer.start((s, cmd, arg) -> {
      switch (cmd) {
        case "STAT" -> {
          s.reply("213-Status follows:");
          if (arg.equals("/shot")) {
            s.reply("drwxr-xr-x    4 0        0            4096 Jan 01  2024 .");
            s.reply("drwxr-xr-x    3 0        0            4096 Jan 01  2024 ..");
            s.reply("drwxr-xr-x    2 0        0            4096 Jan 01  2024 v001");
            s.reply("-rw-r--r--    1 0        0           65536 Jan 01  2024 a b.exr");
          }
          s.reply("213 End of status");
        }
        case "LIST" -> {
          s.reply("150 listing");
          s.lines(List.of("-rw-r--r--    1 0        0           7 Jan 01  2024 listed.txt"));
          s.reply("226 done");
        }
        case "MDTM" -> {
          if (arg.endsWith("missing")) {
            s.reply("550 Could not get file modification time.");
          } else {
            s.reply("213 2024010101000" + arg.charAt(arg.length() - 1));
          }
        }
        default -> s.reply("502 not here");
      }
    });
  }

  @Test
  void statListsADirectoryWithoutADataConnection() {
    try (StubFtpServer stub = vsftpdLike()) {
      List<RemoteEntry> entries = ListingFailureTest.list(stub, "/shot", new ArrayList<>());
      assertThat(entries).extracting(RemoteEntry::path).containsExactly("/shot/v001", "/shot/a b.exr");
      assertThat(entries.get(0).directory()).isTrue();
      assertThat(entries.get(1).size()).isEqualTo(65536);
      assertThat(stub.commands()).anyMatch(c -> c.startsWith("STAT /shot"))
          .noneMatch(c -> c.startsWith("LIST") || c.startsWith("EPSV") || c.startsWith("PASV"));
    }
  }

  @Test
  void anEmptyStatReplyFallsBackToListSoAMissingDirectoryIsNeverEmpty() {
    try (StubFtpServer stub = vsftpdLike()) {
      List<RemoteEntry> entries = ListingFailureTest.list(stub, "/elsewhere", new ArrayList<>());
      assertThat(entries).extracting(RemoteEntry::path).containsExactly("/elsewhere/listed.txt");
      assertThat(stub.commands()).anyMatch(c -> c.startsWith("LIST"));
    }
  }

  @Test
  void globCharactersNeverGoToStat() {
    try (StubFtpServer stub = vsftpdLike()) {
      ListingFailureTest.list(stub, "/sh*t", new ArrayList<>());
      assertThat(stub.commands()).noneMatch(c -> c.startsWith("STAT")).anyMatch(c -> c.startsWith("LIST"));
    }
  }

  @Test
  void pipelinedMdtmAnswersEveryFileInOrder() {
    try (StubFtpServer stub = vsftpdLike(); FtpPool pool = FtpPools.open(stub.endpoint(), ListingFailureTest.OPTIONS)) {
      FtpSession s = pool.borrow();
      try {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
          paths.add(i == 70 ? "/v/missing" : "/v/f" + (i % 10));
        }
        List<Instant> times = s.modificationTimes(paths);
        assertThat(times).hasSize(150);
        for (int i = 0; i < 150; i++) {
          if (i == 70) {
            assertThat(times.get(i)).isNull();
          } else {
            assertThat(times.get(i)).isEqualTo(Instant.parse("2024-01-01T01:00:0" + (i % 10) + "Z"));
          }
        }
        // the session still answers in step after the batches
        assertThat(s.modificationTime("/v/f3")).isEqualTo(Instant.parse("2024-01-01T01:00:03Z"));
      } finally {
        pool.release(s, false);
      }
    }
  }

  @Test
  void statSafeRefusesGlobsAndRelativePaths() {
    assertThat(DirectoryListing.statSafe("/ep01/sq010/sh 0010")).isTrue();
    assertThat(DirectoryListing.statSafe("/ep01/*")).isFalse();
    assertThat(DirectoryListing.statSafe("-la")).isFalse();
  }
}
