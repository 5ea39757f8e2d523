package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code scan} and {@code compare}, as text and as JSON. */
class ScanCompareIT extends WithFtpServer {
  @Test
  void scanJsonIsTheStructureSnapshot() {
    Cli.Result r = cli().run("scan", "--remote", ftp.url(), "--json");
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode doc = r.json();
    assertThat(doc.path("shots")).hasSize(3);
    assertThat(doc.path("shots").get(0).path("shot").asText()).isEqualTo("ep101/sq010/sq010_sh0010");
    List<String> versions = new ArrayList<>();
    for (JsonNode d : doc.path("shots").get(2).path("departments")) {
      if (d.path("department").asText().equals("anim")) {
        d.path("versions").forEach(v -> versions.add(v.path("version").asText()));
      }
    }
    assertThat(versions).containsExactly("v001", "v002", "v003");
  }

  @Test
  void scanTextShowsTheTree() {
    Cli.Result r = cli().run("scan", "--remote", ftp.url());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("ep101/sq010/sq010_sh0030", "v001,v002,v003", "1 episodes, 3 shots, "
        + ftp.stats.files() + " files");
    assertThat(r.err()).doesNotContain("\r");
  }

  @Test
  void compareJsonHasOneRowPerShotAndDepartment() {
    Cli.Result r = cli().run("compare", "--remote", ftp.url(), "--local", tmp.resolve("empty").toString(),
        "--json");
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode rows = r.json().path("rows");
    assertThat(rows).hasSize(6);
    for (JsonNode row : rows) {
      assertThat(row.path("status").asText()).isEqualTo("NEW");
      assertThat(row.path("localVersion").isNull()).isTrue();
      assertThat(row.has("availableVersions")).isTrue();
    }
    JsonNode anim3 = rows.get(4);
    assertThat(anim3.path("shot").asText()).isEqualTo("ep101/sq010/sq010_sh0030");
    assertThat(anim3.path("department").asText()).isEqualTo("anim");
    assertThat(anim3.path("availableVersions").toString()).isEqualTo("[\"v001\",\"v002\",\"v003\"]");
    assertThat(anim3.path("latestVersion").asText()).isEqualTo("v003");
  }

  @Test
  void compareNarrowsToShotsAndDepartments() {
    Cli.Result r = cli().run("compare", "--remote", ftp.url(), "--local", tmp.resolve("empty").toString(),
        "--shot", "*/*/*_sh0020", "--dept", "lighting", "--json");
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode rows = r.json().path("rows");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).path("shot").asText()).isEqualTo("ep101/sq010/sq010_sh0020");
    assertThat(rows.get(0).path("latestVersion").asText()).isEqualTo("v002");
  }

  @Test
  void compareAfterDownloadIsUpToDate() {
    Path local = tmp.resolve("dl");
    Cli.Result d = cli().run("download", "--remote", ftp.url(), "--local", local.toString(), "--db", "memory:",
        "--shot", "ep101/sq010/sq010_sh0010");
    assertThat(d.exit()).as(d.toString()).isZero();
    Cli.Result r = cli().run("compare", "--remote", ftp.url(), "--local", local.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("up_to_date", "new", "SHOT", "STATUS");
  }
}
