package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code download --notify} against an HTTP server in the test JVM, and {@code --bwlimit} timetables. */
class NotifyIT {
  @TempDir
  static Path shared;

  static FtpFixture ftp;
  static HttpServer http;
  static final BlockingQueue<String> BODIES = new LinkedBlockingQueue<>();

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws Exception {
    ftp = FtpFixture.start(shared.resolve("ftp"));
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/hook", exchange -> {
      BODIES.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    http.start();
  }

  @AfterAll
  static void stop() {
    http.stop(0);
    ftp.close();
  }

  static String hook() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
  }

  @Test
  void aDownloadPostsItsSummary() throws Exception {
    Cli cli = new Cli(tmp.resolve("home"));
    Cli.Result d = cli.run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(), "--json",
        "--shot", "*/*/*_sh0020", "--name", "sh0020 tonight", "--notify", hook());
    assertThat(d.exit()).as(d.toString()).isZero();
    String body = BODIES.poll(30, TimeUnit.SECONDS);
    assertThat(body).as("a webhook request").isNotNull();
    JsonNode j = Cli.JSON.readTree(body);
    assertThat(j.path("id").asText()).isEqualTo(d.json().path("id").asText());
    assertThat(j.path("name").asText()).isEqualTo("sh0020 tonight");
    assertThat(j.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(j.path("itemCounts").path("completed").asInt()).isEqualTo(2);
    assertThat(j.path("files").path("downloaded").asInt()).isPositive();
    assertThat(j.path("error").isNull()).isTrue();

    Cli.Result slack = cli.run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(),
        "--shot", "*/*/*_sh0020", "--notify", hook(), "--notify-format", "slack");
    assertThat(slack.exit()).as(slack.toString()).isZero();
    JsonNode s = Cli.JSON.readTree(BODIES.poll(30, TimeUnit.SECONDS));
    assertThat(s.path("text").asText()).contains("COMPLETED", "2 items completed");

    Cli.Result bad = cli.run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(),
        "--notify", hook(), "--notify-format", "teams");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown notification format 'teams'");
  }

  @Test
  void bwlimitTakesATimetable() {
    Cli cli = new Cli(tmp.resolve("home"));
    Cli.Result d = cli.run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(), "--json",
        "--shot", "*/*/*_sh0010", "--bwlimit", "00:00,10M 12:00,20M Sat-00:00,off");
    assertThat(d.exit()).as(d.toString()).isZero();
    assertThat(d.json().path("status").asText()).isEqualTo("COMPLETED");
    Cli.Result bad = cli.run("download", "--remote", ftp.url(), "--local", tmp.resolve("dl").toString(),
        "--bwlimit", "08:00,10M 19:00;off");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("entry '19:00;off'");
  }
}
