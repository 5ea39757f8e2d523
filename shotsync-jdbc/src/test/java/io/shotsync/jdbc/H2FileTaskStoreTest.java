package io.shotsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStatus;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: an H2 file that outlives the store, shared by two stores opened at once. */
class H2FileTaskStoreTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void fileOffsetsLogsAndItemsSurviveCloseAndReopen() {
    long itemId;
    long lastSeq;
    String path = "ep01/sq010/sh0010/anim/publish/v003/cache.abc";
    try (JdbcTaskStore s = JdbcTaskStore.embedded(dir)) {
      itemId = s.nextItemIds(1);
      TaskItem item = TaskItem.create(itemId, "t", io.shotsync.api.ItemKey.parse("ep01/sq010/sh0010/anim"), null,
          List.of(Version.of(3)), null).withStatus(ItemStatus.RUNNING, null);
      s.createTask(Task.create("t", TaskSpec.builder("studio").build(), T0), List.of(item));
      s.saveFiles(List.of(new FileRecord("t", itemId, path, Version.of(3), 5_000_000_000L, T0, FileStatus.PARTIAL,
          null, 3_221_225_472L, null, T0.plusSeconds(5))));
      s.appendLogs(List.of(new LogRecord(0, T0, LogLevel.WARN, "t", itemId, path, "connection dropped")));
      lastSeq = s.logs(LogQuery.of("t", 10)).get(0).sequence();
    }
    assertThat(dir.resolve("shotsync.mv.db")).exists();

    try (JdbcTaskStore s = JdbcTaskStore.embedded(dir)) {
      FileRecord f = s.files("t").get(0);
      assertThat(f.status()).isEqualTo(FileStatus.PARTIAL);
      assertThat(f.bytesDone()).isEqualTo(3_221_225_472L);
      assertThat(f.size()).isEqualTo(5_000_000_000L);
      assertThat(s.items("t")).extracting(TaskItem::status).containsExactly(ItemStatus.RUNNING);
      assertThat(s.nextItemIds(1)).isGreaterThan(itemId);
      s.appendLogs(List.of(new LogRecord(0, T0, LogLevel.INFO, "t", itemId, path, "resumed at 3221225472")));
      assertThat(s.logs(new LogQuery("t", LogLevel.DEBUG, lastSeq, 10))).extracting(LogRecord::message)
          .containsExactly("resumed at 3221225472");
    }
  }

  @Test
  void twoStoresOpeningOneNewFileAtOnceBothWork() throws Exception {
    Path shared = dir.resolve("shared");
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<JdbcTaskStore> stores = new ArrayList<>();
    try {
      List<Future<JdbcTaskStore>> opening = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        opening.add(pool.submit(() -> {
          go.await();
          return JdbcTaskStore.embedded(shared);
        }));
      }
      go.countDown();
      for (Future<JdbcTaskStore> f : opening) {
        stores.add(f.get(60, TimeUnit.SECONDS));
      }
      stores.get(0).createTask(Task.create("a", TaskSpec.builder("studio").build(), T0), List.of());
      assertThat(stores.get(1).task("a")).isPresent();
      assertThat(JdbcStoreContract.schemaVersions(JdbcTaskStore.embeddedUrl(shared))).containsExactly(1, 2, 3, 4);
      long id = stores.get(0).nextItemIds(1);
      stores.get(1).createTask(Task.create("b", TaskSpec.builder("studio").build(), T0),
          List.of(TaskItem.create(id, "b", io.shotsync.api.ItemKey.parse("ep01/sq010/sh0010/anim"), null,
              List.of(), null)));
      assertThat(stores.get(0).claimItems("b", "w0", Duration.ofMinutes(1), 5)).hasSize(1);
      assertThat(stores.get(1).claimItems("b", "w1", Duration.ofMinutes(1), 5)).isEmpty();
    } finally {
      stores.forEach(JdbcTaskStore::close);
      pool.shutdownNow();
    }
  }

  @Test
  void theEmbeddedUrlSharesTheFile() {
    assertThat(JdbcTaskStore.embeddedUrl(dir)).startsWith("jdbc:h2:file:")
        .endsWith("/shotsync;AUTO_SERVER=TRUE;MAX_COMPACT_TIME=0");
    assertThat(Files.isDirectory(dir)).isTrue();
  }

  @Test
  void aStoreOpenedWithTheEarlierUrlAndOneWithTodaysShareTheFile() {
    String earlier = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("shotsync").toString().replace('\\', '/')
        + ";AUTO_SERVER=TRUE";
    try (JdbcTaskStore old = JdbcTaskStore.open(earlier); JdbcTaskStore now = JdbcTaskStore.embedded(dir)) {
      old.createTask(Task.create("from-old", TaskSpec.builder("studio").build(), T0), List.of());
      now.createTask(Task.create("from-new", TaskSpec.builder("studio").build(), T0), List.of());
      assertThat(old.task("from-new")).isPresent();
      assertThat(now.task("from-old")).isPresent();
    }
    try (JdbcTaskStore again = JdbcTaskStore.embedded(dir)) {
      assertThat(again.tasks(io.shotsync.api.spi.TaskQuery.all())).extracting(Task::id)
          .containsExactlyInAnyOrder("from-old", "from-new");
    }
  }
}
