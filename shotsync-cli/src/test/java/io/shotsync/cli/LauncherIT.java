package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launcher beside the jar picks JVM settings per command: short commands stay lean, serve and worker do not. */
class LauncherIT {
  /** What the launcher beside the jar prints for these arguments, with these JVM flags and SHOTSYNC_CDS. */
  private static String output(String opts, String cds, String... args) throws Exception {
    Path launcher = Cli.jar().getParent().resolve("shotsync");
    assertThat(launcher).isExecutable();
    String[] cmd = new String[args.length + 1];
    cmd[0] = launcher.toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SHOTSYNC_JAVA_OPTS", opts);
    pb.environment().put("SHOTSYNC_CDS", cds);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  /** The JVM flags the launcher starts the command with (the first line the JVM prints). */
  private static String flags(String... args) throws Exception {
    assertThat(Cli.jar().getParent().resolve("shotsync.cmd")).exists();
    return output("-XX:+PrintCommandLineFlags", "on", args).lines().findFirst().orElse("");
  }

  @Test
  void shortCommandsGetTheClientCompilerAndServeAndWorkerTheServerDefaults() throws Exception {
    for (String command : new String[] {"scan", "download", "tasks", "history"}) {
      assertThat(flags(command, "--help")).as(command).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-XX:MaxHeapSize=268435456");
    }
    for (String command : new String[] {"serve", "worker"}) {
      assertThat(flags("-v", command, "--help")).as(command).contains("-XX:+UseG1GC", "-XX:MaxRAMPercentage=25")
          .doesNotContain("TieredStopAtLevel", "UseSerialGC");
    }
    assertThat(Files.readString(Cli.jar().getParent().resolve("shotsync.cmd"))).contains("shotsync.jar");
  }

  /**
   * The archive the build made beside the jar fits the launcher there (its .id names this jar and JVM): shotsync's
   * own classes load from it; with {@code SHOTSYNC_CDS=off} none do.
   */
  @Test
  void theBuildsClassDataArchiveIsMappedAndSHOTSYNC_CDSOffTurnsItOff() throws Exception {
    assertThat(Cli.jar().resolveSibling("shotsync.jsa.id")).exists();
    assertThat(Files.readString(Cli.jar().resolveSibling("shotsync.jsa.id"))).contains(Cli.jar().toRealPath().toString());
    String shared = "io.shotsync.cli.Main source: shared objects file";
    assertThat(output("-Xlog:class+load=info", "on", "--version")).contains(shared);
    assertThat(output("-Xlog:class+load=info", "off", "--version")).doesNotContain(shared)
        .contains("io.shotsync.cli.Main source: file:");
  }
}
