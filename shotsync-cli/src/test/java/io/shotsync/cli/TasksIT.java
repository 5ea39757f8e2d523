package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotsync.cli.internal.DemoServer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tasks} and {@code worker} over the default embedded H2 store under $SHOTSYNC_HOME. */
class TasksIT {
  @TempDir
  static Path shared;

  static FtpFixture ftp;
  static final AtomicBoolean REFUSE = new AtomicBoolean();

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    ftp = FtpFixture.start(shared.resolve("ftp"), FtpFixture.TREE, (DemoServer.Builder b) ->
        b.refuseRetrieve(p -> REFUSE.get() && p.endsWith("sq010_sh0010_anim_v001.1002.jpg")));
  }

  @AfterAll
  static void stop() {
    ftp.close();
  }

  @Test
  void earlierRunsAreListedShownLoggedAndDeleted() {
    Cli cli = new Cli(tmp.resolve("home"));
    Cli.Result d = cli.run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(), "--json",
        "--shot", "*/*/*_sh0020");
    assertThat(d.exit()).as(d.toString()).isZero();
    String id = d.json().path("id").asText();

    Cli.Result list = cli.run("tasks", "list", "--json");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.json().path("tasks")).hasSize(1);
    assertThat(list.json().path("tasks").get(0).path("id").asText()).isEqualTo(id);
    assertThat(list.json().path("tasks").get(0).path("status").asText()).isEqualTo("COMPLETED");

    Cli.Result show = cli.run("tasks", "show", id.substring(0, 8), "--json");
    assertThat(show.exit()).as(show.toString()).isZero();
    assertThat(show.json().path("id").asText()).isEqualTo(id);
    assertThat(show.json().path("items")).hasSize(2);

    Cli.Result text = cli.run("tasks", "show", id);
    assertThat(text.exit()).as(text.toString()).isZero();
    assertThat(text.out()).contains("ep101/sq010/sq010_sh0020/anim", "COMPLETED task " + id);

    Cli.Result logs = cli.run("tasks", "logs", id, "--limit", "3");
    assertThat(logs.exit()).as(logs.toString()).isZero();
    assertThat(logs.out().strip().lines()).hasSize(3).allMatch(l -> l.contains("INFO") || l.contains("WARN")
        || l.contains("ERROR"));

    Cli.Result follow = cli.run("tasks", "logs", id, "--follow", "--level", "debug");
    assertThat(follow.exit()).as(follow.toString()).isZero();
    assertThat(follow.out().lines().count()).isGreaterThan(3);

    Cli.Result logsJson = cli.run("tasks", "logs", id, "--json", "--level", "warn");
    assertThat(logsJson.exit()).as(logsJson.toString()).isZero();
    assertThat(logsJson.json().path("taskId").asText()).isEqualTo(id);

    Cli.Result cancel = cli.run("tasks", "cancel", id);
    assertThat(cancel.exit()).as(cancel.toString()).isZero();
    assertThat(cancel.out()).contains("not running");

    Cli.Result delete = cli.run("tasks", "delete", id);
    assertThat(delete.exit()).as(delete.toString()).isZero();
    assertThat(delete.out()).contains("deleted 1 task");
    assertThat(cli.run("tasks", "list", "--json").json().path("tasks")).isEmpty();
    assertThat(cli.run("tasks", "show", id).exit()).isEqualTo(2);
  }

  @Test
  void queuedTasksRunInAWorker() {
    Cli cli = new Cli(tmp.resolve("home"));
    Path local = tmp.resolve("dl");
    Cli.Result q = cli.run("download", "--remote", ftp.url(), "--local", local.toString(), "--queue", "--json");
    assertThat(q.exit()).as(q.toString()).isZero();
    assertThat(q.json().path("status").asText()).isEqualTo("QUEUED");
    String id = q.json().path("id").asText();
    assertThat(FtpFixture.files(local)).isEmpty();

    Cli.Result w = cli.run("worker", "--until-idle", "--idle-timeout", "1");
    assertThat(w.exit()).as(w.toString()).isZero();
    assertThat(FtpFixture.files(local)).hasSize(21);
    JsonNode show = cli.run("tasks", "show", id, "--json").json();
    assertThat(show.path("status").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void retryRunsTheFailedItemsAgain() {
    Cli cli = new Cli(tmp.resolve("home"));
    Path local = tmp.resolve("dl");
    REFUSE.set(true);
    Cli.Result d;
    try {
      d = cli.run("download", "--remote", ftp.url(), "--local", local.toString(), "--json", "--retries", "0",
          "--shot", "*/*/*_sh0010", "--dept", "anim");
    } finally {
      REFUSE.set(false);
    }
    assertThat(d.exit()).as(d.toString()).isEqualTo(3);
    String id = d.json().path("id").asText();
    assertThat(FtpFixture.files(local).stream().filter(f -> !f.endsWith(".part"))).hasSize(3);

    Cli.Result r = cli.run("tasks", "retry", id, "--json");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.json().path("status").asText()).isEqualTo("COMPLETED");
    assertThat(FtpFixture.files(local).stream().filter(f -> !f.endsWith(".part"))).hasSize(4);
  }
}
