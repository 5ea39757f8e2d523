package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.core.testkit.FtpServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos soak's short form (see {@link ChaosSoak}): three {@code shotsync worker} processes on one PostgreSQL
 * queue, killed with {@code kill -9} at random and replaced, over two FTP servers that lose 8% of their data
 * connections. Mandatory where PostgreSQL is (skipped with the reason otherwise, a failure with
 * {@code SHOTSYNC_REQUIRE_DATABASES=1}). {@code bench/chaos.sh} runs the same test with the five-minute
 * profile ({@code SHOTSYNC_CHAOS_PROFILE=bench}). The report goes to {@code target/chaos-report.txt} and stdout.
 */
class ChaosSoakIT {
  @RegisterExtension
  static final FtpServerExtension TREE_A = new FtpServerExtension(64);

  @RegisterExtension
  static final FtpServerExtension TREE_B = new FtpServerExtension(64);

  /** Kept when the soak fails: the workers' logs are under it. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  @Test
  void killedWorkersAndCutConnectionsStillFetchEveryItemOnceWithEveryByteAndMtimeRight() throws Exception {
    Postgres.require();
    ChaosSoak.Config config = ChaosSoak.Config.fromEnvironment();
    ChaosSoak soak = new ChaosSoak(config, Cli.jar(), List.of(
        new ChaosSoak.Server("tree-a", TREE_A.root(), TREE_A.port()),
        new ChaosSoak.Server("tree-b", TREE_B.root(), TREE_B.port())), tmp);
    ChaosSoak.Report report = soak.run();
    Path out = Path.of("target", "chaos-report.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.text(), StandardCharsets.UTF_8);
    System.out.println(report.text());
    assertThat(report.problems()).as("the chaos soak (seed %d; rerun with SHOTSYNC_CHAOS_SEED=%d):%n%s",
        config.seed(), config.seed(), report.text()).isEmpty();
  }
}
