package io.shotsync.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.FileAction;
import io.shotsync.api.FileStats;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ItemKey;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.api.event.FileEvent;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.ComparisonRow;
import io.shotsync.core.ComparisonStatus;
import io.shotsync.core.testkit.EventRecorder;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link EmbedExample} against the test kit's FTP server with a generated shot tree. */
class EmbedExampleTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  private static final ItemKey SH0010_ANIM = ItemKey.parse("ep01/sq010/sh0010/anim");
  private static final ItemKey EP02_ANIM = ItemKey.parse("ep02/sq020/sh0020/anim");

  @TempDir
  Path local;

  private RemoteTree tree;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @BeforeEach
  void serveATree() {
    tree = ServedTree.write(FTP);
  }

  @Test
  void firstRunComparesThenFetchesEachItemsLatestVersionAndPrintsStatisticsAndLog() {
    EventRecorder events = new EventRecorder();

    EmbedExample.Result result = EmbedExample.run(ServedTree.url(FTP), local, out, events);

    // The comparison saw every item as new, with versions ordered by number.
    assertThat(result.rows()).extracting(ComparisonRow::item).containsAll(tree.items().keySet());
    for (ComparisonRow row : result.rows()) {
      if (tree.items().containsKey(row.item())) {
        assertThat(row.status()).as(row.item().toString()).isEqualTo(ComparisonStatus.NEW);
        assertThat(row.latest()).isEqualTo(tree.latest(row.item()));
        assertThat(row.local()).isNull();
      }
    }
    assertThat(result.rows().stream().filter(r -> r.item().equals(SH0010_ANIM)).findFirst().orElseThrow().available())
        .containsExactly(Version.of(1), Version.of(2), Version.of(9), Version.of(10));

    // Every item completed with its latest version only; the bytes on disk are the served ones.
    assertThat(result.task().status()).isEqualTo(TaskStatus.COMPLETED);
    Map<ItemKey, TaskItem> items = ServedTree.coveringTree(result.items(), tree);
    int files = 0;
    for (var e : tree.items().entrySet()) {
      ItemKey key = e.getKey();
      Version latest = tree.latest(key);
      List<String> latestFiles = tree.files(key, latest);
      TaskItem item = items.get(key);
      assertThat(item.status()).as(key.toString()).isEqualTo(ItemStatus.COMPLETED);
      assertThat(item.fetchedVersions()).as(key.toString()).containsExactly(latest);
      assertThat(item.stats()).as(key.toString()).isEqualTo(new FileStats(latestFiles.size(), 0, 0, 0, 0, 0));
      tree.assertCopied(local, latestFiles);
      RemoteTree.assertAbsent(local, older(e.getValue(), latest));
      files += latestFiles.size();
    }
    assertThat(items.get(SH0010_ANIM).fetchedVersions()).containsExactly(Version.parse("v010"));
    RemoteTree.assertNoPartFiles(local);

    // The listeners saw one finished event per file, and the task's events in order.
    assertThat(events.events("fileFinished")).hasSize(files)
        .allSatisfy(ev -> assertThat(((FileEvent) ev.payload()).action()).isEqualTo(FileAction.DOWNLOADED));
    assertThat(events.events("fileFailed")).isEmpty();
    assertThat(events.lifecycle()).first().asString().startsWith("taskStarted");
    assertThat(events.lifecycle()).last().asString().startsWith("taskFinished");

    // What the example printed: the comparison, one line per file, the statistics and the log.
    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("== comparison (" + result.rows().size() + " rows)")
        .contains("  DOWNLOADED ep01/sq010/sh0010/anim/publish/v010/scene.ma (10000 bytes)")
        .contains("== task " + result.task().id() + " COMPLETED")
        .containsPattern("ep01/sq010/sh0010/anim +COMPLETED +v010 +2 +0 +0 +0 +0 +0")
        .contains("== log (" + result.logs().size() + " records)");
    assertThat(result.logs()).isNotEmpty().allSatisfy(r -> assertThat(r.taskId()).isEqualTo(result.task().id()));
    assertThat(result.logs()).extracting(r -> r.sequence()).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void secondRunSkipsWhatIsInPlaceAndFetchesOnlyChangedFilesAndNewVersions() throws Exception {
    EmbedExample.run(ServedTree.url(FTP), local, out);
    // On the server: a re-published file of a latest version, and a new anim version of one shot.
    String changed = "ep01/sq020/sh0010/anim/publish/v002/scene.ma";
    Files.write(FTP.root().resolve(changed), ShotTreeGenerator.content("re-published", 2500));
    Files.setLastModifiedTime(FTP.root().resolve(changed), FileTime.from(Instant.parse("2024-06-01T08:00:00Z")));
    new ShotTreeGenerator(FTP.root()).animVersion("ep02/sq020/sh0020", "v003");
    tree = RemoteTree.read(FTP.root());
    EventRecorder events = new EventRecorder();

    EmbedExample.Result second = EmbedExample.run(ServedTree.url(FTP), local, out, events);

    Map<ItemKey, ComparisonRow> rows = second.rows().stream()
        .collect(java.util.stream.Collectors.toMap(ComparisonRow::item, r -> r));
    assertThat(rows.get(EP02_ANIM).status()).isEqualTo(ComparisonStatus.OUTDATED);
    assertThat(rows.get(EP02_ANIM).local()).isEqualTo(Version.of(2));
    assertThat(rows.get(SH0010_ANIM).status()).isEqualTo(ComparisonStatus.UP_TO_DATE);

    assertThat(second.task().status()).isEqualTo(TaskStatus.COMPLETED);
    Map<ItemKey, TaskItem> items = ServedTree.coveringTree(second.items(), tree);
    assertThat(items.get(EP02_ANIM).fetchedVersions()).containsExactly(Version.of(3));
    assertThat(items.get(EP02_ANIM).stats()).isEqualTo(new FileStats(2, 0, 0, 0, 0, 0));
    assertThat(items.get(ItemKey.parse("ep01/sq020/sh0010/anim")).stats()).isEqualTo(new FileStats(0, 1, 1, 0, 0, 0));
    assertThat(items.get(SH0010_ANIM).stats()).isEqualTo(new FileStats(0, 2, 0, 0, 0, 0));
    tree.assertCopied(local, List.of(changed));
    tree.assertCopied(local, tree.files(EP02_ANIM, Version.of(3)));

    assertThat(events.events("fileFinished"))
        .filteredOn(ev -> ((FileEvent) ev.payload()).action() != FileAction.SKIPPED)
        .extracting(ev -> ((FileEvent) ev.payload()).path() + " " + ((FileEvent) ev.payload()).action())
        .containsExactlyInAnyOrder(changed + " OVERWRITTEN",
            "ep02/sq020/sh0020/anim/publish/v003/scene.ma DOWNLOADED",
            "ep02/sq020/sh0020/anim/publish/v003/cache/geo.abc DOWNLOADED");
  }

  @Test
  void keepsTasksInTheJdbcStoreWhenGivenAStoreUrl(@TempDir Path db) {
    String storeUrl = "jdbc:h2:file:" + db.resolve("tasks").toAbsolutePath();

    EmbedExample.Result result = EmbedExample.run(ServedTree.url(FTP), local, storeUrl, "ep01/**", out);

    assertThat(result.task().status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(result.items()).isNotEmpty()
        .allSatisfy(i -> assertThat(i.key().shot().episode()).isEqualTo("ep01"));
    // A later process opens the same database and finds the task, its items' statistics and its log.
    try (TaskStore reopened = EmbedExample.openStore(storeUrl)) {
      assertThat(reopened.task(result.task().id())).get()
          .satisfies(t -> assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED));
      assertThat(reopened.items(result.task().id()))
          .extracting(TaskItem::key, TaskItem::status, TaskItem::stats)
          .containsExactlyInAnyOrderElementsOf(result.items().stream()
              .map(i -> org.assertj.core.groups.Tuple.tuple(i.key(), i.status(), i.stats())).toList());
      assertThat(reopened.logs(new LogQuery(result.task().id(), LogLevel.DEBUG, 0, 10_000)))
          .containsExactlyElementsOf(result.logs());
    }
  }

  @Test
  void aSecondRunOnTheSameJdbcStoreEndsCompletedWithEveryFileSkipped(@TempDir Path db) {
    String storeUrl = "jdbc:h2:file:" + db.resolve("tasks").toAbsolutePath();
    EmbedExample.Result first = EmbedExample.run(ServedTree.url(FTP), local, storeUrl, "**", out);
    assertThat(first.task().status()).isEqualTo(TaskStatus.COMPLETED);

    EmbedExample.Result second = EmbedExample.run(ServedTree.url(FTP), local, storeUrl, "**", out);

    assertThat(second.task().status()).isEqualTo(TaskStatus.COMPLETED);
    Map<ItemKey, TaskItem> items = ServedTree.coveringTree(second.items(), tree);
    tree.items().keySet().forEach(key -> {
      int files = tree.files(key, tree.latest(key)).size();
      assertThat(items.get(key).status()).as(key.toString()).isEqualTo(ItemStatus.COMPLETED);
      assertThat(items.get(key).stats()).as(key.toString()).isEqualTo(new FileStats(0, files, 0, 0, 0, 0));
    });
    try (TaskStore reopened = EmbedExample.openStore(storeUrl)) {
      assertThat(reopened.tasks(io.shotsync.api.spi.TaskQuery.all())).extracting(t -> t.status())
          .containsOnly(TaskStatus.COMPLETED).hasSize(2);
    }
  }

  @Test
  void anUnknownStoreUrlNamesTheProvidersOnTheClassPath() {
    assertThatThrownBy(() -> EmbedExample.run(ServedTree.url(FTP), local, "redis://cache/0", "**", out))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("no task store accepts 'redis://cache/0'; store providers on the class path: ")
        .hasMessageContaining("memory");
    assertThat(local).isEmptyDirectory();
  }

  private static List<String> older(SortedMap<Version, List<String>> versions, Version latest) {
    return versions.headMap(latest).values().stream().flatMap(List::stream).toList();
  }
}
