package io.shotsync.core.internal.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.ItemKey;
import io.shotsync.api.Selection;
import io.shotsync.api.Version;
import io.shotsync.core.ComparisonRow;
import io.shotsync.core.ComparisonStatus;
import io.shotsync.core.Layout;
import io.shotsync.core.Structure;
import io.shotsync.core.internal.scan.LocalScanner;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShotComparatorTest {
  @TempDir
  Path remoteDir;
  @TempDir
  Path local;

  /** The remote side read with the local scanner: same layout, same shapes as an FTP scan. */
  Structure remote() {
    new ShotTreeGenerator(remoteDir).defaultTree();
    new ShotTreeGenerator(remoteDir).directory("ep02/sq020/sh0030");
    return new LocalScanner(Layout.defaults()).scan(remoteDir, Selection.all(), Instant.now());
  }

  static ComparisonRow row(List<ComparisonRow> rows, String item) {
    return rows.stream().filter(r -> r.item().equals(ItemKey.parse(item))).findFirst().orElseThrow();
  }

  @Test
  void picksV10OverV9AndTellsEachStatus() throws Exception {
    Structure remote = remote();
    ShotTreeGenerator mine = new ShotTreeGenerator(local);
    mine.animVersion("ep01/sq010/sh0010", "v009");             // outdated: v010 is newer
    mine.lightingVersion("ep01/sq010/sh0010", "v010", 1);      // up to date
    mine.animVersion("ep01/sq010/sh0020", "v003");             // newer than the server's v002
    mine.file("ep01/sq020/sh0010/anim/publish/v002/scene.ma.part", 10); // unfinished: does not count

    List<ComparisonRow> rows = ShotComparator.compare(remote, local, Layout.defaults(), Selection.all());

    assertThat(rows).hasSize(9 * 2);
    ComparisonRow anim = row(rows, "ep01/sq010/sh0010/anim");
    assertThat(anim.available()).extracting(Version::text).containsExactly("v001", "v002", "v009", "v010");
    assertThat(anim.latest().text()).isEqualTo("v010");
    assertThat(anim.local().text()).isEqualTo("v009");
    assertThat(anim.status()).isEqualTo(ComparisonStatus.OUTDATED);
    assertThat(anim.latestFiles()).isEqualTo(2);
    assertThat(anim.latestBytes()).isEqualTo(10_000 + 2048);
    assertThat(row(rows, "ep01/sq010/sh0010/lighting").status()).isEqualTo(ComparisonStatus.UP_TO_DATE);
    assertThat(row(rows, "ep01/sq010/sh0020/anim").status()).isEqualTo(ComparisonStatus.LOCAL_NEWER);
    assertThat(row(rows, "ep01/sq020/sh0010/anim").status()).isEqualTo(ComparisonStatus.NEW);
    assertThat(row(rows, "ep02/sq020/sh0030/anim").status()).isEqualTo(ComparisonStatus.NO_VERSIONS);
    assertThat(rows).extracting(ComparisonRow::item).isSorted();
    assertThat(Files.exists(local.resolve("ep01/sq010/sh0010/anim/publish/v009/scene.ma"))).isTrue();
  }

  @Test
  void filtersByShotGlobAndDepartment() {
    Structure remote = remote();
    List<ComparisonRow> rows = ShotComparator.compare(remote, local, Layout.defaults(),
        Selection.shots("ep01/*/sh0010").departments(Department.LIGHTING));
    assertThat(rows).extracting(r -> r.item().toString())
        .containsExactly("ep01/sq010/sh0010/lighting", "ep01/sq020/sh0010/lighting");
    assertThat(rows).allSatisfy(r -> assertThat(r.status()).isEqualTo(ComparisonStatus.NEW));
  }
}
