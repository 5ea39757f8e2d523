package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotsync.cli.internal.DemoTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGINT) cancels the running task, keeps its partial files, exits 130; a retry finishes it. */
class InterruptIT {
  @TempDir
  static Path shared;

  static FtpFixture ftp;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    // one shot with 256 KiB frames: at the rate limit below each file takes seconds, so one is always in flight
    ftp = FtpFixture.start(shared.resolve("ftp"), new DemoTree(1, 1, 1, 2, 256 * 1024), b -> { });
  }

  @AfterAll
  static void stop() {
    ftp.close();
  }

  static boolean hasPart(Path dir) {
    return hasPart(dir, 0);
  }

  /** True when a temporary file under {@code dir} holds more than {@code bytes}. */
  static boolean hasPart(Path dir, long bytes) {
    if (!Files.exists(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".shotsync.part") && size(p) > bytes);
    } catch (IOException | java.io.UncheckedIOException e) {
      return false;
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void sigintCancelsTheTaskAndKeepsPartFiles() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")),
        "no kill command to send SIGINT");
    Cli cli = new Cli(tmp.resolve("home"));
    Path local = tmp.resolve("dl");
    // slow enough (about 10 s for the whole tree) that the signal lands mid-file
    Process p = cli.builder(cli.command("download", "--remote", ftp.url(), "--local", local.toString(),
        "--version-strategy", "all", "--bwlimit", "100K", "--parallel", "2")).start();
    p.getOutputStream().close();
    CompletableFuture<String> out = Cli.read(p.getInputStream());
    CompletableFuture<String> err = Cli.read(p.getErrorStream());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    // mid-file: a temporary file that already holds bytes (a cancel before the first byte keeps nothing to resume)
    while (!hasPart(local, 0) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(p.isAlive()).as("still running when the first bytes reached a .part file").isTrue();
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Cli.Result r = new Cli.Result(p.exitValue(), out.join(), err.join());
    assertThat(r.exit()).as(r.toString()).isEqualTo(130);
    assertThat(r.err()).contains("interrupted; cancelling task");
    assertThat(hasPart(local)).as("partial files are kept for resume: %s\n%s", FtpFixture.files(local), r).isTrue();

    JsonNode tasks = cli.run("tasks", "list", "--json").json().path("tasks");
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).path("status").asText()).isEqualTo("CANCELLED");

    Cli.Result retry = cli.run("tasks", "retry", tasks.get(0).path("id").asText(), "--json");
    assertThat(retry.exit()).as(retry.toString()).isZero();
    assertThat(FtpFixture.files(local)).hasSize(ftp.stats.files());
    List<String> parts = FtpFixture.files(local).stream().filter(f -> f.contains(".part")).toList();
    assertThat(parts).isEmpty();
  }
}
