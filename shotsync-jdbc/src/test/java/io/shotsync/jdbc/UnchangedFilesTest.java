package io.shotsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Endpoint;
import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStats;
import io.shotsync.api.FileStatus;
import io.shotsync.api.Secret;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.FileEvent;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.spi.ConflictDecision;
import io.shotsync.api.spi.ConflictStrategy;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FaultProxy;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file a run leaves unchanged leaves no file record and no log record of its own, in every store: its item's
 * statistics and one INFO line per item carry it, and the listeners still see it. Every file whose state changes
 * keeps its record and its log line with the reason, and a retried task still fetches only what it did not finish.
 */
class UnchangedFilesTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  private static final String SHOT = "ep01/sq010/sh0010";
  private static final String LIGHTING = SHOT + "/lighting";
  private static final String ANIM = SHOT + "/anim";
  private static final int FRAMES = 30;

  @TempDir
  Path tmp;

  /** The stores a run writes to: the default in-memory one, the embedded H2 one, and the database servers. */
  enum Store { MEMORY, H2, POSTGRESQL, MARIADB }

  private final List<String> created = new ArrayList<>();

  @AfterEach
  void dropDatabases() {
    for (String url : created) {
      Databases.drop(url.startsWith("jdbc:postgresql") ? Dialect.POSTGRESQL : Dialect.MARIADB, url);
    }
  }

  private @Nullable TaskStore open(Store s) {
    return switch (s) {
      case MEMORY -> null;
      case H2 -> JdbcTaskStore.embedded(tmp.resolve("store"));
      case POSTGRESQL, MARIADB -> {
        String url = Databases.create(s == Store.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MARIADB);
        created.add(url);
        yield JdbcTaskStore.open(url);
      }
    };
  }

  private static SyncOptions options() {
    // the scan is used as it is, so a file deleted on the server after it is a 550, not a shorter item
    return SyncOptions.defaults().withRetries(2, Duration.ofMillis(20)).withSegmentThreshold(0)
        .withRelistAfter(Duration.ofHours(1));
  }

  private static ShotSync sync(Endpoint endpoint, Path local, @Nullable TaskStore store, SyncListener listener) {
    ShotSync.Builder b = ShotSync.builder().endpoint(endpoint).localRoot(local).options(options()).listener(listener)
        .conflictStrategy("studio", new Studio());
    if (store != null) {
      b.store(store);
    }
    return b.build();
  }

  private static TaskSpec spec(String conflict) {
    return TaskSpec.builder(FTP.endpoint().id()).shots(SHOT).conflictStrategy(conflict).build();
  }

  private static Task run(ShotSync sync, String conflict) {
    return sync.run(spec(conflict)).await(Duration.ofSeconds(60));
  }

  private static String frame(int n) {
    return SHOT + "/lighting/version/sh0010_lighting_v001." + String.format("%04d", n) + ".exr";
  }

  private static TaskItem item(ShotSync sync, String taskId, String key) {
    return sync.items(taskId).stream().filter(i -> i.key().toString().equals(key)).findFirst().orElseThrow();
  }

  private static List<LogRecord> logs(ShotSync sync, String taskId) {
    return sync.logs(new LogQuery(taskId, LogLevel.DEBUG, 0, 10_000));
  }

  /** The INFO lines of one item that count its unchanged files. */
  private static List<String> summaries(ShotSync sync, String taskId, String key) {
    long id = item(sync, taskId, key).id();
    return logs(sync, taskId).stream().filter(r -> r.itemId() != null && r.itemId() == id)
        .filter(r -> r.message().contains(" unchanged: ")).peek(r -> assertThat(r.level()).isEqualTo(LogLevel.INFO))
        .map(LogRecord::message).toList();
  }

  /** Counts the files the listeners saw end, by whether they were skipped. */
  private static final class Finished implements SyncListener {
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicInteger other = new AtomicInteger();

    @Override
    public void fileFinished(FileEvent event) {
      (event.action() == FileAction.SKIPPED ? skipped : other).incrementAndGet();
    }
  }

  private ShotTreeGenerator tree() {
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root());
    tree.animVersion(SHOT, "v001").lightingVersion(SHOT, "v001", FRAMES);
    return tree;
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void aNoOpResyncWritesNoFileRecordsAndOneSummaryLinePerItem(Store kind) throws Exception {
    tree();
    Path local = tmp.resolve("local");
    Finished seen = new Finished();
    TaskStore store = open(kind);
    try (ShotSync sync = sync(FTP.endpoint(), local, store, seen)) {
      Task first = run(sync, "compare");
      assertThat(first.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(sync.store().files(first.id())).hasSize(FRAMES + 2)
          .allSatisfy(f -> assertThat(f.status()).isEqualTo(FileStatus.DONE));
      assertThat(summaries(sync, first.id(), LIGHTING)).isEmpty();

      Task again = run(sync, "compare");
      assertThat(again.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(sync.store().files(again.id())).isEmpty();
      assertThat(logs(sync, again.id())).noneMatch(r -> r.file() != null);
      assertThat(summaries(sync, again.id(), LIGHTING))
          .containsExactly(LIGHTING + ": " + FRAMES + " files unchanged: same size and mtime");
      assertThat(summaries(sync, again.id(), ANIM)).containsExactly(ANIM + ": 2 files unchanged: same size and mtime");
      assertThat(item(sync, again.id(), LIGHTING).stats()).isEqualTo(new FileStats(0, FRAMES, 0, 0, 0, 0));
      assertThat(item(sync, again.id(), ANIM).stats()).isEqualTo(new FileStats(0, 2, 0, 0, 0, 0));
      // the listeners still see every file
      assertThat(seen.skipped).hasValue(FRAMES + 2);
      // the first task's records are untouched
      assertThat(sync.store().files(first.id())).hasSize(FRAMES + 2);
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Store.class, names = {"MEMORY", "H2"})
  void aMixedRunKeepsTheRecordsOfTheFilesItChangedOnly(Store kind) throws Exception {
    tree();
    Path local = tmp.resolve("local");
    TaskStore store = open(kind);
    try (ShotSync sync = sync(FTP.endpoint(), local, store, SyncListener.NONE)) {
      assertThat(run(sync, "compare").status()).isEqualTo(TaskStatus.COMPLETED);
      Files.write(FTP.root().resolve(frame(1)), new byte[777]);
      Files.delete(local.resolve(frame(2)));
      Files.setLastModifiedTime(local.resolve(frame(3)), FileTime.from(ShotTreeGenerator.MTIME.plusSeconds(86_400)));
      sync.scan(FTP.endpoint().id());

      Task t = run(sync, "compare");
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(sync.store().files(t.id())).extracting(FileRecord::path, FileRecord::status, FileRecord::action)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(frame(1), FileStatus.DONE, FileAction.OVERWRITTEN),
              org.assertj.core.groups.Tuple.tuple(frame(2), FileStatus.DONE, FileAction.DOWNLOADED));
      List<LogRecord> log = logs(sync, t.id());
      assertThat(log).filteredOn(r -> r.file() != null).extracting(LogRecord::file).containsOnly(frame(1), frame(2));
      assertThat(log).anyMatch(r -> frame(1).equals(r.file()) && r.message().startsWith("overwritten ")
          && r.message().contains("size differs"));
      assertThat(log).anyMatch(r -> frame(2).equals(r.file()) && r.message().startsWith("downloaded ")
          && r.message().endsWith(": not present locally"));
      assertThat(summaries(sync, t.id(), LIGHTING)).containsExactly(LIGHTING + ": " + (FRAMES - 3)
          + " files unchanged: same size and mtime; 1 file unchanged: same size, local is newer");
      assertThat(item(sync, t.id(), LIGHTING).stats()).isEqualTo(new FileStats(1, FRAMES - 2, 1, 0, 0, 0));
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  @org.junit.jupiter.api.Test
  void aSkippedFileWhoseTaskHeldARecordOfItGetsThatRecordReplacedBySkipped() throws Exception {
    tree();
    Path local = tmp.resolve("local");
    try (JdbcTaskStore store = JdbcTaskStore.embedded(tmp.resolve("store"));
        ShotSync sync = sync(FTP.endpoint(), local, store, SyncListener.NONE)) {
      assertThat(run(sync, "skip").status()).isEqualTo(TaskStatus.COMPLETED);
      Task task = sync.createTask(spec("skip"));
      TaskItem lighting = item(sync, task.id(), LIGHTING);
      // what an earlier run of this task left: the temporary file of a frame that has since landed by other means
      store.saveFiles(List.of(new FileRecord(task.id(), lighting.id(), frame(5), io.shotsync.api.Version.of(1), 500,
          null, FileStatus.PARTIAL, null, 100, null, java.time.Instant.now())));
      Task done = sync.execute(task.id()).await(Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(store.files(task.id())).singleElement().satisfies(f -> {
        assertThat(f.path()).isEqualTo(frame(5));
        assertThat(f.status()).isEqualTo(FileStatus.SKIPPED);
        assertThat(f.message()).isEqualTo("exists locally");
      });
      assertThat(summaries(sync, task.id(), LIGHTING))
          .containsExactly(LIGHTING + ": " + FRAMES + " files unchanged: exists locally");
    }
  }

  /** A plugin strategy: keeps both copies of the first frame, leaves every other file as it is. */
  static final class Studio implements ConflictStrategy {
    @Override
    public ConflictDecision decide(io.shotsync.api.spi.ConflictContext c) {
      return c.path().endsWith(".0001.exr") ? ConflictDecision.keepBoth("first frame: keep both")
          : ConflictDecision.skip("approved locally (" + c.path() + ")");
    }

    @Override
    public String id() {
      return "studio";
    }
  }

  /**
   * A task whose lighting item failed on one file is retried: only that file is fetched again, whatever the
   * strategy decided for the others (files it left unchanged are decided again, files it changed are finished), and
   * the item counts each file as one run would.
   */
  @ParameterizedTest
  @ValueSource(strings = {"skip", "compare", "overwrite", "keep_both", "studio"})
  void aRetriedTaskFetchesOnlyTheFileThatFailed(String conflict) throws Exception {
    tree();
    Path local = tmp.resolve("local");
    Path saved = tmp.resolve("saved.exr");
    try (FaultProxy proxy = new FaultProxy("127.0.0.1", FTP.port());
        JdbcTaskStore store = JdbcTaskStore.embedded(tmp.resolve("store"))) {
      Endpoint endpoint = new Endpoint(FTP.endpoint().id(), "127.0.0.1", proxy.port(), FtpServerExtension.USER,
          Secret.of(FtpServerExtension.PASSWORD), "/", false, null);
      try (ShotSync sync = sync(endpoint, local, store, SyncListener.NONE)) {
        assertThat(run(sync, "skip").status()).isEqualTo(TaskStatus.COMPLETED);
        Files.write(local.resolve(frame(2)), new byte[10]);   // compare overwrites it, skip keeps it
        Files.delete(local.resolve(frame(FRAMES)));
        sync.scan(endpoint.id());
        Files.move(FTP.root().resolve(frame(FRAMES)), saved);   // a 550 for the one file not present locally

        Task failed = run(sync, conflict);
        assertThat(failed.status()).isEqualTo(TaskStatus.PARTIAL);
        FileStats before = item(sync, failed.id(), LIGHTING).stats();
        assertThat(before.failed()).isEqualTo(1);
        List<String> filesBefore = files(local);

        Files.move(saved, FTP.root().resolve(frame(FRAMES)));
        int retrs = proxy.retrs();
        Task retried = sync.retryFailed(failed.id()).await(Duration.ofSeconds(60));
        assertThat(retried.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(proxy.retrs() - retrs).as("RETRs of the retry").isEqualTo(1);
        FileStats after = item(sync, failed.id(), LIGHTING).stats();
        assertThat(after).isEqualTo(new FileStats(before.downloaded() + 1, before.skipped(), before.overwritten(),
            before.keptBoth(), before.resumed(), 0));
        List<String> expected = new ArrayList<>(filesBefore);
        expected.add(frame(FRAMES));
        assertThat(files(local)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Files.readAllBytes(local.resolve(frame(FRAMES)))).isEqualTo(ShotTreeGenerator.content(
            frame(FRAMES), 500));
      }
    }
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).toList();
    }
  }
}
