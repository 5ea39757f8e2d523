package io.shotsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Task;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileNotifier}: one line per finished task, through the same listener SPI as the webhook. */
class FileNotifierTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  @TempDir
  Path dir;

  @Test
  void appendsALinePerFinishedTask() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    Path feed = dir.resolve("notifications.log");
    try (ShotSync sync = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(dir.resolve("local"))
        .listener(new FileNotifier(feed)).build()) {
      Task ok = sync.run(TaskSpec.builder(FTP.endpoint().id()).name("sq010").shots("ep01/sq010/*").build())
          .await(Duration.ofSeconds(60));
      assertThat(ok.status()).isEqualTo(TaskStatus.COMPLETED);
      Files.delete(FTP.root().resolve("ep02/sq010/sh0010/anim/publish/v002/scene.ma"));
      Task partial = sync.run(TaskSpec.builder(FTP.endpoint().id()).name("ep02").shots("ep02/sq010/sh0010").build())
          .await(Duration.ofSeconds(60));
      assertThat(partial.status()).isEqualTo(TaskStatus.PARTIAL);
    }
    List<String> lines = Files.readAllLines(feed);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("OK", "'sq010': 4 completed, 0 skipped, 0 failed");
    assertThat(lines.get(1)).contains("FAIL", "'ep02': 1 completed, 0 skipped, 1 failed", "scene.ma");
  }
}
