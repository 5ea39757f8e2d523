package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} from the shaded jar: the demo endpoint over real HTTP with the generated token file, and no class of
 * Javalin or Jetty loaded by the other commands.
 */
class ServeIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void otherCommandsNeverLoadTheWebServer() throws Exception {
    // the four commands run side by side: each is a JVM start-up, and they share nothing
    List<List<String>> commands = List.of(List.of("scan", "--help"), List.of("demo", "--help"), List.of("--help"),
        List.of("serve", "--help"));
    List<Process> processes = new ArrayList<>();
    List<CompletableFuture<String>> outputs = new ArrayList<>();
    for (List<String> args : commands) {
      List<String> cmd = new ArrayList<>(List.of(Cli.javaBin(), "-Xshare:off", "-verbose:class", "-jar",
          Cli.jar().toString()));
      cmd.addAll(args);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      processes.add(p);
      outputs.add(Cli.read(p.getInputStream()));
    }
    for (int i = 0; i < commands.size(); i++) {
      List<String> args = commands.get(i);
      Process p = processes.get(i);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = outputs.get(i).get(60, TimeUnit.SECONDS);
      assertThat(p.exitValue()).as("%s\n%s", args, out).isZero();
      assertThat(out).as("%s loads the command classes (the check sees loading)", args)
          .contains("io.shotsync.cli.Main");
      assertThat(out).as("%s", args).doesNotContain("io.javalin.", "org.eclipse.jetty.");
    }
  }

  @Test
  void serveDemoAnswersWithTheGeneratedTokenAndDownloads() throws Exception {
    Path home = dir.resolve("home");
    Path local = dir.resolve("local");
    java.util.concurrent.BlockingQueue<String> hooks = new java.util.concurrent.LinkedBlockingQueue<>();
    com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext("/hook", exchange -> {
      hooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    hook.start();
    ProcessBuilder pb = new ProcessBuilder(Cli.jarCommand("serve", "--demo",
        "--port", "0", "--db", "memory:", "--local", local.toString(), "--notify",
        "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"))
        .redirectErrorStream(true);
    pb.environment().remove("SHOTSYNC_SERVER_TOKEN");
    pb.environment().put("SHOTSYNC_HOME", home.toString());
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      Matcher m = null;
      List<String> seen = new ArrayList<>();
      for (String line = lines.readLine(); line != null && m == null; line = lines.readLine()) {
        seen.add(line);
        Matcher candidate = Pattern.compile("shotsync serve: (http://127\\.0\\.0\\.1:\\d+)/\\?token=(\\S+)").matcher(line);
        if (candidate.matches()) {
          m = candidate;
        }
      }
      assertThat(m).as("start-up URL in %s", seen).isNotNull();
      String base = m.group(1);
      String token = m.group(2);
      Path tokenFile = home.resolve("server.token");
      assertThat(Files.readString(tokenFile).trim()).isEqualTo(token);
      assertThat(Files.getPosixFilePermissions(tokenFile))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

      HttpClient http = HttpClient.newHttpClient();
      assertThat(send(http, base + "/api/v1/health", null, null).statusCode()).isEqualTo(200);
      assertThat(send(http, base + "/api/v1/endpoints", null, null).statusCode()).isEqualTo(401);
      JsonNode endpoints = JSON.readTree(send(http, base + "/api/v1/endpoints", token, null).body());
      assertThat(endpoints.path("endpoints").findValuesAsText("id")).contains("demo");
      HttpResponse<String> created = send(http, base + "/api/v1/shots/tasks", token,
          "{\"endpointId\": \"demo\", \"name\": \"from the API\", \"departments\": [\"anim\"], \"execute\": true}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = JSON.readTree(created.body()).path("id").asText();
      String status = "";
      for (int i = 0; i < 600 && !List.of("COMPLETED", "PARTIAL", "FAILED", "CANCELLED").contains(status); i++) {
        Thread.sleep(100);
        status = JSON.readTree(send(http, base + "/api/v1/shots/tasks/" + id, token, null).body()).path("status")
            .asText();
      }
      assertThat(status).isEqualTo("COMPLETED");
      try (Stream<Path> files = Files.walk(local)) {
        assertThat(files.filter(Files::isRegularFile).map(Path::toString)).isNotEmpty()
            .allMatch(f -> f.contains("/anim/"));
      }
      // --notify: the server notifies the tasks that end in it
      String body = hooks.poll(30, TimeUnit.SECONDS);
      assertThat(body).as("a webhook request").isNotNull();
      assertThat(JSON.readTree(body).path("id").asText()).isEqualTo(id);
    } finally {
      hook.stop(0);
      p.destroy();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
    }
  }

  @Test
  void sigtermMidDownloadRequeuesTheTaskAndTheNextServerResumesIt() throws Exception {
    Path local = dir.resolve("local");
    String db = "jdbc:h2:file:" + dir.resolve("db").resolve("shotsync").toAbsolutePath();
    Process first = serve(db, local);
    String id;
    try {
      Server s = started(first);
      HttpResponse<String> created = send(s.http(), s.base() + "/api/v1/shots/tasks", s.token(),
          "{\"endpointId\": \"demo\", \"departments\": [\"anim\"], \"execute\": true,"
          // three shots' anim rather than all eight (about 370 KB, several seconds at this rate): the second server
          // fetches what is left at the task's own rate
          + " \"shots\": [\"ep101/sq010/sq010_sh0010\", \"ep101/sq010/sq010_sh0020\", \"ep101/sq020/sq020_sh0010\"],"
          + " \"options\": {\"bandwidth\": \"64K\", \"connections\": 1}}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      id = JSON.readTree(created.body()).path("id").asText();
      // wait (bounded) until a file is half there
      for (int i = 0; i < 1500 && partFiles(local).isEmpty(); i++) {
        Thread.sleep(20);
      }
      assertThat(partFiles(local)).as("a .part file while downloading").isNotEmpty();
    } finally {
      first.destroy();   // SIGTERM
    }
    assertThat(first.waitFor(20, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
    assertThat(partFiles(local)).as("partial files kept for resume").isNotEmpty();
    try (io.shotsync.jdbc.JdbcTaskStore store = io.shotsync.jdbc.JdbcTaskStore.open(db)) {
      io.shotsync.api.Task t = store.task(id).orElseThrow();
      assertThat(t.status()).as("%s", t).isEqualTo(io.shotsync.api.TaskStatus.QUEUED);
      assertThat(t.message()).contains("shutdown");
      assertThat(store.items(id)).allMatch(i -> i.status() == io.shotsync.api.ItemStatus.COMPLETED
          || i.status() == io.shotsync.api.ItemStatus.PENDING).anyMatch(i -> i.status()
          == io.shotsync.api.ItemStatus.PENDING);
    }

    Process second = serve(db, local);
    try {
      Server s = started(second);
      String status = "";
      JsonNode task = null;
      for (int i = 0; i < 1200 && !List.of("COMPLETED", "PARTIAL", "FAILED", "CANCELLED").contains(status); i++) {
        Thread.sleep(100);
        task = JSON.readTree(send(s.http(), s.base() + "/api/v1/shots/tasks/" + id, s.token(), null).body());
        status = task.path("status").asText();
      }
      assertThat(status).as("%s", task).isEqualTo("COMPLETED");
      assertThat(task.path("itemCounts").path("completed").asInt()).isEqualTo(task.path("itemCounts").path("total")
          .asInt());
      assertThat(partFiles(local)).isEmpty();
    } finally {
      second.destroy();
      assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  record Server(String base, String token, HttpClient http) {}

  private Process serve(String db, Path local) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Cli.jarCommand("serve", "--demo",
        "--port", "0", "--db", db, "--local", local.toString()))
        .redirectErrorStream(true);
    pb.environment().put("SHOTSYNC_SERVER_TOKEN", "serve-it-token");
    pb.environment().put("SHOTSYNC_HOME", dir.resolve("home").toString());
    pb.environment().put("HOME", dir.toString());
    return pb.start();
  }

  private static Server started(Process p) throws Exception {
    BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      seen.add(line);
      Matcher m = Pattern.compile("shotsync serve: (http://127\\.0\\.0\\.1:\\d+)/\\?token=(\\S+)").matcher(line);
      if (m.matches()) {
        return new Server(m.group(1), m.group(2), HttpClient.newHttpClient());
      }
    }
    throw new AssertionError("no start-up URL in " + seen);
  }

  private static List<Path> partFiles(Path local) throws java.io.IOException {
    if (!Files.isDirectory(local)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(local)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
    }
  }

  private static HttpResponse<String> send(HttpClient http, String url, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(body == null ? "GET" : "POST", body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
