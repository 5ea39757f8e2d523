package io.shotsync.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Endpoint;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.ShotSync;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Helpers shared by the transfer tests. */
final class SyncTestSupport {
  private SyncTestSupport() {}

  /** Fast retries, 4 connections, no ranges. */
  static SyncOptions fast() {
    return SyncOptions.defaults().withRetries(3, Duration.ofMillis(20)).withSegmentThreshold(0);
  }

  static ShotSync open(Endpoint endpoint, Path local, SyncOptions options, SyncListener... listeners) {
    return open(endpoint, local, options, null, listeners);
  }

  static ShotSync open(Endpoint endpoint, Path local, SyncOptions options, TaskStore store,
      SyncListener... listeners) {
    ShotSync.Builder b = ShotSync.builder().endpoint(endpoint).localRoot(local).options(options);
    if (store != null) {
      b.store(store);
    }
    for (SyncListener l : listeners) {
      b.listener(l);
    }
    return b.build();
  }

  static TaskSpec.Builder spec(Endpoint e) {
    return TaskSpec.builder(e.id());
  }

  static Task runToEnd(ShotSync sync, TaskSpec spec) {
    return sync.run(spec).await(Duration.ofSeconds(60));
  }

  static TaskItem item(ShotSync sync, String taskId, String key) {
    return sync.items(taskId).stream().filter(i -> i.key().toString().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no item " + key));
  }

  /** The messages of a task's log, DEBUG and up, oldest first. */
  static List<String> messages(ShotSync sync, String taskId) {
    return sync.logs(new LogQuery(taskId, LogLevel.DEBUG, 0, 10_000)).stream().map(LogRecord::message).toList();
  }

  /** Every regular file under a root, relative, sorted. */
  static List<String> files(Path root) {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      List<String> out = new ArrayList<>();
      s.filter(Files::isRegularFile).forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void assertSameBytes(Path local, String rel, int size) {
    try {
      assertThat(Files.readAllBytes(local.resolve(rel))).as(rel).isEqualTo(ShotTreeGenerator.content(rel, size));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
