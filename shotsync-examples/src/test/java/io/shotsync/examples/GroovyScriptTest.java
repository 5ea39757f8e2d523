package io.shotsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import io.shotsync.api.FileAction;
import io.shotsync.api.FileStats;
import io.shotsync.api.ItemKey;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.api.event.FileEvent;
import io.shotsync.api.event.LogRecord;
import io.shotsync.core.ComparisonRow;
import io.shotsync.core.testkit.FtpServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code src/main/scripts/groovy/sync.groovy} in a real Groovy 5 engine, as a host that embeds Groovy. */
class GroovyScriptTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  private static final ItemKey SH0010_ANIM = ItemKey.parse("ep01/sq010/sh0010/anim");
  private static final ItemKey SH0010_LIGHTING = ItemKey.parse("ep01/sq010/sh0010/lighting");
  private static final ItemKey EP03_ANIM = ItemKey.parse("ep03/sq010/sh0010/anim");

  @TempDir
  Path local;

  @Test
  @SuppressWarnings("unchecked")
  void closuresListenAndChooseVersions() throws Exception {
    RemoteTree tree = ServedTree.write(FTP);
    StringWriter printed = new StringWriter();
    Binding binding = new Binding();
    binding.setVariable("url", ServedTree.url(FTP));
    binding.setVariable("localRoot", local);
    binding.setVariable("maxVersion", "v002");
    binding.setVariable("out", new PrintWriter(printed, true));

    Object value = new GroovyShell(getClass().getClassLoader(), binding)
        .evaluate(PluginJar.scripts().resolve("groovy/sync.groovy").toFile());

    Map<String, Object> result = (Map<String, Object>) value;
    List<ComparisonRow> rows = (List<ComparisonRow>) result.get("rows");
    assertThat(rows).extracting(ComparisonRow::item).containsAll(tree.items().keySet());

    // The latest task: every item's own latest version, through the closure listener.
    Map<String, Object> latest = (Map<String, Object>) result.get("latest");
    assertThat(((Task) latest.get("task")).status()).isEqualTo(TaskStatus.COMPLETED);
    Map<ItemKey, TaskItem> latestItems = ServedTree.coveringTree((List<TaskItem>) latest.get("items"), tree);
    for (ItemKey key : tree.items().keySet()) {
      assertThat(latestItems.get(key).fetchedVersions()).as(key.toString()).containsExactly(tree.latest(key));
      tree.assertCopied(local, tree.files(key, tree.latest(key)));
    }

    // The capped task: the closure strategy took the newest version up to v002 and skipped what had none.
    Map<String, Object> capped = (Map<String, Object>) result.get("capped");
    assertThat(((Task) capped.get("task")).status()).isEqualTo(TaskStatus.COMPLETED);
    Map<ItemKey, TaskItem> cappedItems = ServedTree.coveringTree((List<TaskItem>) capped.get("items"), tree);
    assertThat(cappedItems.get(EP03_ANIM).status()).isEqualTo(ItemStatus.SKIPPED);
    assertThat(cappedItems.get(EP03_ANIM).message()).isEqualTo("no version of ep03/sq010/sh0010/anim up to v002; available: v003");
    for (ItemKey key : tree.items().keySet()) {
      if (!key.equals(EP03_ANIM)) {
        assertThat(cappedItems.get(key).fetchedVersions()).as(key.toString()).containsExactly(Version.of(2));
        tree.assertCopied(local, tree.files(key, Version.of(2)));
      }
    }
    // v002 was new on disk only where v010 had been the latest; elsewhere the files were in place.
    assertThat(cappedItems.get(SH0010_ANIM).stats()).isEqualTo(new FileStats(2, 0, 0, 0, 0, 0));
    assertThat(cappedItems.get(SH0010_LIGHTING).stats()).isEqualTo(new FileStats(2, 0, 0, 0, 0, 0));
    assertThat(cappedItems.get(ItemKey.parse("ep02/sq010/sh0020/anim")).stats())
        .isEqualTo(new FileStats(0, 2, 0, 0, 0, 0));
    RemoteTree.assertAbsent(local, tree.files(SH0010_ANIM, Version.of(1)));

    // The map-coerced closure saw every file of both tasks.
    List<FileEvent> events = (List<FileEvent>) result.get("events");
    int latestFiles = tree.items().keySet().stream().mapToInt(k -> tree.files(k, tree.latest(k)).size()).sum();
    assertThat(events).filteredOn(e -> e.action() == FileAction.DOWNLOADED).hasSize(latestFiles + 4);
    assertThat(events).extracting(FileEvent::path).contains("ep01/sq010/sh0010/anim/publish/v010/scene.ma");

    assertThat((List<LogRecord>) result.get("log")).isNotEmpty();
    assertThat(printed.toString())
        .contains("== comparison (" + rows.size() + " rows)")
        .contains("  DOWNLOADED ep01/sq010/sh0010/anim/publish/v002/scene.ma (2000 bytes)")
        .contains("== capped at v002: task COMPLETED")
        .contains("  item ep03/sq010/sh0010/anim SKIPPED: no version of ep03/sq010/sh0010/anim up to v002");
  }
}
