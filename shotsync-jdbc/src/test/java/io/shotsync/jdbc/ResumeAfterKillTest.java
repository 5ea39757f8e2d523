package io.shotsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Endpoint;
import io.shotsync.api.Secret;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.Task;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FaultProxy;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a downloading JVM ({@link CrashChild}) halfway through a large file, then the task retried on
 * its store, or the same download run again as a new task on an in-memory store: the bytes received over the wire
 * (counted at the {@link FaultProxy}) are at most the bytes missing from the temporary file plus 10% of the file,
 * for a sequential and a ranged download; a remote file changed in between is fetched whole.
 */
class ResumeAfterKillTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  @TempDir
  Path tmp;

  private static final String DIR = "ep01/sq010/sh0010/anim/publish/v001/";
  private static final String BIG = DIR + "big.bin";
  private static final int SEQUENTIAL_SIZE = 4_000_000;
  private static final int RANGED_SIZE = 8_000_000;

  @Test
  void aRetryOfAKilledSequentialDownloadReceivesOnlyTheMissingBytes() throws Exception {
    resume(false, true, false);
  }

  @Test
  void theSameSequentialDownloadRunAgainAsANewTaskContinuesTheTemporaryFile() throws Exception {
    resume(false, false, false);
  }

  @Test
  void aRetryOfAKilledRangedDownloadReceivesOnlyTheMissingBytes() throws Exception {
    resume(true, true, false);
  }

  @Test
  void theSameRangedDownloadRunAgainAsANewTaskKeepsEverySpanOnDisk() throws Exception {
    resume(true, false, false);
  }

  @Test
  void aRemoteFileChangedAfterTheKillIsFetchedWhole() throws Exception {
    resume(false, false, true);
  }

  private void resume(boolean ranged, boolean retry, boolean changeRemote) throws Exception {
    int size = ranged ? RANGED_SIZE : SEQUENTIAL_SIZE;
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root());
    tree.file(DIR + "a.bin", 100_000).file(BIG, size);
    Path local = tmp.resolve("local");
    Path storeDir = tmp.resolve("store");
    Path idFile = tmp.resolve("task-id");
    Path part = local.resolve(DIR + ".big.bin.shotsync.part");
    try (FaultProxy proxy = new FaultProxy("127.0.0.1", FTP.port())) {
      ProcessBuilder pb = CrashChild.process(tmp.resolve("child.log"), "127.0.0.1", Integer.toString(proxy.port()),
          FtpServerExtension.USER, local.toString(), storeDir.toString(), idFile.toString(), "local-id",
          ranged ? "ranged" : "sequential");
      Process child = pb.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      byte[] expected = ShotTreeGenerator.content(BIG, size);
      // the proxy runs ahead of the file (socket buffers): wait for half of the file on disk
      while (child.isAlive() && System.nanoTime() < deadline
          && !(Files.exists(part) && heldOnDisk(part, expected) >= size / 2)) {
        Thread.sleep(20);
      }
      assertThat(child.isAlive()).as("child still running mid-file: %s", Files.exists(tmp.resolve("child.log"))
          ? Files.readString(tmp.resolve("child.log")) : "").isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(part).exists();

      byte[] content = ShotTreeGenerator.content(BIG, size);
      long onDisk = heldOnDisk(part, content);
      long missing = size - onDisk;
      // a.bin, when the kill came before it was in place, is fetched by the second run too
      long aMissing = Files.exists(local.resolve(DIR + "a.bin")) ? 0 : 100_000;
      assertThat(onDisk).as("bytes of the file on disk at the kill").isGreaterThan(size / 4);
      if (changeRemote) {
        byte[] changed = content.clone();
        changed[size / 3] ^= 0x5a;
        Path remote = FTP.root().resolve(BIG);
        Files.write(remote, changed);
        Files.setLastModifiedTime(remote, FileTime.from(ShotTreeGenerator.MTIME.plus(2, ChronoUnit.HOURS)));
        content = changed;
      }
      long before = proxy.retrievedBytes();
      int restsBefore = proxy.restOffsets().size();

      SyncOptions options = ranged
          ? SyncOptions.defaults().withConnections(4).withSegmentThreshold(1 << 20)
          : SyncOptions.defaults().withConnections(1).withSegmentThreshold(0);
      options = options.withRetries(3, Duration.ofMillis(50));
      Endpoint endpoint = new Endpoint("studio", "127.0.0.1", proxy.port(), FtpServerExtension.USER,
          Secret.of(FtpServerExtension.PASSWORD), "/", false, null);
      Task done;
      List<String> log;
      if (retry) {
        String taskId = Files.readString(idFile).strip();
        try (JdbcTaskStore store = JdbcTaskStore.embedded(storeDir);
            ShotSync again = ShotSync.builder().endpoint(endpoint).localRoot(local).store(store).options(options)
                .build()) {
          done = again.retryFailed(taskId).await(Duration.ofSeconds(90));
          log = messages(again, taskId);
        }
      } else {
        // a new task over the same files, on a store that knows nothing of the killed run
        try (ShotSync again = ShotSync.builder().endpoint(endpoint).localRoot(local).options(options).build()) {
          String taskId = again.createTask(TaskSpec.builder("studio").build()).id();
          done = again.execute(taskId).await(Duration.ofSeconds(90));
          log = messages(again, taskId);
        }
      }
      long received = proxy.retrievedBytes() - before;
      assertThat(done.status()).as("%s %s", done.message(), log).isEqualTo(TaskStatus.COMPLETED);
      Map<String, Integer> served = tree.files();
      assertThat(Files.readAllBytes(local.resolve(BIG))).isEqualTo(content);
      assertThat(Files.readAllBytes(local.resolve(DIR + "a.bin")))
          .isEqualTo(ShotTreeGenerator.content(DIR + "a.bin", served.get(DIR + "a.bin")));
      assertThat(CrashRecoveryTest.regularFiles(local)).noneMatch(p -> p.getFileName().toString().endsWith(".part"));
      System.out.printf("resume %s %s%s: %d of %d bytes on disk at the kill, %d missing; received again: %d"
          + " (%+.1f%% of the file beyond the missing bytes) by shotsync, %d sent through the proxy%n",
          ranged ? "ranged" : "sequential", retry ? "retry" : "new task", changeRemote ? " (remote changed)" : "",
          onDisk, size, missing, done.bytesReceived() - aMissing,
          100.0 * (done.bytesReceived() - aMissing - missing) / size, received - aMissing);
      if (changeRemote) {
        assertThat(received).as("the changed file is fetched whole").isGreaterThanOrEqualTo(size);
        assertThat(log).anyMatch(m -> m.contains("starting " + BIG + " over instead of resuming: the remote mtime"));
        assertThat(proxy.restOffsets().subList(restsBefore, proxy.restOffsets().size())).allMatch(o -> o == 0);
      } else {
        assertThat(log).anyMatch(m -> m.startsWith("resuming " + BIG));
        // what shotsync read off its data connections
        assertThat(done.bytesReceived() - aMissing).as("%s", log).isLessThanOrEqualTo(missing + size / 10)
            .isGreaterThanOrEqualTo(missing - size / 100);
        if (!ranged) {
          // and what the server sent: the same, within a socket buffer. A ranged read cut at its range's end is sent
          // on by the server until it sees the close (here, on loopback, up to a few MiB per range into the socket
          // buffers, fresh downloads alike), so for ranges the count at the proxy says little
          assertThat(received - aMissing).as("%s", log).isLessThanOrEqualTo(missing + size / 10);
        }
      }
    }
  }

  private static List<String> messages(ShotSync sync, String taskId) {
    return sync.logs(new LogQuery(taskId, LogLevel.DEBUG, 0, 10_000)).stream().map(LogRecord::message).toList();
  }

  /** Bytes of the temporary file that hold the file's content, in whole 4 KiB blocks (holes read as zeros). */
  static long heldOnDisk(Path part, byte[] content) throws IOException {
    byte[] p = Files.readAllBytes(part);
    long held = 0;
    for (int at = 0; at < Math.min(p.length, content.length); at += 4096) {
      int end = Math.min(Math.min(p.length, content.length), at + 4096);
      if (Arrays.equals(p, at, end, content, at, end)) {
        held += end - at;
      }
    }
    return held;
  }
}
