package io.shotsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotsync.api.Endpoint;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.ShotSync;
import io.shotsync.core.SyncJson;
import io.shotsync.server.internal.ApiJson;
import io.shotsync.server.internal.Route;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written OpenAPI document is held equal to the route table, and its examples are what the API reads and writes. */
class OpenApiTest {
  @TempDir
  Path local;

  ShotSync sync;
  ShotSyncServer server;
  Api api;
  JsonNode doc;

  @BeforeEach
  void start() throws Exception {
    // the endpoint is never contacted here
    sync = ShotSync.builder().endpoint(Endpoint.of("studio", "ftp.invalid")).localRoot(local).build();
    server = ShotSyncServer.builder(sync).port(0).token(ServerFixture.TOKEN).runQueued(false).start();
    api = new Api(server.url(), ServerFixture.TOKEN);
    Api.Res r = api.get("/api/v1/openapi.json");
    assertThat(r.status()).isEqualTo(200);
    doc = r.json();
    assertThat(doc).isEqualTo(Api.JSON.readTree(ShotSyncServer.openApi()));
  }

  @AfterEach
  void stop() {
    server.close();
    sync.close();
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
    assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
    Set<String> documented = new TreeSet<>();
    doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
        .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
    Set<String> registered = new TreeSet<>();
    for (Route r : server.routes()) {
      registered.add(r.method() + " " + r.path());
      JsonNode op = doc.path("paths").path(r.path()).path(r.method().toLowerCase());
      boolean open = op.has("security") && op.path("security").isEmpty();
      assertThat(open).as("%s %s documented without a token exactly when it needs none", r.method(), r.path())
          .isEqualTo(!r.authRequired());
    }
    assertThat(documented).isEqualTo(registered);

    for (String route : documented) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1).replace("{endpointId}", "nope").replace("{id}", "nope");
      if (path.equals("/api/v1/events")) {
        path += "?task=nope";   // an unknown task ends at once; the stream itself never does
      }
      Api.Res res = api.send(method, path, method.equals("POST") ? "{}" : null);
      assertThat(res.status()).as("%s %s: %s", method, path, res).isNotIn(405, 500);
      assertThat(res.message()).as("%s %s", method, path).doesNotStartWith("no route");
    }
    assertThat(api.get("/api/v1/nothing-here").message()).startsWith("no route");
  }

  @Test
  void examplesParseAndAreWhatTheApiReadsAndWrites() throws Exception {
    List<JsonNode> examples = new ArrayList<>();
    collect(doc, examples);
    assertThat(examples).hasSizeGreaterThan(20);
    for (JsonNode e : examples) {
      String text = Api.JSON.writeValueAsString(e);
      assertThat(Api.JSON.readTree(text)).isEqualTo(e);
      assertThat(text.toLowerCase()).doesNotContain("password", "secret");
    }
    JsonNode paths = doc.path("paths");
    // request bodies go through the server's own readers
    ObjectNode taskBody = (ObjectNode) requestExample(paths, "/api/v1/shots/tasks");
    ApiJson.TaskRequest req = ApiJson.taskRequest(taskBody, SyncOptions.defaults());
    assertThat(req.execute()).isTrue();
    assertThat(req.spec().options().connections()).isEqualTo(4);
    ApiJson.taskRequest((ObjectNode) requestExample(paths, "/api/v1/shots/plan"), SyncOptions.defaults());
    ApiJson.compareRequest((ObjectNode) requestExample(paths, "/api/v1/shots/compare"));
    // answers are core's one shape: they read back with SyncJson
    JsonNode task = responseExample(paths, "/api/v1/shots/tasks/{id}", "get", "200");
    assertThat(SyncJson.readTask(map(task)).spec().customVersions()).hasSize(1);
    SyncJson.readItem(map(task.path("items").get(0)));
    SyncJson.readTask(map(responseExample(paths, "/api/v1/shots/tasks", "post", "201")));
    SyncJson.readComparisonRow(map(responseExample(paths, "/api/v1/shots/compare", "post", "200").path("rows").get(0)));
    SyncJson.readStructure(map(responseExample(paths, "/api/v1/shots/structure/{endpointId}", "get", "200")));
    SyncJson.readLogRecord(map(responseExample(paths, "/api/v1/shots/tasks/{id}/logs", "get", "200")
        .path("records").get(0)));
    SyncJson.readFileRecord(map(responseExample(paths, "/api/v1/shots/history", "get", "200").path("files").get(0)));
  }

  private static JsonNode requestExample(JsonNode paths, String path) {
    return paths.path(path).path("post").path("requestBody").path("content").path("application/json").path("example");
  }

  private static JsonNode responseExample(JsonNode paths, String path, String method, String status) {
    JsonNode e = paths.path(path).path(method).path("responses").path(status).path("content").path("application/json")
        .path("example");
    assertThat(e.isMissingNode()).as("example of %s %s %s", method, path, status).isFalse();
    return e;
  }

  private static Map<String, Object> map(JsonNode n) {
    return Api.JSON.convertValue(n, new TypeReference<Map<String, Object>>() {});
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("example")) {
        out.add(e.getValue());
      } else {
        collect(e.getValue(), out);
      }
    }
    if (n.isArray()) {
      n.forEach(c -> collect(c, out));
    }
  }
}
