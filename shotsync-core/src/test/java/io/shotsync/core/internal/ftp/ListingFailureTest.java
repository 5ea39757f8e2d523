package io.shotsync.core.internal.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.RemoteEntry;
import io.shotsync.api.RemoteException;
import io.shotsync.core.Layout;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.internal.scan.Scanner;
import io.shotsync.core.testkit.StubFtpServer;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingFailureTest {
  static final SyncOptions OPTIONS = SyncOptions.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
      .withRetries(0, Duration.ofMillis(1));

  static List<RemoteEntry> list(StubFtpServer stub, String dir, List<String> warnings) {
    try (FtpPool pool = FtpPools.open(stub.endpoint(), OPTIONS)) {
      FtpSession s = pool.borrow();
      try {
        return s.list(dir, warnings::add);
      } finally {
        pool.release(s, true);
      }
    }
  }

  static StubFtpServer unixList(String... lines) {
    return StubFtpServer.start((s, cmd, arg) -> {
      if (cmd.equals("LIST")) {
        s.reply("150 listing");
        s.lines(List.of(lines));
        s.reply("226 done");
      } else {
        s.reply("502 not here");
      }
    });
  }

  @Test
  void refusedDataConnectionIsATransientError() {
    try (StubFtpServer stub = unixList("-rw-r--r-- 1 u g 5 Jan 02 2020 a.txt").refuseData()) {
      assertThatThrownBy(() -> list(stub, "/", new ArrayList<>())).isInstanceOfSatisfying(RemoteException.class,
          e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.TRANSIENT));
    }
  }

  @Test
  void listReplying550IsAPermanentError() {
    try (StubFtpServer stub = StubFtpServer.start((s, cmd, arg) -> s.reply("550 permission denied"))) {
      assertThatThrownBy(() -> list(stub, "/", new ArrayList<>())).isInstanceOfSatisfying(RemoteException.class, e -> {
        assertThat(e.kind()).isEqualTo(RemoteException.Kind.PERMANENT);
        assertThat(e.replyCode()).isEqualTo(550);
        assertThat(e.getMessage()).contains("permission denied");
      });
    }
  }

  @Test
  void a426HalfwayThroughAListingIsAnErrorNotAShortListing() {
    try (StubFtpServer stub = StubFtpServer.start((s, cmd, arg) -> {
      if (!cmd.equals("LIST")) {
        s.reply("502 no");
        return;
      }
      s.reply("150 listing");
      s.lines(List.of("-rw-r--r-- 1 u g 5 Jan 02 2020 a.txt", "-rw-r--r-- 1 u g 5 Jan 02 2020 b.txt"));
      s.reply("426 connection closed; transfer aborted");
    })) {
      assertThatThrownBy(() -> list(stub, "/", new ArrayList<>())).isInstanceOfSatisfying(RemoteException.class, e -> {
        assertThat(e.kind()).isEqualTo(RemoteException.Kind.TRANSIENT);
        assertThat(e.replyCode()).isEqualTo(426);
      });
    }
  }

  @Test
  void aScanFailsWhenAListingFails() {
    try (StubFtpServer stub = StubFtpServer.start((s, cmd, arg) -> s.reply("550 no access"));
        FtpPool pool = FtpPools.open(stub.endpoint(), OPTIONS)) {
      assertThatThrownBy(() -> new Scanner(pool, stub.endpoint(), Layout.defaults(), OPTIONS, Clock.systemUTC()).scan(p -> { }))
          .isInstanceOf(RemoteException.class).hasMessageContaining("550");
    }
  }

  /** Lists with a session, keeping warnings and unreadable entries ({@code directory|line|reason}) apart. */
  static List<RemoteEntry> list(StubFtpServer stub, String dir, List<String> warnings, List<String> unreadable) {
    try (FtpPool pool = FtpPools.open(stub.endpoint(), OPTIONS)) {
      FtpSession s = pool.borrow();
      try {
        return s.list(dir, new FtpSession.Warnings() {
          @Override
          public void warn(String message) {
            warnings.add(message);
          }

          @Override
          public void unreadable(String directory, String line, String reason) {
            unreadable.add(directory + "|" + line + "|" + reason);
          }
        });
      } finally {
        pool.release(s, true);
      }
    }
  }

  @Test
  void unparsedLinesAreUnreadableEntriesNamedByTheirLine() {
    List<String> warnings = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    try (StubFtpServer stub = unixList("total 12", "-rw-r--r-- 1 u g 5 Jan 02 2020 good.txt", "garbage line here",
        "drwxr-xr-x 2 u g 4096 Mar 03 12:30 dir", "??? also bad")) {
      List<RemoteEntry> entries = list(stub, "/x", warnings, unreadable);
      assertThat(entries).extracting(RemoteEntry::name).containsExactly("good.txt", "dir");
    }
    assertThat(warnings).isEmpty();
    assertThat(unreadable).containsExactly("/x|garbage line here|unparsed listing line",
        "/x|??? also bad|unparsed listing line");
  }

  @Test
  void anUnreadableLineIsAWarningOnlyForCallersThatMerelyLook() {
    List<String> warnings = new ArrayList<>();
    try (StubFtpServer stub = unixList("garbage line here")) {
      assertThat(list(stub, "/x", warnings)).isEmpty();
    }
    assertThat(warnings).containsExactly("cannot read an entry the server lists in /x: 'garbage line here'"
        + " (unparsed listing line)");
  }

  /** A French vsftpd: day-first dates, MDTM for every file (exact), one line whose date no parser reads. */
  static StubFtpServer frenchServer(String... extra) {
    List<String> lines = new ArrayList<>(List.of(
        "drwxr-xr-x    2 ftp      ftp          4096  5 mars   2024 v001",
        "-rw-r--r--    1 ftp      ftp         65536  5 mars   2024 a.exr",
        "-rw-r--r--    1 ftp      ftp         65536 29 févr.  2024 b.exr",
        "-rw-r--r--    1 ftp      ftp         65536  5 3月   2024 c.exr"));
    lines.addAll(List.of(extra));
    return StubFtpServer.start((s, cmd, arg) -> {
      switch (cmd) {
        case "LIST" -> {
          s.reply("150 listing");
          s.lines(lines);
          s.reply("226 done");
        }
        case "MDTM" -> {
          if (arg.endsWith("/c.exr")) {
            s.reply("213 20240305101112");
          } else {
            s.reply("550 Could not get file modification time.");
          }
        }
        default -> s.reply("502 not here");
      }
    }).features("MDTM", "SIZE", "REST STREAM");
  }

  @Test
  void aLineWhoseDateCannotBeReadIsListedByNameAndDatedByMdtm() {
    List<String> warnings = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    try (StubFtpServer stub = frenchServer()) {
      List<RemoteEntry> entries = list(stub, "/shot", warnings, unreadable);
      assertThat(entries).extracting(RemoteEntry::name).containsExactly("v001", "a.exr", "b.exr", "c.exr");
      assertThat(entries.get(1).modified()).isEqualTo(Instant.parse("2024-03-05T00:00:00Z"));
      assertThat(entries.get(2).modified()).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
      RemoteEntry c = entries.get(3);
      assertThat(c.size()).isEqualTo(65536);
      assertThat(c.modified()).isEqualTo(Instant.parse("2024-03-05T10:11:12Z"));
      assertThat(c.precision()).isEqualTo(Duration.ZERO);
      // only the undated line cost an MDTM
      assertThat(stub.commands()).filteredOn(x -> x.startsWith("MDTM")).containsExactly("MDTM /shot/c.exr");
    }
    assertThat(warnings).isEmpty();
    assertThat(unreadable).isEmpty();
  }

  @Test
  void aFileNeitherTheLineNorMdtmCanDateIsUnreadableAndLeftOut() {
    List<String> unreadable = new ArrayList<>();
    String line = "-rw-r--r--    1 ftp      ftp         65536  7 3月   2024 d.exr";
    try (StubFtpServer stub = frenchServer(line)) {
      List<RemoteEntry> entries = list(stub, "/shot", new ArrayList<>(), unreadable);
      assertThat(entries).extracting(RemoteEntry::name).containsExactly("v001", "a.exr", "b.exr", "c.exr");
    }
    assertThat(unreadable).containsExactly("/shot|" + line + "|its date cannot be read and MDTM gives none");
  }

  @Test
  void listMtimesCarryTheirPrecision() {
    try (StubFtpServer stub = unixList("-rw-r--r-- 1 u g 5 Jan 02 2020 old.txt", "-rw-r--r-- 1 u g 5 Mar 03 12:30 new.txt")) {
      List<RemoteEntry> entries = list(stub, "/", new ArrayList<>());
      assertThat(entries.get(0).precision()).isEqualTo(Duration.ofDays(1));
      assertThat(entries.get(1).precision()).isEqualTo(Duration.ofMinutes(1));
    }
  }

  @Test
  void windowsListingIsDetectedWithoutSyst() {
    try (StubFtpServer stub = unixList("07-18-20  03:04PM       <DIR>          sub dir", "07-18-20  03:04PM  123 f.txt")) {
      List<RemoteEntry> entries = list(stub, "/", new ArrayList<>());
      assertThat(entries).extracting(RemoteEntry::name).containsExactly("sub dir", "f.txt");
      assertThat(entries.get(0).directory()).isTrue();
      assertThat(entries.get(1).size()).isEqualTo(123);
    }
  }

  @Test
  void hostileNamesAreRefusedWithAWarning() {
    List<String> warnings = new ArrayList<>();
    try (StubFtpServer stub = StubFtpServer.start((s, cmd, arg) -> {
      if (cmd.equals("MLSD")) {
        s.reply("150 listing");
        s.lines(List.of("type=cdir; .", "type=pdir; ..", "type=file;size=1; ..", "type=dir; ..",
            "type=file;size=1; a\\b", "type=file;size=1; C:evil.txt", "type=file;size=1; bell\u0007.txt",
            "type=file;size=1; ok.txt", "type=dir; fine dir"));
        s.reply("226 done");
      } else {
        s.reply("502 no");
      }
    }).features("MLST type*;size*;modify*;", "UTF8")) {
      List<RemoteEntry> entries = list(stub, "/d", warnings);
      assertThat(entries).extracting(RemoteEntry::path).containsExactly("/d/ok.txt", "/d/fine dir");
    }
    assertThat(warnings).hasSize(5);
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("'C:evil.txt'").contains("drive prefix"));
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("a\\b").contains("separator"));
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("bell\\u0007.txt"));
  }

  @Test
  void tenThousandEntriesListWithoutHoldingTheListingText() {
    int n = 10_000;
    try (StubFtpServer stub = StubFtpServer.start((s, cmd, arg) -> {
      if (cmd.equals("MLSD")) {
        s.reply("150 listing");
        s.data(out -> {
          Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
          for (int i = 0; i < n; i++) {
            w.write("type=file;size=" + i + ";modify=20240102030405; frame_" + i + ".exr\r\n");
          }
          w.flush();
        });
        s.reply("226 done");
      } else {
        s.reply("502 no");
      }
    }).features("MLST type*;size*;modify*;")) {
      List<String> warnings = new ArrayList<>();
      List<RemoteEntry> entries = list(stub, "/big", warnings);
      assertThat(entries).hasSize(n);
      assertThat(entries.get(n - 1).size()).isEqualTo(n - 1);
      assertThat(entries.get(n - 1).path()).isEqualTo("/big/frame_" + (n - 1) + ".exr");
      assertThat(warnings).isEmpty();
    }
  }

  @Test
  void passwordNeverReachesTheServerLogOrMessages() throws IOException {
    try (StubFtpServer stub = StubFtpServer.start((s, cmd, arg) -> s.reply("550 nope"))) {
      assertThatThrownBy(() -> list(stub, "/", new ArrayList<>()))
          .hasMessageNotContaining("pw-not-shown");
    }
  }
}
