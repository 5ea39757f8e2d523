package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.files;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Structure;
import io.shotsync.core.testkit.StubFtpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose LIST speaks French (issue 20: {@code 5 mars 2024} made a WARN and a download with 6 of 7 files that
 * exited 0): every file is read and fetched; a line that still cannot be dated is dated by MDTM; one that cannot be
 * read at all is an error that fails its item.
 */
class LocalizedListingTest {
  @TempDir
  Path tmp;

  private static final String V001 = "/ep01/sq010/sh0010/anim/publish/v001";

  private static String dir(String name) {
    return "drwxr-xr-x    2 ftp      ftp          4096  5 mars   2024 " + name;
  }

  /** Seven frames as a French vsftpd lists them, plus {@code extra} lines in the version folder. */
  private static StubFtpServer french(String... extra) {
    List<String> frames = new ArrayList<>(List.of(
        "-rw-r--r--    1 ftp      ftp               5  5 mars   2024 f1001.exr",
        "-rw-r--r--    1 ftp      ftp               5 29 févr.  2024 f1002.exr",
        "-rw-r--r--    1 ftp      ftp               5  1 août   2023 f1003.exr",
        "-rw-r--r--    1 ftp      ftp               5 24 déc.   2023 f1004.exr",
        "-rw-r--r--    1 ftp      ftp               5 12 janv.  2024 f1005.exr",
        "-rw-r--r--    1 ftp      ftp               5  3 avril  2024 f1006.exr",
        "-rw-r--r--    1 ftp      ftp               5  5 3月    2024 f1007.exr"));
    frames.addAll(List.of(extra));
    Map<String, List<String>> tree = Map.of(
        "/", List.of("total 8", dir("ep01")),
        "/ep01", List.of(dir("sq010")),
        "/ep01/sq010", List.of(dir("sh0010")),
        "/ep01/sq010/sh0010", List.of(dir("anim")),
        "/ep01/sq010/sh0010/anim", List.of(dir("publish")),
        "/ep01/sq010/sh0010/anim/publish", List.of(dir("v001")),
        V001, frames);
    return StubFtpServer.start((s, cmd, arg) -> {
      switch (cmd) {
        case "LIST" -> {
          List<String> lines = tree.get(s.cwd());
          if (lines == null) {
            s.reply("550 no such directory");
            return;
          }
          s.reply("150 listing");
          s.lines(lines);
          s.reply("226 done");
        }
        case "MDTM" -> {
          if (arg.equals(V001 + "/f1007.exr")) {
            s.reply("213 20240305101112");
          } else {
            s.reply("550 Could not get file modification time.");
          }
        }
        case "SIZE" -> s.reply("213 5");
        case "RETR" -> {
          s.reply("150 sending");
          s.data(out -> out.write("hello".getBytes(StandardCharsets.US_ASCII)));
          s.reply("226 sent");
        }
        default -> s.reply("502 not here");
      }
    }).features("MDTM", "SIZE");
  }

  @Test
  void aFrenchListingIsReadWholeAndEveryFileIsFetched() throws Exception {
    try (StubFtpServer stub = french(); ShotSync sync = open(stub.endpoint(), tmp, fast().withConnections(1))) {
      Structure s = sync.scan(stub.endpoint().id());
      assertThat(s.errors()).isEmpty();
      assertThat(s.warnings()).isEmpty();
      List<RemoteEntry> v001 = s.shots().get(0).departments().get(0).versions().get(0).files();
      assertThat(v001).hasSize(7);
      assertThat(v001).filteredOn(f -> f.name().equals("f1007.exr")).singleElement()
          .satisfies(f -> assertThat(f.modified()).isEqualTo(Instant.parse("2024-03-05T10:11:12Z")));
      assertThat(v001).filteredOn(f -> f.name().equals("f1002.exr")).singleElement()
          .satisfies(f -> assertThat(f.modified()).isEqualTo(Instant.parse("2024-02-29T00:00:00Z")));

      Task t = sync.run(spec(stub.endpoint()).departments(Department.ANIM).build()).await(Duration.ofSeconds(60));
      assertThat(t.status()).as(String.valueOf(t.message())).isEqualTo(TaskStatus.COMPLETED);
      assertThat(files(tmp)).hasSize(7);
    }
  }

  @Test
  void anEntryThatCannotBeReadIsAnErrorNamingItAndFailsItsItem() throws Exception {
    String unreadable = "-rw-r--r--    1 ftp      ftp               5  6 3月    2024 f1008.exr";
    try (StubFtpServer stub = french(unreadable, "?? garbage ??");
        ShotSync sync = open(stub.endpoint(), tmp, fast().withConnections(1))) {
      Structure s = sync.scan(stub.endpoint().id());
      assertThat(s.errors()).extracting(Structure.ListingError::line).containsExactly(unreadable, "?? garbage ??");
      assertThat(s.errors()).allSatisfy(e -> assertThat(e.directory()).isEqualTo(V001.substring(1)));
      assertThat(s.errors().get(0).message()).contains("f1008.exr", V001.substring(1), "MDTM");
      assertThat(s.warnings()).isEmpty();

      Task t = sync.run(spec(stub.endpoint()).departments(Department.ANIM).build()).await(Duration.ofSeconds(60));
      assertThat(t.status()).isEqualTo(TaskStatus.FAILED); // its one item failed
      List<TaskItem> items = sync.items(t.id());
      assertThat(items).singleElement().satisfies(i -> {
        assertThat(i.status()).isEqualTo(ItemStatus.FAILED);
        assertThat(i.message()).contains("2 listed entries cannot be read", "f1008.exr");
      });
      // what could be read is fetched all the same
      assertThat(files(tmp)).hasSize(7);
      List<LogRecord> log = sync.logs(new LogQuery(t.id(), LogLevel.ERROR, 0, 1000));
      assertThat(log).anySatisfy(r -> assertThat(r.message()).startsWith("scan error:").contains("f1008.exr"));
      assertThat(log).anySatisfy(r -> assertThat(r.message()).contains("?? garbage ??"));
    }
  }

  @Test
  void anUnreadableEntryInAnotherVersionLeavesAnItemThatDoesNotNeedItAlone() throws Exception {
    // the department directory lists v001 and a v000 folder whose listing holds an unreadable line: the latest
    // version is v001, whose files are all read, so the item completes (the scan still reports the error)
    Map<String, List<String>> tree = Map.of(
        "/", List.of(dir("ep01")), "/ep01", List.of(dir("sq010")), "/ep01/sq010", List.of(dir("sh0010")),
        "/ep01/sq010/sh0010", List.of(dir("anim")), "/ep01/sq010/sh0010/anim", List.of(dir("publish")),
        "/ep01/sq010/sh0010/anim/publish", List.of(dir("v000"), dir("v001")),
        "/ep01/sq010/sh0010/anim/publish/v000", List.of("?? garbage ??"),
        V001, List.of("-rw-r--r--    1 ftp      ftp               5  5 mars   2024 f1001.exr"));
    try (StubFtpServer stub = StubFtpServer.start((s, cmd, arg) -> {
      switch (cmd) {
        case "LIST" -> {
          List<String> lines = tree.get(s.cwd());
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
    }); ShotSync sync = open(stub.endpoint(), tmp, fast().withConnections(1))) {
      Structure s = sync.scan(stub.endpoint().id());
      assertThat(s.errors()).singleElement().satisfies(e -> assertThat(e.directory()).endsWith("/v000"));
      Task t = sync.run(spec(stub.endpoint()).departments(Department.ANIM).build()).await(Duration.ofSeconds(60));
      assertThat(t.status()).as(String.valueOf(t.message())).isEqualTo(TaskStatus.COMPLETED);
      assertThat(files(tmp)).containsExactly("ep01/sq010/sh0010/anim/publish/v001/f1001.exr");
    }
  }
}
