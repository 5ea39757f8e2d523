package io.shotsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Endpoint;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Secret;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed with {@code kill -9} holds its items under a lease of an hour; a retry or a cancel on the same host
 * notices that its process is gone and goes on at once, keeping the partial file for resume.
 */
class DeadWorkerTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  private static final String DIR = "ep01/sq010/sh0010/anim/publish/v001/";

  @TempDir
  Path tmp;

  /** Starts {@link CrashChild} with the default worker id and kills it mid-file; answers the task id. */
  private String killMidFile(Path local, Path storeDir) throws Exception {
    Path idFile = tmp.resolve("task-id");
    ProcessBuilder pb = CrashChild.process(tmp.resolve("child.log"), "127.0.0.1", Integer.toString(FTP.port()),
        FtpServerExtension.USER, local.toString(), storeDir.toString(), idFile.toString(), "local-id");
    Process child = pb.start();
    Path part = local.resolve(DIR + ".b.bin.shotsync.part");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (child.isAlive() && System.nanoTime() < deadline && !(Files.exists(part) && Files.size(part) >= 2_500_000)) {
      Thread.sleep(10);
    }
    assertThat(child.isAlive()).as("child still running mid-file: %s", Files.readString(tmp.resolve("child.log")))
        .isTrue();
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(part).exists();
    return Files.readString(idFile).strip();
  }

  private ShotSync open(JdbcTaskStore store, Path local) {
    return ShotSync.builder().endpoint(new Endpoint("studio", "127.0.0.1", FTP.port(), FtpServerExtension.USER,
        Secret.of(FtpServerExtension.PASSWORD), "/", false, null)).localRoot(local).store(store)
        .options(SyncOptions.defaults().withConnections(1).withSegmentThreshold(0).withRetries(3, Duration.ofMillis(50)))
        .leaseDuration(Duration.ofHours(1)).build();
  }

  private ShotTreeGenerator tree() {
    return new ShotTreeGenerator(FTP.root()).file(DIR + "a.bin", 300_000).file(DIR + "b.bin", 4_000_000);
  }

  @Test
  void aRetryRightAfterTheKillTakesTheItemsOverWithoutWaitingForTheLease() throws Exception {
    ShotTreeGenerator tree = tree();
    Path local = tmp.resolve("local");
    Path storeDir = tmp.resolve("store");
    String taskId = killMidFile(local, storeDir);
    try (JdbcTaskStore store = JdbcTaskStore.embedded(storeDir); ShotSync sync = open(store, local)) {
      assertThat(sync.task(taskId).status()).isEqualTo(TaskStatus.RUNNING);
      assertThat(store.hasLiveClaims(taskId)).as("the dead worker's lease has an hour to run").isTrue();
      Task done = sync.retryFailed(taskId).await(Duration.ofSeconds(90));
      assertThat(done.status()).as(String.valueOf(done.message())).isEqualTo(TaskStatus.COMPLETED);
      assertThat(sync.logs(new LogQuery(taskId, LogLevel.WARN, 0, 1000))).extracting(LogRecord::message)
          .anyMatch(m -> m.startsWith("took over the items of worker ") && m.endsWith("its process on this host is gone"));
      for (Map.Entry<String, Integer> f : tree.files().entrySet()) {
        assertThat(Files.readAllBytes(local.resolve(f.getKey()))).as(f.getKey())
            .isEqualTo(ShotTreeGenerator.content(f.getKey(), f.getValue()));
      }
      TaskItem anim = sync.items(taskId).stream().filter(i -> i.key().toString().endsWith("/anim")).findFirst()
          .orElseThrow();
      assertThat(anim.status()).isEqualTo(ItemStatus.COMPLETED);
      assertThat(anim.stats().resumed()).as("the killed file resumed").isEqualTo(1);
    }
  }

  @Test
  void aCancelRightAfterTheKillEndsTheRunningItemsAndARetryResumesThem() throws Exception {
    ShotTreeGenerator tree = tree();
    Path local = tmp.resolve("local");
    Path storeDir = tmp.resolve("store");
    String taskId = killMidFile(local, storeDir);
    try (JdbcTaskStore store = JdbcTaskStore.embedded(storeDir); ShotSync sync = open(store, local)) {
      assertThat(sync.cancel(taskId)).isTrue();
      assertThat(sync.task(taskId).status()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(sync.items(taskId)).allSatisfy(i -> assertThat(i.status().isFinal()).isTrue())
          .anySatisfy(i -> assertThat(i.message()).isEqualTo("cancelled; its worker is gone"));
      assertThat(local.resolve(DIR + ".b.bin.shotsync.part")).as("partial kept for resume").exists();

      Task done = sync.retryFailed(taskId).await(Duration.ofSeconds(90));
      assertThat(done.status()).as(String.valueOf(done.message())).isEqualTo(TaskStatus.COMPLETED);
      TaskItem anim = sync.items(taskId).stream().filter(i -> i.key().toString().endsWith("/anim")).findFirst()
          .orElseThrow();
      assertThat(anim.stats().resumed()).isEqualTo(1);
      for (Map.Entry<String, Integer> f : tree.files().entrySet()) {
        assertThat(Files.readAllBytes(local.resolve(f.getKey()))).as(f.getKey())
            .isEqualTo(ShotTreeGenerator.content(f.getKey(), f.getValue()));
      }
    }
  }
}
