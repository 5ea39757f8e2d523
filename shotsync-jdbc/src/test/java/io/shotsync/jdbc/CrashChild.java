package io.shotsync.jdbc;

import io.shotsync.api.Endpoint;
import io.shotsync.api.Secret;
import io.shotsync.api.TaskSpec;
import io.shotsync.core.ShotSync;
import io.shotsync.api.SyncOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process {@link CrashRecoveryTest} kills: downloads every anim version of one endpoint into a local root with
 * an embedded H2 store, slowly (bandwidth limit), on one connection, and writes the task id to a file first.
 * Arguments: host port user localRoot storeDir taskIdFile [local-id] [ranged]; the password comes from
 * SHOTSYNC_PASSWORD. With {@code ranged}, large files go in ranges on four connections ({@link ResumeAfterKillTest}).
 */
public final class CrashChild {
  private CrashChild() {}

  /**
   * A process running this class on the test's class path with these arguments, its output to {@code log} and the
   * password in its environment. The child is short-lived: the client compiler, the serial collector and no perf
   * data file start it sooner (class-data sharing of the JDK's classes is on by default).
   */
  static ProcessBuilder process(Path log, String... args) {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName()));
    cmd.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SHOTSYNC_PASSWORD", io.shotsync.core.testkit.FtpServerExtension.PASSWORD);
    return pb;
  }

  public static void main(String[] args) throws Exception {
    Endpoint e = new Endpoint("studio", args[0], Integer.parseInt(args[1]), args[2],
        Secret.of(System.getenv("SHOTSYNC_PASSWORD")), "/", false, null);
    java.util.List<String> flags = java.util.Arrays.asList(args).subList(Math.min(6, args.length), args.length);
    SyncOptions options = flags.contains("ranged")
        ? SyncOptions.defaults().withConnections(4).withSegmentThreshold(1 << 20).withBandwidthLimit(2_000_000)
            .withRetries(3, Duration.ofMillis(50))
        : SyncOptions.defaults().withConnections(1).withSegmentThreshold(0).withBandwidthLimit(1_000_000)
            .withRetries(3, Duration.ofMillis(50));
    // with "local-id": the default worker id (host, pid, start) and a lease of an hour, so only the dead-process
    // check can free its items
    boolean localId = flags.contains("local-id");
    ShotSync.Builder b = ShotSync.builder().endpoint(e).localRoot(Path.of(args[3])).options(options);
    if (localId) {
      b.leaseDuration(Duration.ofHours(1));
    } else {
      b.workerId("crash-child").leaseDuration(Duration.ofSeconds(2));
    }
    try (JdbcTaskStore store = JdbcTaskStore.embedded(Path.of(args[4]));
        ShotSync sync = b.store(store).build()) {
      String id = sync.createTask(TaskSpec.builder("studio").build()).id();
      Files.writeString(Path.of(args[5]), id);
      sync.execute(id).await();
    }
  }
}
