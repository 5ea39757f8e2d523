package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad usage exits 2 with a one-line reason, before any connection is made. */
class UsageIT {
  // nothing listens on port 1: a command that got past validation would exit 4, not 2
  static final String NOWHERE = "ftp://127.0.0.1:1/";

  @TempDir
  Path tmp;

  Cli cli() {
    return new Cli(tmp.resolve("home"));
  }

  static void assertUsage(Cli.Result r, String... fragments) {
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.out()).as(r.toString()).isEmpty();
    assertThat(r.err().strip().lines()).as(r.toString()).hasSize(1);
    assertThat(r.err()).contains(fragments);
  }

  @Test
  void versionPrintsTheVersion() {
    Cli.Result r = cli().run("--version");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("shotsync ");
  }

  @Test
  void helpListsTheDiscoveredStrategyIds() {
    Cli.Result r = cli().run("download", "--help");
    assertThat(r.exit()).as(r.toString()).isZero();
    String help = r.out().replaceAll("\\s+", " ");
    assertThat(help).contains("all, custom, latest, specific").contains("compare, keep_both, overwrite, skip")
        .contains("--bwlimit").contains("--queue").contains("--option");
  }

  @Test
  void topLevelHelpListsTheCommands() {
    Cli.Result r = cli().run("--help");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("scan", "compare", "download", "tasks", "worker", "demo");
  }

  @Test
  void unknownVersionStrategyExits2WithTheRegistryMessage() {
    assertUsage(cli().run("download", "--remote", NOWHERE, "--local", "dl", "--version-strategy", "newest"),
        "unknown version strategy 'newest'", "latest");
  }

  @Test
  void unknownConflictStrategyExits2() {
    assertUsage(cli().run("download", "--remote", NOWHERE, "--local", "dl", "--conflict-strategy", "merge"),
        "unknown conflict strategy 'merge'", "keep_both");
  }

  @Test
  void malformedVersionExits2() {
    assertUsage(cli().run("download", "--remote", NOWHERE, "--local", "dl", "--version-strategy", "specific",
        "--specific-version", "v1x"), "malformed version 'v1x'");
  }

  @Test
  void malformedSelectExits2() {
    assertUsage(cli().run("download", "--remote", NOWHERE, "--local", "dl", "--select", "ep01/sh0010=v002"),
        "malformed");
  }

  @Test
  void specificWithoutVersionExits2() {
    assertUsage(cli().run("download", "--remote", NOWHERE, "--local", "dl", "--version-strategy", "specific"),
        "--specific-version");
  }

  @Test
  void badUrlExits2() {
    assertUsage(cli().run("scan", "--remote", "http://example.com/shots"), "unsupported URL");
    assertUsage(cli().run("compare", "--remote", "ftp://bad host/", "--local", "x"), "URL");
  }

  @Test
  void badRateExits2() {
    assertUsage(cli().run("download", "--remote", NOWHERE, "--local", "dl", "--bwlimit", "fast"),
        "malformed rate 'fast'");
  }

  @Test
  void unknownOptionAndMissingCommandExit2() {
    assertUsage(cli().run("download", "--remote", NOWHERE, "--local", "dl", "--frobnicate"), "--frobnicate");
    assertUsage(cli().run(), "missing command");
    assertUsage(cli().run("tasks", "show", "no-such-task", "--db", "memory:"), "no task 'no-such-task'");
  }
}
