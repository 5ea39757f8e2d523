package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.files;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Task;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.StubFtpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that lists hostile and odd names (parent references, absolute and drive paths, backslashes, NUL, CR/LF,
 * a directory that contains itself, localized and garbage LIST lines): nothing lands outside the local root, each
 * refusal is a WARN record of the task log, each line that cannot be read an ERROR, and no CR or LF ever reaches the
 * control connection inside a path.
 */
class HostileServerTest {
  @TempDir
  Path tmp;

  private static final String V001 = "/ep01/sq010/sh0010/anim/publish/v001";
  private static final Set<String> VERBS = Set.of("USER", "PASS", "SYST", "FEAT", "TYPE", "OPTS", "CWD", "PWD",
      "NOOP", "EPSV", "PASV", "LIST", "MLSD", "MLST", "STAT", "RETR", "REST", "SIZE", "MDTM", "QUIT", "HASH", "XMD5", "XCRC");

  private static String file(String name, int size) {
    return "-rw-r--r--   1 ftp ftp " + size + " Mar 05  2024 " + name;
  }

  private static String dir(String name) {
    return "drwxr-xr-x   2 ftp ftp 4096 Mar 05  2024 " + name;
  }

  private static final Map<String, List<String>> TREE = Map.of(
      "/", List.of("total 8", dir("ep01"), dir(".."), dir("../up")),
      "/ep01", List.of(dir("sq010"), dir("/abs")),
      "/ep01/sq010", List.of(dir("sh0010"), dir("a/../../b")),
      "/ep01/sq010/sh0010", List.of(dir("anim")),
      "/ep01/sq010/sh0010/anim", List.of(dir("publish")),
      "/ep01/sq010/sh0010/anim/publish", List.of(dir("v001"), dir("..\\v002")),
      V001, List.of(
          "total 42",
          file("scene.ma", 5),
          file("../x", 5),
          file("..", 5),
          file("/abs", 5),
          file("a/../../b", 5),
          file("..\\x", 5),
          file("C:\\x", 5),
          file("nul\u0000x", 5),
          file("cr\rx", 5),
          "-rw-r--r--   1 ftp ftp 5 5 mars  2024 fr\u00e9quence.ma",
          "this is no listing line at all",
          dir("loop")));

  @Test
  void hostileNamesNeverLeaveTheRootAreLoggedAsWarningsAndNeverReachTheControlConnection() throws Exception {
    Path outside = tmp.resolve("outside");
    Path root = outside.resolve("root");
    Files.createDirectories(root);
    try (StubFtpServer stub = StubFtpServer.start((s, cmd, arg) -> {
      switch (cmd) {
        case "LIST" -> {
          String cwd = s.cwd();
          List<String> lines = TREE.get(cwd);
          if (lines == null && cwd.startsWith(V001 + "/loop")) {
            lines = List.of(dir("loop"), file("deep.ma", 5)); // a link to itself: every level holds it again
          }
          if (lines == null) {
            s.reply("550 no such directory");
            return;
          }
          s.reply("150 listing");
          s.lines(lines);
          s.reply("226 done");
        }
        case "RETR" -> {
          s.reply("150 sending");
          s.data(out -> out.write("hello".getBytes(StandardCharsets.US_ASCII)));
          s.reply("226 sent");
        }
        default -> s.reply("502 not here");
      }
    })) {
      try (ShotSync sync = open(stub.endpoint(), root, fast().withConnections(1))) {
        Task t = sync.run(spec(stub.endpoint()).departments(io.shotsync.api.Department.ANIM).build())
            .await(Duration.ofSeconds(60));
        // lines that cannot be read may hide a file of the item: it fails (its other files are fetched)
        assertThat(t.status()).as(String.valueOf(t.message())).isEqualTo(TaskStatus.FAILED);
        List<LogRecord> log = sync.logs(new LogQuery(t.id(), LogLevel.WARN, 0, 10_000));
        List<String> warnings = log.stream().filter(r -> r.level() == LogLevel.WARN).map(LogRecord::message).toList();
        List<String> errors = log.stream().filter(r -> r.level() == LogLevel.ERROR).map(LogRecord::message).toList();
        for (String refused : List.of("'../x'", "'/abs'", "'a/../../b'", "'..\\x'", "'C:\\x'", "nul\\u0000x",
            "'../up'")) {
          assertThat(warnings).as("a WARN for " + refused).anyMatch(w -> w.contains(refused));
        }
        // a CR inside a LIST line ends the line: its rest is a line that cannot be read, an ERROR like the others
        for (String unreadable : List.of("ep01/sq010/sh0010/anim/publish/v001': 'x'", "this is no listing line at all")) {
          assertThat(errors).as("an ERROR for " + unreadable).anyMatch(w -> w.contains(unreadable));
        }
        assertThat(warnings).anyMatch(w -> w.contains("deeper than"));
        assertThat(warnings).noneMatch(w -> w.contains("fr\u00e9quence.ma")); // a French date is read
      }
      // only the root below "outside"; every file inside it is one the server listed under a safe name
      try (var s = Files.list(outside)) {
        assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("root");
      }
      assertThat(files(root)).contains("ep01/sq010/sh0010/anim/publish/v001/scene.ma",
              "ep01/sq010/sh0010/anim/publish/v001/fr\u00e9quence.ma")
          .allSatisfy(f -> assertThat(f).startsWith("ep01/sq010/sh0010/anim/publish/v001/")
              .doesNotContain("..").doesNotContain("\\").doesNotContain(":"));
      assertThat(stub.commands()).isNotEmpty().allSatisfy(c -> {
        String verb = (c.indexOf(' ') < 0 ? c : c.substring(0, c.indexOf(' '))).toUpperCase(java.util.Locale.ROOT);
        assertThat(VERBS).as("a whole command, not the rest of a path split by CR/LF: '%s'", c).contains(verb);
        assertThat(c).doesNotContain("\u0000").doesNotContain("\r").doesNotContain("\n");
      });
      assertThat(stub.commands()).filteredOn(c -> c.startsWith("RETR")).isNotEmpty()
          .allSatisfy(c -> assertThat(c).startsWith("RETR " + V001 + "/"));
    }
  }
}
