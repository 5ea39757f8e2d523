package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The live progress bar shows on a terminal only; off a terminal stderr has plain lines. */
class ProgressIT extends WithFtpServer {
  @Test
  void offATerminalThereAreNoCarriageReturns() {
    Cli.Result r = cli().run("download", "--remote", ftp.url(), "--local",
        tmp.resolve("dl").toString(), "--db", "memory:");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.err()).doesNotContain("\r").contains("task ").contains("completed");
    assertThat(r.out()).doesNotContain("\r").doesNotContain("ITEM ");
  }

  @Test
  void onATerminalABarIsRedrawnAndATableSummarises() {
    Path script = Path.of("/usr/bin/script");
    assumeTrue(Files.isExecutable(script), "util-linux 'script' is not installed: cannot fake a terminal");
    Cli cli = cli();
    List<String> cmd = cli.command("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(),
        "--db", "memory:", "--version-strategy", "all", "--bwlimit", "400K");
    String line = cmd.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    Cli.Result r = Cli.exec(cli.builder(List.of(script.toString(), "-qec", line, "/dev/null")));
    assertThat(r.exit()).as(r.toString()).isZero();
    // script merges stdout and stderr of the terminal into its stdout
    assertThat(r.out()).contains("\r[").contains(" files ").contains("ITEM").contains("COMPLETED task ");
  }

  @Test
  void quietOnATerminalPrintsNoBar() {
    Path script = Path.of("/usr/bin/script");
    assumeTrue(Files.isExecutable(script), "util-linux 'script' is not installed: cannot fake a terminal");
    Cli cli = cli();
    List<String> cmd = cli.command("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(),
        "--db", "memory:", "--quiet");
    String line = cmd.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    Cli.Result r = Cli.exec(cli.builder(List.of(script.toString(), "-qec", line, "/dev/null")));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).doesNotContain("\r[").contains("COMPLETED task ");
    assertThat(r.out().strip().lines()).hasSize(1);
  }
}
