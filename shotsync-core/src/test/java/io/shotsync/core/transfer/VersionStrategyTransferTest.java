package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.files;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.ItemKey;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Selection;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.core.ComparisonRow;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The seed's version selection scenarios, end to end against an FTP server. */
class VersionStrategyTransferTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  @TempDir
  Path local;

  @Test
  void latestFetchesEachShotsOwnNewestVersion() {
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root()).defaultTree();
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/*").build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      TaskItem sh10 = item(sync, t.id(), "ep01/sq010/sh0010/anim");
      assertThat(sh10.fetchedVersions()).containsExactly(Version.of(10));
      assertThat(sh10.stats().downloaded()).isEqualTo(2);
      assertThat(sh10.status()).isEqualTo(ItemStatus.COMPLETED);
      TaskItem sh20 = item(sync, t.id(), "ep01/sq010/sh0020/anim");
      assertThat(sh20.fetchedVersions()).containsExactly(Version.of(2));
      assertThat(item(sync, t.id(), "ep01/sq010/sh0020/lighting").latestVersion()).isEqualTo(Version.of(2));
      assertThat(files(local)).contains("ep01/sq010/sh0010/anim/publish/v010/scene.ma",
          "ep01/sq010/sh0020/anim/publish/v002/scene.ma",
          "ep01/sq010/sh0020/lighting/version/sh0020_lighting_v002.0001.exr")
          .noneMatch(f -> f.contains("/v001/") || f.contains("_v001."));
      for (String f : files(local)) {
        assertSameBytes(local, f, tree.files().get(f));
      }
    }
  }

  @Test
  void specificVersionSkipsShotsWithoutItWithTheReason() {
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root());
    tree.animVersion("ep01/sq010/sh0010", "v001").animVersion("ep01/sq010/sh0010", "v005");
    tree.animVersion("ep01/sq010/sh0020", "v005");
    tree.animVersion("ep01/sq010/sh0030", "v001").animVersion("ep01/sq010/sh0030", "v002");
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      Task t = runToEnd(sync, spec(FTP.endpoint()).specificVersion(Version.parse("v005")).build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(item(sync, t.id(), "ep01/sq010/sh0010/anim").status()).isEqualTo(ItemStatus.COMPLETED);
      assertThat(item(sync, t.id(), "ep01/sq010/sh0020/anim").status()).isEqualTo(ItemStatus.COMPLETED);
      TaskItem missing = item(sync, t.id(), "ep01/sq010/sh0030/anim");
      assertThat(missing.status()).isEqualTo(ItemStatus.SKIPPED);
      assertThat(missing.message()).contains("v005").contains("not available").contains("v001, v002");
      assertThat(files(local)).containsExactly(
          "ep01/sq010/sh0010/anim/publish/v005/cache/geo.abc", "ep01/sq010/sh0010/anim/publish/v005/scene.ma",
          "ep01/sq010/sh0020/anim/publish/v005/cache/geo.abc", "ep01/sq010/sh0020/anim/publish/v005/scene.ma");
    }
  }

  @Test
  void allFetchesEveryVersionIntoItsOwnFolderOrFileSet() {
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root()).defaultTree();
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/sh0010").versionStrategy("all").build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      TaskItem anim = item(sync, t.id(), "ep01/sq010/sh0010/anim");
      assertThat(anim.fetchedVersions()).containsExactly(Version.of(1), Version.of(2), Version.of(9), Version.of(10));
      assertThat(anim.stats().downloaded()).isEqualTo(8);
      TaskItem lighting = item(sync, t.id(), "ep01/sq010/sh0010/lighting");
      assertThat(lighting.stats().downloaded()).isEqualTo(6);
      List<String> expected = tree.files().keySet().stream().filter(f -> f.startsWith("ep01/sq010/sh0010/"))
          .sorted().toList();
      assertThat(files(local)).containsExactlyElementsOf(expected);
      for (String f : expected) {
        assertSameBytes(local, f, tree.files().get(f));
      }
    }
  }

  @Test
  void customFetchesThePickedVersionPerItemAndHelpersSetAll() {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      List<ComparisonRow> rows = sync.compare(FTP.endpoint().id(),
          Selection.shots("ep01/sq010/*").departments(Department.ANIM));
      Map<ItemKey, Version> latest = ShotSync.allToLatest(rows);
      assertThat(latest).containsEntry(ItemKey.parse("ep01/sq010/sh0010/anim"), Version.of(10));
      Map<ItemKey, Version> picks = new java.util.TreeMap<>(ShotSync.allTo(rows, Version.of(1)));
      assertThat(picks).hasSize(2);
      picks.put(ItemKey.parse("ep01/sq010/sh0010/anim"), Version.of(9));
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/*").departments(Department.ANIM)
          .customVersions(picks).build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(item(sync, t.id(), "ep01/sq010/sh0010/anim").fetchedVersions()).containsExactly(Version.of(9));
      assertThat(item(sync, t.id(), "ep01/sq010/sh0010/anim").selectedVersion()).isEqualTo(Version.of(9));
      assertThat(item(sync, t.id(), "ep01/sq010/sh0020/anim").fetchedVersions()).containsExactly(Version.of(1));
      assertThat(files(local)).containsExactly(
          "ep01/sq010/sh0010/anim/publish/v009/cache/geo.abc", "ep01/sq010/sh0010/anim/publish/v009/scene.ma",
          "ep01/sq010/sh0020/anim/publish/v001/cache/geo.abc", "ep01/sq010/sh0020/anim/publish/v001/scene.ma");
      assertThat(ShotSync.allTo(rows, Version.of(9))).containsOnlyKeys(ItemKey.parse("ep01/sq010/sh0010/anim"));
    }
  }

  @Test
  void aThrowingVersionStrategyFailsItsItemsNotTheRun() {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    try (ShotSync sync = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast())
        .versionStrategy("broken", c -> {
          if (c.item().shot().shot().equals("sh0010")) {
            throw new IllegalStateException("boom for " + c.item());
          }
          return io.shotsync.api.spi.VersionDecision.fetch(c.latest(), "latest");
        }).build()) {
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/*").departments(Department.ANIM)
          .versionStrategy("broken").build());
      assertThat(t.status()).isEqualTo(TaskStatus.PARTIAL);
      TaskItem bad = item(sync, t.id(), "ep01/sq010/sh0010/anim");
      assertThat(bad.status()).isEqualTo(ItemStatus.FAILED);
      assertThat(bad.message()).contains("boom for ep01/sq010/sh0010/anim");
      assertThat(item(sync, t.id(), "ep01/sq010/sh0020/anim").status()).isEqualTo(ItemStatus.COMPLETED);
    }
  }
}
