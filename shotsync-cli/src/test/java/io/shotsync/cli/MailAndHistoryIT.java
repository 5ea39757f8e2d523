package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code --notify mailto:} through a real SMTP server (GreenMail), and {@code shotsync history}. */
class MailAndHistoryIT {
  static final ServerSetup SMTP = ServerSetupTest.SMTP.dynamicPort();

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(SMTP)
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("ops", "Sm7p-Sekrit"));

  @TempDir
  static Path shared;

  static FtpFixture ftp;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws Exception {
    ftp = FtpFixture.start(shared.resolve("ftp"));
  }

  @AfterAll
  static void stop() {
    ftp.close();
  }

  private Cli cli() {
    return new Cli(tmp.resolve("home")).env("SHOTSYNC_SMTP_URL", "smtp://ops@127.0.0.1:" + MAIL.getSmtp().getPort())
        .env("SHOTSYNC_SMTP_PASSWORD", "Sm7p-Sekrit").env("SHOTSYNC_SMTP_FROM", "shotsync@studio.test");
  }

  @Test
  void aDownloadMailsItsSummaryAndOnlyFailuresWhenAsked() throws Exception {
    Cli cli = cli();
    Cli.Result d = cli.run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(), "--json",
        "--shot", "*/*/*_sh0020", "--name", "sh0020 tonight", "--notify", "mailto:lead@studio.test",
        "--notify", "mailto:td@studio.test");
    assertThat(d.exit()).as(d.toString()).isZero();
    assertThat(MAIL.waitForIncomingEmail(20_000, 2)).isTrue();
    MimeMessage m = MAIL.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("shotsync: COMPLETED 'sh0020 tonight': 2 completed, 0 skipped, 0 failed of 2"
        + " items");
    assertThat(m.getFrom()[0].toString()).isEqualTo("shotsync@studio.test");
    assertThat((String) m.getContent()).contains(d.json().path("id").asText()).doesNotContain("Sm7p-Sekrit");

    Cli.Result quiet = cli.run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(),
        "--shot", "*/*/*_sh0020", "--notify", "mailto:lead@studio.test", "--notify-on", "failed");
    assertThat(quiet.exit()).as(quiet.toString()).isZero();
    assertThat(MAIL.getReceivedMessages()).hasSize(2);
    assertThat(d.err() + d.out() + quiet.err()).doesNotContain("Sm7p-Sekrit");
  }

  @Test
  void aMissingOrUnreachableMailServerIsAClearErrorBeforeAnyTask() throws Exception {
    Cli none = new Cli(tmp.resolve("home"));
    Cli.Result r = none.run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(),
        "--notify", "mailto:lead@studio.test");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("SHOTSYNC_SMTP_URL");
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Cli.Result down = new Cli(tmp.resolve("home")).env("SHOTSYNC_SMTP_URL", "smtp://127.0.0.1:" + closed)
        .run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl2").toString(), "--notify",
            "mailto:lead@studio.test");
    assertThat(down.exit()).as(down.toString()).isEqualTo(4);
    assertThat(down.err()).contains("cannot reach SMTP server 127.0.0.1:" + closed);
    assertThat(new Cli(tmp.resolve("home")).run("tasks", "list", "--json").json().path("tasks")).isEmpty();
  }

  @Test
  void historyListsBothDownloadsOfAShotNewestFirst() throws Exception {
    Cli cli = new Cli(tmp.resolve("home"));
    Cli.Result first = cli.run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(), "--json",
        "--shot", "*/*/*_sh0020", "--version-strategy", "all");
    assertThat(first.exit()).as(first.toString()).isZero();
    Cli.Result second = cli.run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(),
        "--json", "--shot", "*/*/*_sh0020", "--conflict-strategy", "overwrite");
    assertThat(second.exit()).as(second.toString()).isZero();
    String shot = first.json().path("items").get(0).path("shot").asText();

    Cli.Result json = cli.run("history", shot, "--json");
    assertThat(json.exit()).as(json.toString()).isZero();
    JsonNode files = json.json().path("files");
    List<String> tasks = new ArrayList<>();
    files.forEach(f -> tasks.add(f.path("taskId").asText()));
    String id1 = first.json().path("id").asText();
    String id2 = second.json().path("id").asText();
    assertThat(tasks).contains(id1, id2);
    assertThat(tasks.indexOf(id2)).isLessThan(tasks.lastIndexOf(id1));
    List<String> times = new ArrayList<>();
    files.forEach(f -> times.add(f.path("updatedAt").asText()));
    assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(files).allSatisfy(f -> assertThat(f.path("path").asText()).startsWith(shot + "/"));

    Cli.Result anim = cli.run("history", shot, "--dept", "anim", "--json");
    assertThat(anim.json().path("files")).isNotEmpty()
        .allSatisfy(f -> assertThat(f.path("department").asText()).isEqualTo("anim"));

    Cli.Result table = cli.run("history", shot);
    assertThat(table.exit()).isZero();
    assertThat(table.out()).contains("VERSION").contains(id2.substring(0, 8)).contains(id1.substring(0, 8));
  }
}
