package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotsync.cli.internal.DemoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code download}: version strategies, conflict strategies, dry runs, the JSON shape and exit statuses 0 and 3. */
class DownloadIT extends WithFtpServer {
  Cli.Result download(Path local, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("download", "--remote", ftp.url(), "--local",
        local.toString(), "--db", "memory:", "--json"));
    args.addAll(List.of(more));
    return cli().run(args.toArray(String[]::new));
  }

  static int sum(JsonNode doc, String field) {
    int n = 0;
    for (JsonNode item : doc.path("items")) {
      n += item.path("files").path(field).asInt();
    }
    return n;
  }

  @Test
  void latestThenResyncSkipsEverything() {
    Path local = tmp.resolve("dl");
    Cli.Result r = download(local);
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode doc = r.json();
    assertThat(doc.path("id").asText()).isNotBlank();
    assertThat(doc.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(doc.path("items")).hasSize(6);
    JsonNode item = doc.path("items").get(0);
    JsonNode files = item.path("files");
    assertThat(item.has("shot") && item.has("department") && item.has("fetchedVersions") && item.has("status")
        && files.has("downloaded") && files.has("skipped") && files.has("overwritten") && files.has("keptBoth")
        && files.has("resumed") && files.has("failed") && item.has("transferredBytes") && item.has("message"))
        .as(item.toString()).isTrue();
    // latest: .ma + 3 frames of the newest anim version, 3 frames of the newest lighting version, per shot
    assertThat(sum(doc, "downloaded")).isEqualTo(21);
    assertThat(FtpFixture.files(local)).hasSize(21)
        .contains("ep101/sq010/sq010_sh0030/anim/publish/v003/sq010_sh0030_anim_v003.ma");
    assertThat(doc.path("files").path("downloaded").asInt()).isEqualTo(21);

    Cli.Result again = download(local, "--conflict-strategy", "compare");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(sum(again.json(), "downloaded")).isZero();
    assertThat(sum(again.json(), "skipped")).isEqualTo(21);
  }

  @Test
  void allVersions() throws Exception {
    Path local = tmp.resolve("dl");
    Cli.Result r = download(local, "--version-strategy", "all", "--parallel", "2", "--bwlimit", "10M",
        "--retries", "1");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(FtpFixture.files(local)).hasSize(ftp.stats.files());
    Path one = Path.of("ep101/sq010/sq010_sh0020/lighting/version/sq010_sh0020_lighting_v002.1003.exr");
    assertThat(Files.readAllBytes(local.resolve(one))).isEqualTo(Files.readAllBytes(ftp.root.resolve(one)));
  }

  @Test
  void specificVersionSkipsItemsWithoutIt() {
    Cli.Result r = download(tmp.resolve("dl"), "--specific-version", "v002");
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode doc = r.json();
    assertThat(doc.path("status").asText()).isEqualTo("COMPLETED");
    long skipped = 0;
    for (JsonNode item : doc.path("items")) {
      if (item.path("status").asText().equals("SKIPPED")) {
        skipped++;
      } else {
        assertThat(item.path("fetchedVersions").toString()).isEqualTo("[\"v002\"]");
      }
    }
    // v002 exists for sh0020 anim and lighting and sh0030 anim
    assertThat(skipped).isEqualTo(3);
  }

  @Test
  void customSelection() {
    Cli.Result r = download(tmp.resolve("dl"), "--select", "ep101/sq010/sq010_sh0030/anim=v002",
        "--shot", "ep101/sq010/sq010_sh0030", "--dept", "anim");
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode items = r.json().path("items");
    assertThat(items).hasSize(1);
    assertThat(items.get(0).path("fetchedVersions").toString()).isEqualTo("[\"v002\"]");
    assertThat(FtpFixture.files(tmp.resolve("dl"))).hasSize(4)
        .allMatch(p -> p.startsWith("ep101/sq010/sq010_sh0030/anim/publish/v002/"));
  }

  @Test
  void dryRunTouchesNothing() {
    Path local = tmp.resolve("dl");
    Cli.Result r = download(local, "--dry-run");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.json().path("dryRun").asBoolean()).isTrue();
    assertThat(r.json().path("filesToFetch").asInt()).isEqualTo(21);
    assertThat(FtpFixture.files(local)).isEmpty();
  }

  @Test
  void textModePrintsASummaryLineAndNoCarriageReturns() {
    Cli.Result r = cli().run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(), "--db",
        "memory:", "--shot", "*/*/*_sh0010");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("COMPLETED task ", "7 files (7 downloaded");
    assertThat(r.err()).doesNotContain("\r").contains("completed");
  }

  @Test
  void quietPrintsOnlyTheSummaryLine() {
    Cli.Result r = cli().run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(), "--db",
        "memory:", "--quiet", "--shot", "*/*/*_sh0010");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().strip().lines()).hasSize(1);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void anUnreadableFileFailsItsItemAndExits3(@TempDir Path dir) {
    try (FtpFixture refusing = FtpFixture.start(dir.resolve("ftp"), FtpFixture.TREE,
        (DemoServer.Builder b) -> b.refuseRetrieve(p -> p.endsWith("sq010_sh0020_lighting_v002.1002.exr")))) {
      Cli.Result r = cli().run("download", "--remote", refusing.url(), "--local", tmp.resolve("dl").toString(),
          "--db", "memory:", "--json", "--retries", "0");
      assertThat(r.exit()).as(r.toString()).isEqualTo(3);
      JsonNode doc = r.json();
      assertThat(doc.path("status").asText()).isIn("PARTIAL", "FAILED");
      int failedItems = 0;
      for (JsonNode item : doc.path("items")) {
        if (item.path("status").asText().equals("FAILED")) {
          failedItems++;
          assertThat(item.path("shot").asText()).isEqualTo("ep101/sq010/sq010_sh0020");
          assertThat(item.path("department").asText()).isEqualTo("lighting");
          assertThat(item.path("failed").asInt()).isEqualTo(1);
          assertThat(item.path("message").asText()).isNotBlank();
        } else {
          assertThat(item.path("status").asText()).isEqualTo("COMPLETED");
        }
      }
      assertThat(failedItems).isEqualTo(1);
    }
  }
}
