package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotsync.cli.internal.DemoServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code download --at} and {@code --auto-retry}, and the bulk forms of {@code tasks delete|retry|cancel}. */
class ScheduleIT {
  static final String FRAME = "sq010_sh0010_anim_v001.1002.jpg";

  @TempDir
  static Path shared;

  static FtpFixture ftp;
  /** RETR of FRAME answers 550 while this is set. */
  static final AtomicBoolean REFUSE = new AtomicBoolean();
  /** RETR of FRAME answers 550 this many more times. */
  static final AtomicInteger REFUSE_TIMES = new AtomicInteger();

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    ftp = FtpFixture.start(shared.resolve("ftp"), FtpFixture.TREE, (DemoServer.Builder b) ->
        b.refuseRetrieve(p -> p.endsWith(FRAME) && (REFUSE.get() || REFUSE_TIMES.getAndUpdate(
            n -> Math.max(0, n - 1)) > 0)));
  }

  @AfterAll
  static void stop() {
    ftp.close();
  }

  @Test
  void aTaskQueuedForLaterWaitsInTheWorker() {
    Cli cli = new Cli(tmp.resolve("home"));
    Path local = tmp.resolve("dl");
    Cli.Result later = cli.run("download", "--remote", ftp.url(), "--local", local.toString(), "--json",
        "--at", "2099-01-01T06:00:00Z");
    assertThat(later.exit()).as(later.toString()).isZero();
    assertThat(later.json().path("status").asText()).isEqualTo("QUEUED");
    assertThat(later.json().path("spec").path("notBefore").asText()).isEqualTo("2099-01-01T06:00:00Z");
    Cli.Result tonight = cli.run("download", "--remote", ftp.url(), "--local", local.toString(), "--at", "23:59");
    assertThat(tonight.exit()).as(tonight.toString()).isZero();
    assertThat(tonight.out()).contains("QUEUED task", "not before");
    Cli.Result past = cli.run("download", "--remote", ftp.url(), "--local", local.toString(), "--json",
        "--shot", "*/*/*_sh0020", "--at", Instant.now().minusSeconds(60).toString());
    String pastId = past.json().path("id").asText();

    Cli.Result w = cli.run("worker", "--until-idle", "--idle-timeout", "1", "--json");
    assertThat(w.exit()).as(w.toString()).isZero();
    assertThat(w.json().path("tasks")).extracting(JsonNode::asText).containsExactly(pastId);
    assertThat(FtpFixture.files(local)).allMatch(f -> f.contains("sq010_sh0020")).isNotEmpty();
    JsonNode list = cli.run("tasks", "list", "--json", "--status", "QUEUED").json().path("tasks");
    assertThat(list).hasSize(2);

    Cli.Result bad = cli.run("download", "--remote", ftp.url(), "--local", local.toString(), "--at", "25:00");
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(2);
    assertThat(bad.err()).contains("malformed time '25:00'");
  }

  @Test
  void autoRetryFinishesATaskAfterATransientFailure() {
    Cli cli = new Cli(tmp.resolve("home"));
    Path local = tmp.resolve("dl");
    REFUSE_TIMES.set(1);
    Cli.Result d = cli.run("download", "--remote", ftp.url(), "--local", local.toString(), "--json", "--retries", "0",
        "--shot", "*/*/*_sh0010", "--dept", "anim", "--auto-retry", "2:1s");
    assertThat(d.exit()).as(d.toString()).isZero();
    assertThat(d.json().path("status").asText()).isEqualTo("COMPLETED");
    assertThat(d.json().path("attempts").asInt()).isEqualTo(2);
    assertThat(REFUSE_TIMES.get()).isZero();
    assertThat(FtpFixture.files(local)).anyMatch(f -> f.endsWith(FRAME));

    Cli.Result bad = cli.run("download", "--remote", ftp.url(), "--local", local.toString(), "--auto-retry", "x:1m");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("malformed --auto-retry 'x:1m'");
  }

  @Test
  void bulkRetryCancelAndDelete() {
    Cli cli = new Cli(tmp.resolve("home"));
    REFUSE.set(true);
    String a;
    String b;
    try {
      a = failedDownload(cli, tmp.resolve("a"));
      b = failedDownload(cli, tmp.resolve("b"));
    } finally {
      REFUSE.set(false);
    }
    Cli.Result queued = cli.run("download", "--remote", ftp.url(), "--local", tmp.resolve("q").toString(), "--json",
        "--queue");
    String q = queued.json().path("id").asText();

    Cli.Result retry = cli.run("tasks", "retry", "--all-failed", "--json");
    assertThat(retry.exit()).as(retry.toString()).isZero();
    assertThat(retry.json().path("tasks")).extracting(t -> t.path("id").asText())
        .containsExactlyInAnyOrder(a, b);
    assertThat(retry.json().path("tasks")).extracting(t -> t.path("status").asText()).containsOnly("COMPLETED");
    assertThat(FtpFixture.files(tmp.resolve("a"))).anyMatch(f -> f.endsWith(FRAME));
    assertThat(FtpFixture.files(tmp.resolve("b"))).anyMatch(f -> f.endsWith(FRAME));
    Cli.Result none = cli.run("tasks", "retry", "--all-failed");
    assertThat(none.exit()).as(none.toString()).isZero();
    assertThat(none.out()).contains("retried 0 tasks");

    Cli.Result cancel = cli.run("tasks", "cancel", "--all", "--json");
    assertThat(cancel.exit()).as(cancel.toString()).isZero();
    assertThat(cancel.json().path("taskIds")).extracting(JsonNode::asText).containsExactly(q);
    assertThat(cli.run("tasks", "show", q, "--json").json().path("status").asText()).isEqualTo("CANCELLED");

    assertThat(cli.run("tasks", "delete").exit()).isEqualTo(2);
    assertThat(cli.run("tasks", "delete", a, "--status", "completed").exit()).isEqualTo(2);
    Cli.Result young = cli.run("tasks", "delete", "--older-than", "1d", "--json");
    assertThat(young.exit()).as(young.toString()).isZero();
    assertThat(young.json().path("deleted").asInt()).isZero();
    Cli.Result done = cli.run("tasks", "delete", "--status", "completed", "--older-than", "2099-01-01");
    assertThat(done.exit()).as(done.toString()).isZero();
    assertThat(done.out()).contains("deleted 2 tasks");
    JsonNode left = cli.run("tasks", "list", "--json").json().path("tasks");
    assertThat(left).extracting(t -> t.path("id").asText()).isEqualTo(List.of(q));
  }

  private String failedDownload(Cli cli, Path local) {
    Cli.Result d = cli.run("download", "--remote", ftp.url(), "--local", local.toString(), "--json", "--retries", "0",
        "--shot", "*/*/*_sh0010", "--dept", "anim");
    assertThat(d.exit()).as(d.toString()).isEqualTo(3);
    return d.json().path("id").asText();
  }
}
