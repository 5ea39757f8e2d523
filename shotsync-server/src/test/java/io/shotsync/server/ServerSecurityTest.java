package io.shotsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotsync.api.Task;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.jdbc.JdbcTaskStore;
import io.shotsync.server.internal.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's defences over real HTTP: the token on every API route of the route table, the Host check, security
 * headers and no CORS, and bad input answered with its status and message while the store stays as it was.
 */
class ServerSecurityTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  static final String TASKS = "/api/v1/shots/tasks";

  @TempDir
  Path local;

  ServerFixture f;
  Api api;
  volatile boolean broken;

  @BeforeEach
  void start() {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    TaskStore real = JdbcTaskStore.open("jdbc:h2:mem:sec-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    // a store with a bug to switch on: listing tasks (with or without their summaries) throws
    TaskStore buggy = (TaskStore) Proxy.newProxyInstance(TaskStore.class.getClassLoader(),
        new Class<?>[] {TaskStore.class}, (proxy, method, args) -> {
          if (broken && (method.getName().equals("tasks") || method.getName().equals("taskSummaries"))) {
            throw new IllegalStateException("boom in the store");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    f = new ServerFixture(buggy, FTP.endpoint(), local, b -> {}, b -> b.hostName("shotsync.studio.local"));
    api = f.api;
  }

  @AfterEach
  void stop() {
    f.close();
    assertThat(api.bodies).noneMatch(b -> b.contains(FtpServerExtension.PASSWORD));
  }

  @Test
  void everyApiRouteOfTheTableNeedsTheTokenButHealth() {
    List<Route> routes = f.server.routes();
    assertThat(routes).hasSizeGreaterThanOrEqualTo(18);
    Api anonymous = api.anonymous();
    Api wrong = new Api(f.server.url(), "not-the-token");
    for (Route r : routes) {
      String path = r.path().replace("{endpointId}", "test-ftp").replace("{id}", "some-task");
      String body = r.method().equals("POST") ? "{}" : null;
      Api.Res res = anonymous.send(r.method(), path, body);
      if (!r.authRequired()) {
        assertThat(r.path()).isEqualTo("/api/v1/health");
        assertThat(res.status()).as("%s %s", r.method(), path).isEqualTo(200);
        continue;
      }
      assertThat(res.status()).as("%s %s: %s", r.method(), path, res).isEqualTo(401);
      assertThat(res.error()).isEqualTo("unauthorized");
      assertThat(res.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(wrong.send(r.method(), path, body).status()).as("%s %s wrong token", r.method(), path)
          .isEqualTo(401);
    }
    assertThat(f.store.tasks(TaskQuery.all())).isEmpty();
    assertThat(f.store.structure("test-ftp")).as("no scan ran without a token").isEmpty();
  }

  @Test
  void onlyThisServersHostNamesAreAnswered() throws IOException {
    int port = f.server.port();
    String auth = "Authorization: Bearer " + ServerFixture.TOKEN;
    for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "localhost", "[::1]:" + port,
        "shotsync.studio.local:" + port, "SHOTSYNC.studio.local")) {
      assertThat(raw("GET /api/v1/endpoints", host, auth)).as(host).startsWith("HTTP/1.1 200");
    }
    for (String host : List.of("evil.example", "evil.example:" + port, "127.0.0.1.evil.example",
        "studio.local")) {
      String answer = raw("GET /api/v1/endpoints", host, auth);
      assertThat(answer).as(host).startsWith("HTTP/1.1 403").contains("\"error\":\"forbidden_host\"");
      assertThat(raw("GET /api/v1/health", host, "")).as(host).startsWith("HTTP/1.1 403");
    }
  }

  @Test
  void answersCarrySecurityHeadersAndNoCors() {
    for (Api.Res r : List.of(api.get("/api/v1/health"), api.get(TASKS), api.anonymous().get(TASKS),
        api.get("/api/v1/nope"), api.get(TASKS + "/nope"))) {
      assertThat(r.raw().headers().firstValue("X-Content-Type-Options")).as("%s", r).hasValue("nosniff");
      assertThat(r.raw().headers().firstValue("X-Frame-Options")).as("%s", r).hasValue("DENY");
      assertThat(r.raw().headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control"));
      assertThat(r.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
          c -> assertThat(c).startsWith("application/json"));
    }
    Api.Res missing = api.get("/api/v1/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.error()).isEqualTo("not_found");
  }

  @Test
  void badInputGetsItsStatusAndMessageAndChangesNothing() {
    // something in the store to compare against
    String kept = api.post(TASKS, Map.of("endpointId", "test-ftp", "shots", List.of("ep01/sq010/sh0010")))
        .json().path("id").asText();
    List<Task> before = f.store.tasks(TaskQuery.all());
    int itemsBefore = f.store.items(kept).size();

    Api.Res malformed = api.post(TASKS, "{\"endpointId\": \"test-ftp\", ");
    assertThat(malformed.status()).as("%s", malformed).isEqualTo(400);
    assertThat(malformed.error()).isEqualTo("malformed_json");
    assertThat(malformed.message()).startsWith("malformed JSON at line 1");

    Api.Res unknownField = api.post(TASKS, Map.of("endpointId", "test-ftp", "colour", "red"));
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.error()).isEqualTo("unknown_field");
    assertThat(unknownField.json().path("field").asText()).isEqualTo("colour");
    assertThat(unknownField.message()).contains("'colour'", "versionStrategy");

    Api.Res nested = api.post(TASKS, Map.of("endpointId", "test-ftp", "autoRetry", Map.of("times", 3)));
    assertThat(nested.status()).isEqualTo(400);
    assertThat(nested.json().path("field").asText()).isEqualTo("autoRetry.times");

    Api.Res strategy = api.post(TASKS, Map.of("endpointId", "test-ftp", "versionStrategy", "newest"));
    assertThat(strategy.status()).isEqualTo(400);
    assertThat(strategy.error()).isEqualTo("unknown_strategy");
    assertThat(strategy.json().path("field").asText()).isEqualTo("versionStrategy");
    assertThat(strategy.message()).contains("'newest'", "latest", "specific", "all", "custom");

    Api.Res conflict = api.post("/api/v1/shots/plan", Map.of("endpointId", "test-ftp", "conflictStrategy", "merge"));
    assertThat(conflict.status()).isEqualTo(400);
    assertThat(conflict.json().path("field").asText()).isEqualTo("conflictStrategy");
    assertThat(conflict.message()).contains("skip", "compare", "overwrite", "keep_both");

    Api.Res version = api.post(TASKS, Map.of("endpointId", "test-ftp", "specificVersion", "v1a"));
    assertThat(version.status()).isEqualTo(400);
    assertThat(version.json().path("field").asText()).isEqualTo("specificVersion");
    assertThat(version.message()).isEqualTo(
        "malformed version 'v1a': expected 'v' followed by 1 to 9 digits, like v001");
    Api.Res customVersion = api.post(TASKS, Map.of("endpointId", "test-ftp",
        "customVersions", Map.of("ep01/sq010/sh0010/anim", "latest")));
    assertThat(customVersion.status()).isEqualTo(400);
    assertThat(customVersion.json().path("field").asText()).isEqualTo("customVersions");

    Api.Res option = api.post(TASKS, Map.of("endpointId", "test-ftp", "options", Map.of("connections", 0)));
    assertThat(option.status()).isEqualTo(400);
    assertThat(option.json().path("field").asText()).isEqualTo("options");
    Api.Res unknownOption = api.post(TASKS, Map.of("endpointId", "test-ftp", "options", Map.of("speed", 3)));
    assertThat(unknownOption.status()).isEqualTo(400);
    assertThat(unknownOption.message()).contains("unknown option 'speed'");
    Api.Res root = api.post(TASKS, Map.of("endpointId", "test-ftp", "localRoot", "/etc"));
    assertThat(root.status()).as("the local root comes from the endpoint").isEqualTo(400);
    assertThat(root.json().path("field").asText()).isEqualTo("localRoot");
    Api.Res glob = api.post("/api/v1/shots/compare", Map.of("endpointId", "test-ftp", "shots", List.of("ep01/../x")));
    assertThat(glob.status()).isEqualTo(400);
    assertThat(glob.message()).startsWith("malformed shot glob 'ep01/../x'");
    Api.Res dept = api.post(TASKS, Map.of("endpointId", "test-ftp", "departments", List.of("fx")));
    assertThat(dept.status()).isEqualTo(400);
    assertThat(dept.message()).contains("unknown department 'fx'", "anim", "lighting");
    Api.Res type = api.post(TASKS, Map.of("endpointId", "test-ftp", "shots", "ep01/**"));
    assertThat(type.status()).isEqualTo(400);
    assertThat(type.json().path("field").asText()).isEqualTo("shots");
    Api.Res time = api.post(TASKS, Map.of("endpointId", "test-ftp", "notBefore", "tonight"));
    assertThat(time.status()).isEqualTo(400);
    assertThat(time.json().path("field").asText()).isEqualTo("notBefore");
    Api.Res noEndpoint = api.post(TASKS, Map.of("endpointId", "nope"));
    assertThat(noEndpoint.status()).isEqualTo(404);
    assertThat(noEndpoint.json().path("field").asText()).isEqualTo("endpointId");
    assertThat(api.post(TASKS, "[1, 2]").status()).isEqualTo(400);
    assertThat(api.post(TASKS, "").status()).isEqualTo(400);
    assertThat(api.get(TASKS + "?limit=lots").status()).isEqualTo(400);
    assertThat(api.get(TASKS + "?status=DONE").message()).contains("unknown task status 'DONE'");
    assertThat(api.get(TASKS + "?colour=red").error()).isEqualTo("unknown_field");
    assertThat(api.get(TASKS + "/" + kept + "/logs?level=loud").status()).isEqualTo(400);
    assertThat(api.get(TASKS + "/" + kept + "/logs?after=-1").status()).isEqualTo(400);
    assertThat(api.get("/api/v1/shots/history?shot=ep01").status()).isEqualTo(400);
    assertThat(api.post(TASKS + "/bulk", Map.of("action", "explode", "ids", List.of(kept))).status()).isEqualTo(400);

    String big = "{\"endpointId\": \"test-ftp\", \"name\": \"" + "x".repeat(2 << 20) + "\"}";
    Api.Res tooLarge = api.post(TASKS, big);
    assertThat(tooLarge.status()).as("%s", tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.error()).isEqualTo("payload_too_large");

    assertThat(f.store.tasks(TaskQuery.all())).isEqualTo(before);
    assertThat(f.store.items(kept)).hasSize(itemsBefore);
    for (String b : api.bodies) {
      assertThat(b).doesNotContain("\tat ", "Exception");
    }
  }

  @Test
  void anUnexpectedFailureIsA500WithAnIdAndNoStackTrace() {
    broken = true;
    Api.Res r = api.get(TASKS);
    broken = false;
    assertThat(r.status()).as("%s", r).isEqualTo(500);
    JsonNode json = r.json();
    assertThat(json.path("error").asText()).isEqualTo("internal_error");
    String id = json.path("id").asText();
    assertThat(id).hasSize(8);
    assertThat(json.path("message").asText()).contains(id).doesNotContain("boom", "IllegalState", "\tat ");
    assertThat(api.get(TASKS).status()).isEqualTo(200);
  }

  /** Sends one request over a plain socket, so the Host header can be anything; answers the whole response. */
  private String raw(String requestLine, String host, String header) throws IOException {
    try (Socket s = new Socket("127.0.0.1", f.server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      String req = requestLine + " HTTP/1.1\r\nHost: " + host + "\r\n" + (header.isEmpty() ? "" : header + "\r\n")
          + "Connection: close\r\n\r\n";
      out.write(req.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String answer = all.toString(StandardCharsets.UTF_8);
      api.bodies.add(answer);
      return answer;
    }
  }
}
