package io.shotsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.core.ShotSync;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.testkit.FaultProxy;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a multi-file task ({@link CrashChild} in a child JVM, on a file-based H2 store), then a
 * new run on the same store: no final file is partial, finished files are not fetched again, the interrupted file
 * resumes from its offset, and the tree ends byte-identical to the server's.
 */
class CrashRecoveryTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  @TempDir
  Path tmp;

  private static final String DIR = "ep01/sq010/sh0010/anim/publish/v001/";

  static List<Path> regularFiles(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void aKilledRunLeavesNoPartialFinalFileAndTheNextRunResumesWithoutFetchingFinishedFilesAgain() throws Exception {
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root());
    tree.file(DIR + "a.bin", 400_000).file(DIR + "b.bin", 4_000_000).file(DIR + "c.bin", 400_000)
        .file(DIR + "d.bin", 400_000);
    Path local = tmp.resolve("local");
    Path storeDir = tmp.resolve("store");
    Path idFile = tmp.resolve("task-id");
    try (FaultProxy proxy = new FaultProxy("127.0.0.1", FTP.port())) {
      ProcessBuilder pb = CrashChild.process(tmp.resolve("child.log"), "127.0.0.1", Integer.toString(proxy.port()),
          FtpServerExtension.USER, local.toString(), storeDir.toString(), idFile.toString());
      Process child = pb.start();
      Path bigPart = local.resolve(DIR + ".b.bin.shotsync.part");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      // well past the 1 MiB mark, where the engine records the confirmed prefix (flushed within 200 ms), and
      // before the end of the file
      while (child.isAlive() && System.nanoTime() < deadline
          && !(Files.exists(bigPart) && Files.size(bigPart) >= 2_500_000)) {
        Thread.sleep(10);
      }
      assertThat(child.isAlive()).as("child still running mid-file: %s", Files.exists(tmp.resolve("child.log"))
          ? Files.readString(tmp.resolve("child.log")) : "").isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      int retrsBefore = proxy.retrs();
      int restsBefore = proxy.restOffsets().size();

      // no final name holds a partial file
      Map<String, Integer> served = tree.files();
      List<String> finishedAtKill = new ArrayList<>();
      for (Path p : regularFiles(local)) {
        String rel = local.relativize(p).toString().replace('\\', '/');
        if (rel.endsWith(".part")) {
          continue;
        }
        assertThat(Files.readAllBytes(p)).as(rel).isEqualTo(ShotTreeGenerator.content(rel, served.get(rel)));
        finishedAtKill.add(rel);
      }
      assertThat(bigPart).exists();
      String taskId = Files.readString(idFile).strip();

      SyncOptions options = SyncOptions.defaults().withConnections(1).withSegmentThreshold(0)
          .withRetries(3, Duration.ofMillis(50));
      try (JdbcTaskStore store = JdbcTaskStore.embedded(storeDir);
          ShotSync again = ShotSync.builder().endpoint(new io.shotsync.api.Endpoint("studio", "127.0.0.1",
              proxy.port(), FtpServerExtension.USER, io.shotsync.api.Secret.of(FtpServerExtension.PASSWORD), "/",
              false, null)).localRoot(local)
              .store(store).options(options).leaseDuration(Duration.ofSeconds(2)).build()) {
        assertThat(again.task(taskId).status()).isEqualTo(TaskStatus.RUNNING);
        // the killed worker's claims run out after their 2 s lease; this run then takes the items over
        Task done = again.retryFailed(taskId).await(Duration.ofSeconds(90));
        assertThat(done.status()).as(String.valueOf(done.message())).isEqualTo(TaskStatus.COMPLETED);
        for (Map.Entry<String, Integer> f : served.entrySet()) {
          assertThat(Files.readAllBytes(local.resolve(f.getKey()))).as(f.getKey())
              .isEqualTo(ShotTreeGenerator.content(f.getKey(), f.getValue()));
        }
        assertThat(regularFiles(local)).noneMatch(p -> p.getFileName().toString().endsWith(".part"));
        // only the files that had no final name at the kill were fetched again
        assertThat(proxy.retrs() - retrsBefore).isEqualTo(served.size() - finishedAtKill.size());
        TaskItem anim = again.items(taskId).stream().filter(i -> i.key().toString().endsWith("/anim"))
            .findFirst().orElseThrow();
        assertThat(anim.stats().resumed()).as("%s", again.logs(new LogQuery(taskId, LogLevel.DEBUG, 0, 10_000)))
            .isEqualTo(1);
        List<FileRecord> records = store.files(taskId);
        assertThat(records).filteredOn(r -> r.path().endsWith("b.bin")).singleElement()
            .satisfies(r -> assertThat(r.action()).isEqualTo(FileAction.RESUMED));
        List<String> log = again.logs(new LogQuery(taskId, LogLevel.DEBUG, 0, 10_000)).stream()
            .map(LogRecord::message).toList();
        Pattern resumed = Pattern.compile("resuming " + Pattern.quote(DIR + "b.bin") + " at byte (\\d+) of 4000000");
        long offset = log.stream().map(resumed::matcher).filter(Matcher::matches)
            .mapToLong(m -> Long.parseLong(m.group(1))).findFirst()
            .orElseThrow(() -> new AssertionError("no resume message in " + log));
        assertThat(offset).isGreaterThanOrEqualTo(1L << 20).isLessThan(4_000_000);
        assertThat(proxy.restOffsets().subList(restsBefore, proxy.restOffsets().size())).contains(offset);
      }
    }
  }
}
