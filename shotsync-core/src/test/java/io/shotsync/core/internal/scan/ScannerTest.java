package io.shotsync.core.internal.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.ItemKey;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.ShotKey;
import io.shotsync.api.Version;
import io.shotsync.api.event.ScanProgress;
import io.shotsync.core.Layout;
import io.shotsync.core.Structure;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.internal.ftp.FtpPool;
import io.shotsync.core.internal.ftp.FtpPools;
import io.shotsync.core.testkit.FakeFtp;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScannerTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  static final SyncOptions OPTIONS = SyncOptions.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
      .withRetries(1, Duration.ofMillis(10));

  static Structure scan(io.shotsync.api.Endpoint endpoint, List<ScanProgress> progress) {
    try (FtpPool pool = FtpPools.open(endpoint, OPTIONS)) {
      return new Scanner(pool, endpoint, Layout.defaults(), OPTIONS, Clock.systemUTC()).scan(progress::add);
    }
  }

  /** Shot/department/version -> file path -> size. */
  static Map<String, Map<String, Long>> shape(Structure s) {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    for (Structure.ShotNode shot : s.shots()) {
      for (Structure.DepartmentNode d : shot.departments()) {
        for (Structure.VersionNode v : d.versions()) {
          Map<String, Long> files = new TreeMap<>();
          for (RemoteEntry f : v.files()) {
            files.put(f.path(), f.size());
          }
          out.put(shot.shot() + "/" + d.department() + "/" + v.version().text(), files);
        }
      }
    }
    return out;
  }

  @Test
  void apacheFtpServerScanYieldsEveryShotVersionAndFileWithExactMtimes() {
    ShotTreeGenerator gen = new ShotTreeGenerator(FTP.root()).defaultTree();
    List<ScanProgress> progress = Collections.synchronizedList(new ArrayList<>());

    Structure s = scan(FTP.endpoint(), progress);

    assertThat(s.warnings()).isEmpty();
    assertThat(s.shots()).hasSize(8);
    assertThat(s.episodes()).containsExactly("ep01", "ep02");
    assertThat(s.fileCount()).isEqualTo(gen.files().size());
    assertThat(s.bytes()).isEqualTo(gen.files().values().stream().mapToLong(Integer::longValue).sum());
    ItemKey anim = new ItemKey(ShotKey.parse("ep01/sq010/sh0010"), Department.ANIM);
    Structure.DepartmentNode animNode = s.department(anim).orElseThrow();
    assertThat(animNode.path()).isEqualTo("ep01/sq010/sh0010/anim/publish");
    assertThat(animNode.versionList()).extracting(Version::text).containsExactly("v001", "v002", "v009", "v010");
    assertThat(animNode.latest()).isEqualTo(Version.parse("v10"));
    Structure.DepartmentNode light = s.department(new ItemKey(ShotKey.parse("ep01/sq010/sh0010"), Department.LIGHTING))
        .orElseThrow();
    assertThat(light.versionList()).extracting(Version::text).containsExactly("v001", "v002", "v009", "v010");
    Structure.VersionNode v10 = animNode.version(Version.parse("v010")).orElseThrow();
    assertThat(v10.files()).extracting(RemoteEntry::path).containsExactlyInAnyOrder(
        "ep01/sq010/sh0010/anim/publish/v010/scene.ma", "ep01/sq010/sh0010/anim/publish/v010/cache/geo.abc");
    for (RemoteEntry f : v10.files()) {
      assertThat(f.size()).isEqualTo(gen.files().get(f.path()).longValue());
      assertThat(f.modified()).isEqualTo(gen.mtime(f.path()));
      assertThat(f.precision()).isEqualTo(Duration.ZERO);
    }
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1).done()).isTrue();
    assertThat(progress.get(progress.size() - 1).directoriesListed()).isGreaterThan(8);
  }

  @ParameterizedTest
  @EnumSource(FakeFtp.Style.class)
  void mockFtpServerWithListOnlyGivesTheSameStructure(FakeFtp.Style style) {
    ShotTreeGenerator gen = new ShotTreeGenerator(FTP.root()).defaultTree();
    Structure apache = scan(FTP.endpoint(), new ArrayList<>());
    try (FakeFtp fake = FakeFtp.serve(gen.root(), style)) {
      Structure viaList = scan(fake.endpoint(), new ArrayList<>());
      assertThat(viaList.warnings()).isEmpty();
      assertThat(shape(viaList)).isEqualTo(shape(apache));
      RemoteEntry any = viaList.shots().get(0).departments().get(0).versions().get(0).files().get(0);
      assertThat(any.precision()).isGreaterThanOrEqualTo(Duration.ofMinutes(1));
    }
  }

  @Test
  void emptyServerHasNoShotsAndAMissingDepartmentHasNoVersions() {
    new ShotTreeGenerator(FTP.root()).animVersion("ep01/sq010/sh0010", "v001").directory("ep01/sq010/sh0020")
        .directory("ep01/notes.txt.d");
    Structure s = scan(FTP.endpoint(), new ArrayList<>());
    assertThat(s.shots()).extracting(n -> n.shot().path()).containsExactly("ep01/sq010/sh0010", "ep01/sq010/sh0020");
    assertThat(s.department(ItemKey.parse("ep01/sq010/sh0010/lighting")).orElseThrow().versions()).isEmpty();
    assertThat(s.department(ItemKey.parse("ep01/sq010/sh0020/anim")).orElseThrow().versions()).isEmpty();
  }

  @Test
  void hostileDirectoryNamesAreRefusedAndNeverUsed() {
    new ShotTreeGenerator(FTP.root()).animVersion("ep01/sq010/sh0010", "v001")
        .animVersion("ep01/C:evil/sh0010", "v001").animVersion("ep01/sq\\x/sh0010", "v001")
        .file("ep01/sq010/sh0010/anim/publish/v001/bad\\name.ma", 3);
    Structure s = scan(FTP.endpoint(), new ArrayList<>());
    assertThat(s.shots()).extracting(n -> n.shot().path()).containsExactly("ep01/sq010/sh0010");
    assertThat(s.warnings()).hasSize(3).anySatisfy(w -> assertThat(w).contains("C:evil"))
        .anySatisfy(w -> assertThat(w).contains("bad\\name.ma"));
    assertThat(s.fileCount()).isEqualTo(2);
  }

  @Test
  void customLayoutIsWalkedOnlyAsDeepAsItNeeds() {
    ShotTreeGenerator gen = new ShotTreeGenerator(FTP.root());
    gen.file("shows/ep01/seq_sq010/sh0010/fx/cache/v003/sim.vdb", 30)
        .file("shows/ep01/seq_sq010/sh0010/fx/cache/v012/sim.vdb", 40)
        .file("shows/ep01/other/sh0010/fx/cache/v001/ignored.vdb", 1)
        .file("elsewhere/deep/tree/never/listed.txt", 1);
    Layout layout = Layout.fromJson("{\"shotTemplate\":\"shows/{episode}/seq_{sequence}/{shot}\","
        + "\"departments\":[{\"name\":\"fx\",\"path\":\"fx/cache\",\"kind\":\"version-folders\"}]}");
    List<ScanProgress> progress = Collections.synchronizedList(new ArrayList<>());
    try (FtpPool pool = FtpPools.open(FTP.endpoint(), OPTIONS)) {
      Structure s = new Scanner(pool, FTP.endpoint(), layout, OPTIONS, Clock.systemUTC()).scan(progress::add);
      assertThat(s.shots()).extracting(n -> n.shot().path()).containsExactly("ep01/sq010/sh0010");
      Structure.DepartmentNode fx = s.department(ItemKey.parse("ep01/sq010/sh0010/fx")).orElseThrow();
      assertThat(fx.path()).isEqualTo("shows/ep01/seq_sq010/sh0010/fx/cache");
      assertThat(fx.latest()).isEqualTo(Version.of(12));
      assertThat(fx.versions().get(1).files()).extracting(RemoteEntry::path)
          .containsExactly("shows/ep01/seq_sq010/sh0010/fx/cache/v012/sim.vdb");
    }
    // root, shows, ep01, seq_sq010, sh0010, fx, fx/cache, v003, v012: "elsewhere" is never entered
    assertThat(progress.get(progress.size() - 1).directoriesListed()).isEqualTo(9);
  }

  @Test
  void subRootEndpointGivesPathsRelativeToItsRoot() {
    new ShotTreeGenerator(FTP.root().resolve("studio")).defaultTree();
    Structure s = scan(FTP.endpoint().withRoot("/studio"), new ArrayList<>());
    assertThat(s.shots()).hasSize(8);
    assertThat(s.shots().get(0).departments().get(0).versions().get(0).files().get(0).path())
        .startsWith("ep01/sq010/sh0010/anim/publish/v001/");
  }
}
