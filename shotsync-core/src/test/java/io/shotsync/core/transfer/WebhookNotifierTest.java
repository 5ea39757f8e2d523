package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.shotsync.api.Department;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskStatus;
import io.shotsync.core.ShotSync;
import io.shotsync.core.WebhookNotifier;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The webhook listener against an HTTP server in the test: the JSON it posts, retries, and a server that hangs. */
class WebhookNotifierTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path local;

  HttpServer http;
  final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();

  URI start(com.sun.net.httpserver.HttpHandler handler) throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/hook", handler);
    http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    http.start();
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/hook");
  }

  @AfterEach
  void stop() {
    if (http != null) {
      http.stop(0);
    }
  }

  URI recording(int failFirst) throws IOException {
    AtomicInteger calls = new AtomicInteger();
    return start(exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int status = calls.incrementAndGet() <= failFirst ? 503 : 204;
      if (status == 204) {
        bodies.add(exchange.getRequestHeaders().getFirst("Content-Type") + "\n" + body);
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
  }

  JsonNode nextBody() throws Exception {
    String got = bodies.poll(30, TimeUnit.SECONDS);
    assertThat(got).as("a webhook request").isNotNull();
    assertThat(got).startsWith("application/json");
    return JSON.readTree(got.substring(got.indexOf('\n') + 1));
  }

  @Test
  void aPartialTaskPostsItsSummaryAfterARetriedAttempt() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    URI url = recording(1);
    WebhookNotifier hook = WebhookNotifier.builder(url).retries(2, Duration.ofMillis(50)).build();
    try (ShotSync sync = open(FTP.endpoint(), local, fast(), hook)) {
      sync.scan(FTP.endpoint().id());
      Files.delete(FTP.root().resolve("ep01/sq010/sh0020/anim/publish/v002/scene.ma"));
      Task t = runToEnd(sync, spec(FTP.endpoint()).name("nightly sq010").shots("ep01/sq010/*").build());
      assertThat(t.status()).isEqualTo(TaskStatus.PARTIAL);

      JsonNode j = nextBody();
      assertThat(j.path("event").asText()).isEqualTo("task.finished");
      assertThat(j.path("id").asText()).isEqualTo(t.id());
      assertThat(j.path("name").asText()).isEqualTo("nightly sq010");
      assertThat(j.path("status").asText()).isEqualTo("PARTIAL");
      assertThat(j.path("itemCounts").path("total").asInt()).isEqualTo(4);
      assertThat(j.path("itemCounts").path("completed").asInt()).isEqualTo(3);
      assertThat(j.path("itemCounts").path("failed").asInt()).isEqualTo(1);
      assertThat(j.path("itemCounts").path("skipped").asInt()).isZero();
      assertThat(j.path("files").path("failed").asInt()).isEqualTo(1);
      assertThat(j.path("files").path("downloaded").asInt()).isEqualTo(sync.items(t.id()).stream()
          .mapToInt(i -> i.stats().downloaded()).sum()).isPositive();
      assertThat(j.path("transferredBytes").asLong()).isEqualTo(t.transferredBytes());
      assertThat(j.path("totalBytes").asLong()).isEqualTo(t.totalBytes());
      assertThat(j.path("error").asText()).contains("sh0020/anim");
      assertThat(j.path("endpointId").asText()).isEqualTo(t.endpointId());
      assertThat(j.path("spec").path("options").path("connections").asInt()).isEqualTo(t.spec().options().connections());
    } finally {
      hook.close();
    }
    assertThat(hook.sent()).isEqualTo(1);
    assertThat(hook.failed()).isZero();
  }

  @Test
  void slackFormatIsOneTextLine() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    URI url = recording(0);
    try (WebhookNotifier hook = WebhookNotifier.builder(url).format(WebhookNotifier.Format.SLACK).build();
        ShotSync sync = open(FTP.endpoint(), local, fast())) {
      sync.addListener(hook);
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/sh0010").departments(Department.ANIM).build());
      JsonNode j = nextBody();
      assertThat(j.size()).isEqualTo(1);
      assertThat(j.path("text").asText()).startsWith("shotsync: task " + t.id() + " COMPLETED: 1 items completed")
          .doesNotContain("Error");
    }
  }

  @Test
  void aHangingServerDoesNotHoldUpTheTask() throws Exception {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean answered = new AtomicBoolean();
    URI url = start(exchange -> {
      entered.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      answered.set(true);
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    WebhookNotifier hook = WebhookNotifier.builder(url).requestTimeout(Duration.ofSeconds(30))
        .retries(0, Duration.ofMillis(10)).build();
    try (ShotSync sync = open(FTP.endpoint(), local, fast(), hook)) {
      Task first = runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/sh0010").build());
      assertThat(first.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(entered.await(30, TimeUnit.SECONDS)).as("the webhook was called").isTrue();
      // a second task ends while the server still hangs on the first notification
      Task second = runToEnd(sync, spec(FTP.endpoint()).shots("ep01/sq010/sh0020").build());
      assertThat(second.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(answered).as("the server is still hanging").isFalse();
      assertThat(hook.sent()).isZero();
    } finally {
      release.countDown();
      hook.close();
    }
    assertThat(hook.sent()).isEqualTo(2);
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> WebhookNotifier.builder(URI.create("ftp://host/x")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> WebhookNotifier.Format.parse("teams")).hasMessageContaining("json or slack");
    assertThatThrownBy(() -> WebhookNotifier.builder(URI.create("http://h/")).statuses(java.util.Set.of(
        TaskStatus.RUNNING))).hasMessageContaining("only final statuses");
  }
}
