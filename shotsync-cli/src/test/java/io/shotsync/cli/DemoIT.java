package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo} runs the whole flow with nothing set up. */
class DemoIT {
  @TempDir
  Path tmp;

  @Test
  void demoScansComparesDownloadsAndShowsTheLog() {
    Cli cli = new Cli(tmp.resolve("home"));
    Cli.Result r = cli.run("demo");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("== 1. scan", "== 2. compare", "== 3. download", "== 4. the task's log",
        "COMPLETED task ", "ep102/sq020/sq020_sh0020");
    // the default download folder is created in the current directory
    assertThat(FtpFixture.files(cli.home()).stream().filter(f -> f.startsWith("shotsync-demo-"))).hasSize(72);
    // the run is in the default store, so tasks list shows it
    assertThat(cli.run("tasks", "list", "--json").json().path("tasks")).hasSize(1);
  }
}
