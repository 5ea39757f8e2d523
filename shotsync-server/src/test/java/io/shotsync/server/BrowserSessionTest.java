package io.shotsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.spi.TaskQuery;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.jdbc.JdbcTaskStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser's way in over real HTTP: the start-up URL trades the token for a session cookie and a CSRF cookie and
 * redirects to {@code /} without it; session requests that change something need the CSRF header; the bearer token
 * needs none; the page's files need no token; every answer carries the Content-Security-Policy.
 */
class BrowserSessionTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  static final String TASKS = "/api/v1/shots/tasks";
  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @TempDir
  Path local;

  ServerFixture f;

  @BeforeEach
  void start() {
    new ShotTreeGenerator(FTP.root()).defaultTree();
    f = new ServerFixture(JdbcTaskStore.open("jdbc:h2:mem:web-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
        FTP.endpoint(), local, b -> {}, b -> b.runQueued(false));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  record Cookies(String session, String csrf) {
    String header() {
      return "shotsync_session=" + session + "; shotsync_csrf=" + csrf;
    }
  }

  @Test
  void theTokenUrlSetsBothCookiesAndRedirectsWithoutTheToken() throws Exception {
    HttpResponse<String> r = send("GET", "/?token=" + ServerFixture.TOKEN, Map.of(), null);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/");
    List<String> cookies = r.headers().allValues("Set-Cookie");
    assertThat(cookies).hasSize(2);
    String session = cookies.stream().filter(c -> c.startsWith("shotsync_session=")).findFirst().orElseThrow();
    String csrf = cookies.stream().filter(c -> c.startsWith("shotsync_csrf=")).findFirst().orElseThrow();
    assertThat(session).contains("; HttpOnly", "; SameSite=Strict", "; Path=/").doesNotContain(ServerFixture.TOKEN);
    assertThat(csrf).contains("; SameSite=Strict", "; Path=/").doesNotContain("HttpOnly", ServerFixture.TOKEN);
    assertThat(value(session)).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(value(csrf));
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'");

    // a second sign-in is another session
    Cookies one = signIn();
    Cookies two = signIn();
    assertThat(one.session()).isNotEqualTo(two.session());

    // the session reads the API, and says it is signed in
    HttpResponse<String> who = send("GET", "/api/v1/session", Map.of("Cookie", one.header()), null);
    assertThat(who.statusCode()).isEqualTo(200);
    assertThat(Api.JSON.readTree(who.body()).path("authenticated").asBoolean()).isTrue();
    assertThat(send("GET", TASKS, Map.of("Cookie", one.header()), null).statusCode()).isEqualTo(200);
  }

  @Test
  void aWrongTokenGetsThePageWithoutCookies() throws Exception {
    HttpResponse<String> r = send("GET", "/?token=not-the-token", Map.of(), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("text/html"));
    assertThat(r.body()).containsIgnoringCase("<html");
    HttpResponse<String> who = send("GET", "/api/v1/session", Map.of(), null);
    assertThat(who.statusCode()).isEqualTo(401);
    HttpResponse<String> stale = send("GET", "/api/v1/session", Map.of("Cookie", "shotsync_session=made-up"), null);
    assertThat(stale.statusCode()).isEqualTo(401);
    assertThat(stale.body()).contains("session");
  }

  @Test
  void aSessionNeedsTheCsrfHeaderToChangeAnything() throws Exception {
    Cookies c = signIn();
    String body = "{\"endpointId\": \"test-ftp\", \"shots\": [\"ep01/sq010/sh0010\"]}";
    String id = created(send("POST", TASKS, Map.of("Authorization", "Bearer " + ServerFixture.TOKEN), body));

    for (Map<String, String> headers : List.of(Map.of("Cookie", c.header()),
        Map.of("Cookie", c.header(), "X-CSRF-Token", "wrong"),
        Map.of("Cookie", c.header(), "X-CSRF-Token", signIn().csrf()))) {
      HttpResponse<String> post = send("POST", TASKS, headers, body);
      assertThat(post.statusCode()).as("%s", headers).isEqualTo(403);
      assertThat(Api.JSON.readTree(post.body()).path("error").asText()).isEqualTo("csrf");
      assertThat(Api.JSON.readTree(post.body()).path("message").asText()).contains("X-CSRF-Token");
      HttpResponse<String> delete = send("DELETE", TASKS + "/" + id, headers, null);
      assertThat(delete.statusCode()).as("%s", headers).isEqualTo(403);
      assertThat(Api.JSON.readTree(delete.body()).path("error").asText()).isEqualTo("csrf");
    }
    assertThat(f.store.tasks(TaskQuery.all())).hasSize(1);

    Map<String, String> good = Map.of("Cookie", c.header(), "X-CSRF-Token", c.csrf());
    String second = created(send("POST", TASKS, good, body));
    assertThat(f.store.tasks(TaskQuery.all())).hasSize(2);
    assertThat(send("DELETE", TASKS + "/" + second, good, null).statusCode()).isEqualTo(200);
    // the bearer token needs no CSRF header, whatever cookies come along
    assertThat(send("DELETE", TASKS + "/" + id, Map.of("Authorization", "Bearer " + ServerFixture.TOKEN,
        "Cookie", c.header()), null).statusCode()).isEqualTo(200);
    assertThat(f.store.tasks(TaskQuery.all())).isEmpty();
  }

  @Test
  void pageFilesNeedNoTokenAndCarryTheContentSecurityPolicy() throws Exception {
    HttpResponse<String> index = send("GET", "/", Map.of(), null);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("text/html"));
    assertThat(index.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'");
    assertThat(send("GET", "/static/index.html", Map.of(), null).statusCode()).isEqualTo(200);
    for (String bad : List.of("/static/nope.js", "/static/../openapi.json", "/static/%2e%2e/openapi.json",
        "/static/..%2fopenapi.json", "/static/")) {
      HttpResponse<String> r = send("GET", bad, Map.of(), null);
      assertThat(r.statusCode()).as(bad).isIn(400, 404);
      assertThat(r.body()).as(bad).doesNotContain("\"openapi\"");
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(bad).hasValue("default-src 'self'");
    }
    for (String path : List.of("/api/v1/health", TASKS, "/api/v1/nope")) {
      assertThat(send("GET", path, Map.of(), null).headers().firstValue("Content-Security-Policy")).as(path)
          .hasValue("default-src 'self'");
    }
  }

  private Cookies signIn() throws Exception {
    HttpResponse<String> r = send("GET", "/?token=" + ServerFixture.TOKEN, Map.of(), null);
    assertThat(r.statusCode()).isEqualTo(303);
    String session = null;
    String csrf = null;
    for (String c : r.headers().allValues("Set-Cookie")) {
      if (c.startsWith("shotsync_session=")) {
        session = value(c);
      } else if (c.startsWith("shotsync_csrf=")) {
        csrf = value(c);
      }
    }
    assertThat(session).isNotNull();
    assertThat(csrf).isNotNull();
    return new Cookies(session, csrf);
  }

  private static String value(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  private static String created(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Api.JSON.readTree(r.body()).path("id").asText();
  }

  private HttpResponse<String> send(String method, String path, Map<String, String> headers, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.server.url() + path)).timeout(Duration.ofSeconds(30));
    headers.forEach(b::header);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
