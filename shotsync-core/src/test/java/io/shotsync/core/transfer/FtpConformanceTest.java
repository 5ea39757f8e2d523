package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.files;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.read;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.Endpoint;
import io.shotsync.api.FileStats;
import io.shotsync.api.ItemKey;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.Selection;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.core.ComparisonRow;
import io.shotsync.core.ComparisonStatus;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Structure;
import io.shotsync.core.TaskHandle;
import io.shotsync.core.internal.ftp.Capabilities;
import io.shotsync.core.internal.ftp.FtpPool;
import io.shotsync.core.internal.ftp.FtpPools;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.core.testkit.TestFtpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One conformance suite for every FTP server shotsync is tested against: scan, compare, each version and conflict
 * strategy, and resuming an interrupted transfer. A subclass per server registers the server (in the JVM or a
 * daemon on loopback) and says which capabilities it expects the server to announce.
 */
abstract class FtpConformanceTest {
  static final String SHOT = "ep01/sq010/sh0010";
  static final String SCENE = SHOT + "/anim/publish/v010/scene.ma";
  static final String GEO = SHOT + "/anim/publish/v010/cache/geo.abc";
  static final String FRAME = SHOT + "/lighting/version/sh0010_lighting_v010.0001.exr";

  @TempDir
  Path local;

  /** The server under test. */
  abstract TestFtpServer server();

  /** The capabilities the server must report (its FEAT, and MLST where FEAT is silent). */
  abstract Capabilities expectedCapabilities();

  private Endpoint endpoint() {
    return server().endpoint();
  }

  private ShotTreeGenerator tree() {
    return new ShotTreeGenerator(server().root()).defaultTree();
  }

  private static List<String> messages(ShotSync sync, String taskId) {
    return sync.logs(new LogQuery(taskId, LogLevel.DEBUG, 0, 10_000)).stream().map(LogRecord::message).toList();
  }

  private static FileStats total(ShotSync sync, Task t) {
    return sync.items(t.id()).stream().map(TaskItem::stats).reduce(FileStats.ZERO, FileStats::plus);
  }

  @Test
  void announcesTheExpectedCapabilities() {
    tree();
    try (FtpPool pool = FtpPools.open(endpoint(), fast())) {
      Capabilities c = pool.capabilities();
      Capabilities e = expectedCapabilities();
      assertThat(List.of(c.mlsd(), c.mdtm(), c.mfmt(), c.size(), c.restStream(), c.utf8()))
          .as("mlsd, mdtm, mfmt, size, rest stream, utf8 of " + server().name() + " (FEAT " + c.raw() + ")")
          .isEqualTo(List.of(e.mlsd(), e.mdtm(), e.mfmt(), e.size(), e.restStream(), e.utf8()));
      assertThat(c.hashAlgorithms()).as("hash algorithms").isEqualTo(e.hashAlgorithms());
    }
  }

  /**
   * The commands the README's server table lists, each sent to the server: MLST, MDTM, REST, HASH, XMD5, XCRC,
   * OPTS UTF8 ON and STAT of a directory (a listing over the control connection); MFMT from FEAT only (the
   * test servers are read-only). Writes the row to {@code target/interop/<server>.txt}.
   */
  @Test
  void answersTheProbedCommandsAsTheReadmeTableSays() throws Exception {
    ShotTreeGenerator tree = tree();
    String file = "/" + SCENE;
    Endpoint e = endpoint();
    java.util.Set<String> works = new java.util.TreeSet<>();
    org.apache.commons.net.ftp.FTPClient ftp = new org.apache.commons.net.ftp.FTPClient();
    ftp.setDefaultTimeout(10_000);
    ftp.connect(e.host(), e.port());
    try {
      assertThat(ftp.login(e.user(), e.password() == null ? "probe@" : e.password().reveal())).isTrue();
      java.util.function.IntPredicate ok = org.apache.commons.net.ftp.FTPReply::isPositiveCompletion;
      if (ok.test(ftp.sendCommand("MLST", file))) {
        works.add("MLSD");
      }
      if (ok.test(ftp.sendCommand("MDTM", file)) && ftp.getReplyString().contains("20240305")) {
        works.add("MDTM");
      }
      ftp.features();
      if (ftp.getReplyString().contains("MFMT")) {
        works.add("MFMT");
      }
      if (ftp.sendCommand("REST", "100") == 350) {
        works.add("REST");
      }
      ftp.sendCommand("REST", "0");
      for (String cmd : List.of("HASH", "XMD5", "XCRC")) {
        if (ok.test(ftp.sendCommand(cmd, file))) {
          works.add(cmd);
        }
      }
      if (ok.test(ftp.sendCommand("OPTS", "UTF8 ON"))) {
        works.add("UTF8");
      }
      int stat = ftp.sendCommand("STAT", "/" + SHOT + "/anim/publish/v010");
      if (ok.test(stat) && ftp.getReplyString().contains("scene.ma")) {
        works.add("STAT");
      }
    } finally {
      ftp.disconnect();
    }
    Path report = Path.of("target", "interop", server().name().replace(' ', '-') + ".txt");
    Files.createDirectories(report.getParent());
    Files.writeString(report, server().name() + ": " + String.join(", ", works) + "\n");
    assertThat(tree.files()).isNotEmpty();
    assertThat(works).as(server().name() + " answers").containsExactlyInAnyOrderElementsOf(expectedProbes());
  }

  /** The commands of the README table the server answers (see {@link #answersTheProbedCommandsAsTheReadmeTableSays}). */
  abstract java.util.Set<String> expectedProbes();

  @Test
  void scanFindsEveryShotVersionAndFileWithExactSizesAndMtimes() {
    ShotTreeGenerator tree = tree();
    try (ShotSync sync = open(endpoint(), local, fast())) {
      Structure s = sync.scan(endpoint().id());
      assertThat(s.shots()).hasSize(8);
      assertThat(s.episodes()).containsExactly("ep01", "ep02");
      assertThat(s.department(ItemKey.parse(SHOT + "/anim")).orElseThrow().versionList())
          .containsExactly(Version.of(1), Version.of(2), Version.of(9), Version.of(10));
      assertThat(s.department(ItemKey.parse(SHOT + "/lighting")).orElseThrow().versionList())
          .containsExactly(Version.of(1), Version.of(2), Version.of(9), Version.of(10));
      assertThat(s.fileCount()).isEqualTo(tree.files().size());
      List<RemoteEntry> all = s.shots().stream().flatMap(sh -> sh.departments().stream())
          .flatMap(d -> d.versions().stream()).flatMap(v -> v.files().stream()).toList();
      assertThat(all).hasSize(tree.files().size());
      for (RemoteEntry f : all) {
        assertThat(f.size()).as(f.path()).isEqualTo((long) tree.files().get(f.path()));
        // exact to the second even where LIST shows only the day (vsftpd): MDTM fills them in
        assertThat(f.modified()).as(f.path()).isEqualTo(tree.mtime(f.path()));
      }
    }
  }

  @Test
  void compareTellsNewUpToDateAndOutdated() {
    ShotTreeGenerator tree = tree();
    try (ShotSync sync = open(endpoint(), local, fast())) {
      List<ComparisonRow> before = sync.compare(endpoint().id(), Selection.shots("ep01/sq010/*"));
      assertThat(before).hasSize(4).allSatisfy(r -> assertThat(r.status()).isEqualTo(ComparisonStatus.NEW));
      Task t = runToEnd(sync, spec(endpoint()).shots(SHOT).build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);

      tree.animVersion(SHOT, "v011");
      sync.scan(endpoint().id());
      Map<String, ComparisonRow> rows = new TreeMap<>();
      sync.compare(endpoint().id(), Selection.shots("ep01/sq010/*")).forEach(r -> rows.put(r.item().toString(), r));
      assertThat(rows.get(SHOT + "/anim").status()).isEqualTo(ComparisonStatus.OUTDATED);
      assertThat(rows.get(SHOT + "/anim").local()).isEqualTo(Version.of(10));
      assertThat(rows.get(SHOT + "/anim").latest()).isEqualTo(Version.of(11));
      assertThat(rows.get(SHOT + "/lighting").status()).isEqualTo(ComparisonStatus.UP_TO_DATE);
      assertThat(rows.get("ep01/sq010/sh0020/anim").status()).isEqualTo(ComparisonStatus.NEW);
    }
  }

  @Test
  void latestFetchesEachItemsNewestVersionByteIdentical() {
    ShotTreeGenerator tree = tree();
    try (ShotSync sync = open(endpoint(), local, fast())) {
      Task t = runToEnd(sync, spec(endpoint()).shots("ep01/sq010/*").build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(item(sync, t.id(), SHOT + "/anim").fetchedVersions()).containsExactly(Version.of(10));
      assertThat(item(sync, t.id(), "ep01/sq010/sh0020/anim").fetchedVersions()).containsExactly(Version.of(2));
      assertThat(files(local)).containsExactly(
          SHOT + "/anim/publish/v010/cache/geo.abc", SCENE, FRAME,
          "ep01/sq010/sh0020/anim/publish/v002/cache/geo.abc", "ep01/sq010/sh0020/anim/publish/v002/scene.ma",
          "ep01/sq010/sh0020/lighting/version/sh0020_lighting_v002.0001.exr",
          "ep01/sq010/sh0020/lighting/version/sh0020_lighting_v002.0002.exr");
      for (String f : files(local)) {
        assertSameBytes(local, f, tree.files().get(f));
        assertThat(lastModified(local.resolve(f))).as(f).isEqualTo(tree.mtime(f));
      }
    }
  }

  @Test
  void specificFetchesThatVersionAndSkipsItemsWithoutIt() {
    tree();
    try (ShotSync sync = open(endpoint(), local, fast())) {
      Task t = runToEnd(sync, spec(endpoint()).shots("ep01/sq010/*").departments(Department.ANIM)
          .specificVersion(Version.parse("v009")).build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(item(sync, t.id(), SHOT + "/anim").fetchedVersions()).containsExactly(Version.of(9));
      TaskItem without = item(sync, t.id(), "ep01/sq010/sh0020/anim");
      assertThat(without.status()).isEqualTo(ItemStatus.SKIPPED);
      assertThat(without.message()).contains("v009").contains("not available");
      assertThat(files(local)).containsExactly(SHOT + "/anim/publish/v009/cache/geo.abc",
          SHOT + "/anim/publish/v009/scene.ma");
    }
  }

  @Test
  void allFetchesEveryVersion() {
    ShotTreeGenerator tree = tree();
    try (ShotSync sync = open(endpoint(), local, fast())) {
      Task t = runToEnd(sync, spec(endpoint()).shots(SHOT).versionStrategy("all").build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      List<String> expected = tree.files().keySet().stream().filter(f -> f.startsWith(SHOT + "/")).sorted().toList();
      assertThat(files(local)).containsExactlyElementsOf(expected);
      for (String f : expected) {
        assertSameBytes(local, f, tree.files().get(f));
      }
    }
  }

  @Test
  void customFetchesThePickedVersionPerItem() {
    tree();
    try (ShotSync sync = open(endpoint(), local, fast())) {
      List<ComparisonRow> rows = sync.compare(endpoint().id(),
          Selection.shots("ep01/sq010/*").departments(Department.ANIM));
      Map<ItemKey, Version> picks = new TreeMap<>(ShotSync.allTo(rows, Version.of(1)));
      picks.put(ItemKey.parse(SHOT + "/anim"), Version.of(9));
      Task t = runToEnd(sync, spec(endpoint()).shots("ep01/sq010/*").departments(Department.ANIM)
          .customVersions(picks).build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(files(local)).containsExactly(
          SHOT + "/anim/publish/v009/cache/geo.abc", SHOT + "/anim/publish/v009/scene.ma",
          "ep01/sq010/sh0020/anim/publish/v001/cache/geo.abc", "ep01/sq010/sh0020/anim/publish/v001/scene.ma");
    }
  }

  @Test
  void skipLeavesExistingFiles() throws Exception {
    tree();
    try (ShotSync sync = open(endpoint(), local, fast())) {
      runToEnd(sync, spec(endpoint()).shots(SHOT).conflictStrategy("skip").build());
      Files.writeString(local.resolve(SCENE), "edited locally");
      Task again = runToEnd(sync, spec(endpoint()).shots(SHOT).conflictStrategy("skip").build());
      assertThat(total(sync, again)).isEqualTo(new FileStats(0, 3, 0, 0, 0, 0));
      assertThat(Files.readString(local.resolve(SCENE))).isEqualTo("edited locally");
    }
  }

  @Test
  void compareFetchesOnlyFilesMadeNewerOrResized() throws Exception {
    ShotTreeGenerator tree = tree();
    try (ShotSync sync = open(endpoint(), local, fast())) {
      runToEnd(sync, spec(endpoint()).shots(SHOT).conflictStrategy("compare").build());
      Task unchanged = runToEnd(sync, spec(endpoint()).shots(SHOT).conflictStrategy("compare").build());
      assertThat(total(sync, unchanged)).as("a second compare run fetches nothing").isEqualTo(
          new FileStats(0, 3, 0, 0, 0, 0));

      // one file newer by a minute (same day: LIST alone cannot see it on vsftpd), one resized with its old mtime
      Instant newer = tree.mtime(GEO).plusSeconds(60);
      Files.setLastModifiedTime(server().root().resolve(GEO), FileTime.from(newer));
      Files.write(server().root().resolve(FRAME), new byte[123]);
      Files.setLastModifiedTime(server().root().resolve(FRAME), FileTime.from(tree.mtime(FRAME)));
      sync.scan(endpoint().id());
      Task changed = runToEnd(sync, spec(endpoint()).shots(SHOT).conflictStrategy("compare").build());
      assertThat(changed.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(total(sync, changed)).isEqualTo(new FileStats(0, 1, 2, 0, 0, 0));
      assertThat(read(local.resolve(FRAME))).hasSize(123);
      assertThat(lastModified(local.resolve(GEO))).isEqualTo(newer);
    }
  }

  @Test
  void overwriteFetchesEverythingAgain() throws Exception {
    tree();
    try (ShotSync sync = open(endpoint(), local, fast())) {
      runToEnd(sync, spec(endpoint()).shots(SHOT).conflictStrategy("overwrite").build());
      Files.writeString(local.resolve(SCENE), "edited locally");
      Task again = runToEnd(sync, spec(endpoint()).shots(SHOT).conflictStrategy("overwrite").build());
      assertThat(total(sync, again)).isEqualTo(new FileStats(0, 0, 3, 0, 0, 0));
      assertSameBytes(local, SCENE, 10_000);
    }
  }

  @Test
  void keepBothKeepsTheLocalFileAside() throws Exception {
    tree();
    try (ShotSync sync = open(endpoint(), local, fast())) {
      runToEnd(sync, spec(endpoint()).shots(SHOT).departments(Department.ANIM).conflictStrategy("keep_both")
          .build());
      Files.writeString(local.resolve(SCENE), "edited locally");
      Task again = runToEnd(sync, spec(endpoint()).shots(SHOT).departments(Department.ANIM)
          .conflictStrategy("keep_both").build());
      assertThat(total(sync, again)).isEqualTo(new FileStats(0, 0, 0, 2, 0, 0));
      assertSameBytes(local, SCENE, 10_000);
      try (var siblings = Files.list(local.resolve(SCENE).getParent())) {
        List<Path> kept = siblings.filter(p -> p.getFileName().toString().startsWith("scene.ma.shotsync-kept-"))
            .toList();
        assertThat(kept).hasSize(1);
        assertThat(Files.readString(kept.get(0))).isEqualTo("edited locally");
      }
    }
  }

  @Test
  void anInterruptedTransferResumesWithRestInANewInstance() throws Exception {
    String big = SHOT + "/anim/publish/v001/big.bin";
    int size = 4_000_000;
    new ShotTreeGenerator(server().root()).file(big, size);
    Path part = local.resolve(SHOT + "/anim/publish/v001/.big.bin.shotsync.part");
    InMemoryTaskStore store = new InMemoryTaskStore();
    String taskId;
    try (ShotSync slow = open(endpoint(), local, fast().withBandwidthLimit(1_000_000), store)) {
      TaskHandle h = slow.run(spec(endpoint()).shots(SHOT).departments(Department.ANIM).build());
      taskId = h.taskId();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while ((!Files.exists(part) || Files.size(part) < 500_000) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(slow.cancel(taskId)).isTrue();
      assertThat(h.await(Duration.ofSeconds(30)).status()).isEqualTo(TaskStatus.CANCELLED);
    }
    long kept = Files.size(part);
    assertThat(kept).isGreaterThan(0).isLessThan(size);
    try (ShotSync again = open(endpoint(), local, fast(), store)) {
      Task done = again.execute(taskId).await(Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, big, size);
      assertThat(part).doesNotExist();
      assertThat(item(again, taskId, SHOT + "/anim").stats().resumed()).isEqualTo(1);
      Pattern p = Pattern.compile("resuming " + Pattern.quote(big) + " at byte (\\d+) of " + size);
      long offset = messages(again, taskId).stream().map(p::matcher).filter(Matcher::matches)
          .mapToLong(m -> Long.parseLong(m.group(1))).findFirst().orElseThrow();
      assertThat(offset).isPositive().isLessThanOrEqualTo(kept);
    }
  }

  @Test
  void namesWithSpacesAndAccentsComeThroughIntact() {
    String odd = SHOT + "/anim/publish/v001/scène finale (v1).ma";
    new ShotTreeGenerator(server().root()).file(odd, 777).file(SHOT + "/anim/publish/v001/scene.ma", 10);
    try (ShotSync sync = open(endpoint(), local, fast())) {
      Task t = runToEnd(sync, spec(endpoint()).shots(SHOT).departments(Department.ANIM).build());
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(files(local)).containsExactly(SHOT + "/anim/publish/v001/scene.ma", odd);
      assertSameBytes(local, odd, 777);
    }
  }

  private static Instant lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toInstant();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
