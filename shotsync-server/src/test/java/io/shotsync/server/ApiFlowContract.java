package io.shotsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotsync.api.Task;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's main flow over real HTTP, against Apache FtpServer, on the store a subclass gives: scan, compare, plan,
 * tasks with each version strategy downloaded byte for byte, the task list, logs both ways, history, cancel, retry,
 * execute while running elsewhere, bulk operations, delete and scheduled tasks run by the server's worker.
 */
abstract class ApiFlowContract {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  static final String EP = "test-ftp";
  static final String TASKS = "/api/v1/shots/tasks";

  @TempDir
  Path local;

  ServerFixture f;
  Api api;
  Map<String, Integer> remote;

  /** A new, empty store for one test. */
  protected abstract TaskStore newStore();

  @BeforeEach
  void start() {
    remote = new ShotTreeGenerator(FTP.root()).defaultTree().files();
    f = new ServerFixture(newStore(), FTP.endpoint(), local, b -> {}, b -> {});
    api = f.api;
  }

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
      // no answer of the whole test carried the FTP password
      assertThat(api.bodies).isNotEmpty().noneMatch(b -> b.contains(FtpServerExtension.PASSWORD));
    }
  }

  @Test
  void scanStructureCompareAndPlan() {
    assertThat(api.get("/api/v1/health").json().path("status").asText()).isEqualTo("ok");
    JsonNode endpoints = api.get("/api/v1/endpoints").json().path("endpoints");
    JsonNode ep = find(endpoints, "id", EP);
    assertThat(ep.path("url").asText()).isEqualTo("ftp://" + FtpServerExtension.USER + "@127.0.0.1:" + FTP.port() + "/");
    assertThat(ep.path("localRoot").asText()).isEqualTo(local.toAbsolutePath().normalize().toString());
    assertThat(ep.path("layout").path("departments").findValuesAsText("name")).contains("anim", "lighting");

    JsonNode strategies = api.get("/api/v1/strategies").json();
    assertThat(strategies.path("version").findValuesAsText("id")).contains("latest", "specific", "all", "custom");
    assertThat(strategies.path("conflict").findValuesAsText("id")).contains("skip", "compare", "overwrite", "keep_both");

    Api.Res never = api.get("/api/v1/shots/structure/" + EP);
    assertThat(never.status()).as("%s", never).isEqualTo(404);
    assertThat(never.error()).isEqualTo("not_scanned");
    assertThat(api.get("/api/v1/shots/structure/nope").status()).isEqualTo(404);
    assertThat(api.post("/api/v1/shots/structure/nope/scan", null).status()).isEqualTo(404);

    Api.Res scan = api.post("/api/v1/shots/structure/" + EP + "/scan", null);
    assertThat(scan.status()).as("%s", scan).isEqualTo(200);
    assertThat(scan.json().path("shots")).hasSize(8);
    Api.Res cached = api.get("/api/v1/shots/structure/" + EP);
    assertThat(cached.status()).isEqualTo(200);
    assertThat(cached.json().path("scannedAt")).isEqualTo(scan.json().path("scannedAt"));
    assertThat(cached.json().path("shots")).isEqualTo(scan.json().path("shots"));

    Api.Res compare = api.post("/api/v1/shots/compare", Map.of("endpointId", EP, "shots", List.of("ep01/sq010/*"),
        "departments", List.of("anim")));
    assertThat(compare.status()).as("%s", compare).isEqualTo(200);
    JsonNode rows = compare.json().path("rows");
    assertThat(rows).hasSize(2);
    JsonNode sh0010 = find(rows, "shot", "ep01/sq010/sh0010");
    assertThat(sh0010.path("department").asText()).isEqualTo("anim");
    assertThat(sh0010.path("availableVersions").toString()).isEqualTo("[\"v001\",\"v002\",\"v009\",\"v010\"]");
    assertThat(sh0010.path("latestVersion").asText()).isEqualTo("v010");
    assertThat(sh0010.path("localVersion").isNull()).isTrue();
    assertThat(sh0010.path("status").asText()).isEqualTo("NEW");

    Api.Res plan = api.post("/api/v1/shots/plan", Map.of("endpointId", EP, "shots", List.of("ep01/sq010/sh0010")));
    assertThat(plan.status()).as("%s", plan).isEqualTo(200);
    JsonNode anim = find(plan.json().path("items"), "department", "anim");
    assertThat(anim.path("versions").toString()).isEqualTo("[\"v010\"]");
    assertThat(anim.path("files").findValues("size").stream().mapToLong(JsonNode::asLong).sum())
        .isEqualTo(10_000 + 2048);
    assertThat(anim.path("files").findValuesAsText("action")).containsOnly("DOWNLOAD");
    assertThat(anim.path("files").findValuesAsText("path")).containsExactlyInAnyOrder(
        "ep01/sq010/sh0010/anim/publish/v010/scene.ma", "ep01/sq010/sh0010/anim/publish/v010/cache/geo.abc");
    assertThat(plan.json().path("filesToFetch").asInt()).isEqualTo(3);
    assertThat(f.store.tasks(TaskQuery.all())).as("a plan stores no task").isEmpty();
    assertThat(local).isEmptyDirectory();
  }

  @Test
  void tasksWithEachVersionStrategyDownloadEveryByteAndListLogAndHistoryThem() {
    // latest, run at once
    Api.Res created = api.post(TASKS, Map.of("endpointId", EP, "name", "latest ep01", "shots", List.of("ep01/**"),
        "execute", true));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String latest = created.json().path("id").asText();
    assertThat(created.json().path("endpointId").asText()).isEqualTo(EP);
    JsonNode done = f.awaitFinal(latest);
    assertThat(done.path("status").asText()).as("%s", done).isEqualTo("COMPLETED");
    assertThat(done.path("items")).hasSize(8);
    Map<String, Integer> ep01Latest = files((p, s) -> p.startsWith("ep01/") && (p.startsWith("ep01/sq010/sh0010/")
        ? p.contains("v010") : p.contains("v002")));
    f.assertOnDisk(ep01Latest);
    assertThat(sum(done.path("items"), "downloaded")).isEqualTo(ep01Latest.size());
    assertThat(done.path("transferredBytes").asLong()).isEqualTo(done.path("totalBytes").asLong())
        .isEqualTo(ep01Latest.values().stream().mapToLong(Integer::longValue).sum());
    JsonNode item = find(done.path("items"), "shot", "ep01/sq010/sh0010");
    assertThat(item.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.path("itemCounts").path("completed").asInt()).isEqualTo(8);

    // specific
    String specific = created(Map.of("endpointId", EP, "shots", List.of("ep02/sq010/*"), "departments", List.of("anim"),
        "specificVersion", "v001", "execute", true));
    assertThat(f.awaitFinal(specific).path("status").asText()).isEqualTo("COMPLETED");
    f.assertOnDisk(files((p, s) -> p.startsWith("ep02/sq010/") && p.contains("/anim/publish/v001/")));
    assertThat(local.resolve("ep02/sq010/sh0010/anim/publish/v002")).doesNotExist();

    // all versions, with the task's own transfer options
    String all = created(Map.of("endpointId", EP, "shots", List.of("ep02/sq020/sh0010"), "departments",
        List.of("lighting"), "versionStrategy", "all", "options", Map.of("connections", 1, "retries", 2),
        "execute", true));
    JsonNode allDone = f.awaitFinal(all);
    assertThat(allDone.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(allDone.path("items").get(0).path("fetchedVersions").toString()).isEqualTo("[\"v001\",\"v002\"]");
    assertThat(allDone.path("spec").path("options").path("connections").asInt()).isEqualTo(1);
    assertThat(allDone.path("spec").path("options").path("retries").asInt()).isEqualTo(2);
    assertThat(allDone.path("spec").path("localRoot").asText()).isEqualTo(local.toAbsolutePath().normalize().toString());
    f.assertOnDisk(files((p, s) -> p.startsWith("ep02/sq020/sh0010/lighting/")));

    // custom: a version per item
    String custom = created(Map.of("endpointId", EP, "shots", List.of("ep02/sq020/sh0020"), "departments",
        List.of("anim"), "customVersions", Map.of("ep02/sq020/sh0020/anim", "v001"), "execute", true));
    JsonNode customDone = f.awaitFinal(custom);
    assertThat(customDone.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(customDone.path("spec").path("versionStrategy").asText()).isEqualTo("custom");
    assertThat(customDone.path("spec").path("customVersions").path("ep02/sq020/sh0020/anim").asText()).isEqualTo("v001");
    JsonNode customItem = customDone.path("items").get(0);
    assertThat(customItem.path("selectedVersion").asText()).isEqualTo("v001");
    assertThat(customItem.path("fetchedVersions").toString()).isEqualTo("[\"v001\"]");
    f.assertOnDisk(files((p, s) -> p.startsWith("ep02/sq020/sh0020/anim/publish/v001/")));
    assertThat(local.resolve("ep02/sq020/sh0020/anim/publish/v002")).doesNotExist();

    // again with skip: nothing fetched
    String again = created(Map.of("endpointId", EP, "shots", List.of("ep01/**"), "conflictStrategy", "skip",
        "execute", true));
    JsonNode againDone = f.awaitFinal(again);
    assertThat(againDone.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(sum(againDone.path("items"), "downloaded")).isZero();
    assertThat(sum(againDone.path("items"), "skipped")).isEqualTo(ep01Latest.size());

    // the list: newest first, item counts by status, statistics, and a cursor
    Api.Res list = api.get(TASKS);
    assertThat(list.status()).isEqualTo(200);
    List<String> ids = list.json().path("tasks").findValuesAsText("id");
    assertThat(ids).containsExactly(again, custom, all, specific, latest);
    JsonNode first = list.json().path("tasks").get(4);
    assertThat(first.path("itemCounts").path("total").asInt()).isEqualTo(8);
    assertThat(first.path("itemCounts").path("completed").asInt()).isEqualTo(8);
    assertThat(first.path("files").path("downloaded").asInt()).isEqualTo(ep01Latest.size());
    assertThat(first.path("progress").asDouble()).isEqualTo(1.0);
    // the list reads the store's summaries (items counted, not read): each entry is the task as GET .../{id} answers
    // it from the items, without them, field for field in the same order
    for (JsonNode entry : list.json().path("tasks")) {
      ObjectNode one = (ObjectNode) api.get(TASKS + "/" + entry.path("id").asText()).json();
      one.remove("items");
      assertThat(entry.toString()).as("fields and their order").isEqualTo(one.toString());
    }
    JsonNode page1 = api.get(TASKS + "?status=COMPLETED&limit=2").json();
    assertThat(page1.path("tasks").findValuesAsText("id")).containsExactly(again, custom);
    JsonNode page2 = api.get(TASKS + "?status=completed&limit=10&before=" + page1.path("before").asText()).json();
    assertThat(page2.path("tasks").findValuesAsText("id")).isNotEmpty().doesNotContain(again, custom)
        .isSubsetOf(all, specific, latest);
    assertThat(api.get(TASKS + "?status=FAILED").json().path("tasks")).isEmpty();

    // logs by level, with cursors both ways
    String logs = TASKS + "/" + latest + "/logs";
    List<JsonNode> everything = records(api.get(logs + "?level=debug&limit=10000").json());
    assertThat(everything.size()).isGreaterThan(10);
    JsonNode p1 = api.get(logs + "?level=debug&limit=5").json();
    assertThat(records(p1)).containsExactlyElementsOf(everything.subList(0, 5));
    JsonNode p2 = api.get(logs + "?level=debug&limit=5&after=" + p1.path("after").asLong()).json();
    assertThat(records(p2)).containsExactlyElementsOf(everything.subList(5, 10));
    JsonNode back = api.get(logs + "?level=debug&limit=5&before=" + p2.path("before").asLong()).json();
    assertThat(records(back)).containsExactlyElementsOf(records(p1));
    JsonNode info = api.get(logs + "?level=info&limit=10000").json();
    assertThat(records(info)).isNotEmpty().hasSizeLessThan(everything.size())
        .allMatch(r -> !r.path("level").asText().equals("DEBUG"));
    assertThat(api.get(TASKS + "/nope/logs").status()).isEqualTo(404);

    // history of one shot and department
    JsonNode history = api.get("/api/v1/shots/history?shot=ep01/sq010/sh0010&department=anim").json();
    List<JsonNode> downloaded = StreamSupport.stream(history.path("files").spliterator(), false)
        .filter(h -> h.path("action").asText().equals("DOWNLOADED")).toList();
    assertThat(downloaded).extracting(h -> h.path("path").asText()).containsExactlyInAnyOrder(
        "ep01/sq010/sh0010/anim/publish/v010/scene.ma", "ep01/sq010/sh0010/anim/publish/v010/cache/geo.abc");
    assertThat(downloaded).allMatch(h -> h.path("taskId").asText().equals(latest)
        && h.path("version").asText().equals("v010") && h.path("taskName").asText().equals("latest ep01"));
    assertThat(find(history.path("files"), "path", "ep01/sq010/sh0010/anim/publish/v010/scene.ma")
        .path("size").asLong()).isEqualTo(10_000);
    assertThat(history.path("files").findValuesAsText("department")).containsOnly("anim");
    assertThat(api.get("/api/v1/shots/history?shot=ep01/sq010/sh0010&department=lighting").json().path("files")
        .findValuesAsText("department")).isNotEmpty().containsOnly("lighting");
  }

  @Test
  void cancelRetryExecuteWhileRunningElsewhereBulkDeleteAndSchedule() {
    // cancel a pending task through the store, then retry it
    String t = created(Map.of("endpointId", EP, "shots", List.of("ep01/sq010/sh0010")));
    assertThat(api.get(TASKS + "/" + t).json().path("status").asText()).isEqualTo("PENDING");
    Api.Res cancel = api.post(TASKS + "/" + t + "/cancel", null);
    assertThat(cancel.status()).as("%s", cancel).isEqualTo(202);
    JsonNode cancelled = api.get(TASKS + "/" + t).json();
    assertThat(cancelled.path("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.path("items").findValuesAsText("status")).containsOnly("CANCELLED");
    assertThat(api.post(TASKS + "/" + t + "/cancel", null).status()).isEqualTo(409);
    assertThat(api.post(TASKS + "/" + t + "/retry", null).status()).isEqualTo(202);
    assertThat(f.awaitFinal(t).path("status").asText()).isEqualTo("COMPLETED");
    f.assertOnDisk(files((p, s) -> p.startsWith("ep01/sq010/sh0010/") && p.contains("v010")));

    // running in another process: RUNNING with items claimed under a live lease
    String busy = created(Map.of("endpointId", EP, "shots", List.of("ep01/sq020/sh0010"), "departments",
        List.of("anim")));
    Task stored = f.store.task(busy).orElseThrow();
    f.store.updateTask(stored.started(Instant.now()));
    assertThat(f.store.claimItems(busy, "worker-elsewhere", Duration.ofMinutes(5), 10)).hasSize(1);
    Api.Res conflict = api.post(TASKS + "/" + busy + "/execute", null);
    assertThat(conflict.status()).as("%s", conflict).isEqualTo(409);
    assertThat(conflict.error()).isEqualTo("conflict");
    assertThat(api.post(TASKS + "/" + busy + "/retry", null).status()).isEqualTo(409);
    assertThat(local.resolve("ep01/sq020/sh0010/anim")).doesNotExist();
    // the other process is gone: its claims released, the task runs here
    f.store.releaseItems("worker-elsewhere", f.store.items(busy).stream().map(i -> i.id()).toList());
    Api.Res exec = api.post(TASKS + "/" + busy + "/execute", null);
    assertThat(exec.status()).as("%s", exec).isEqualTo(202);
    assertThat(exec.json().path("id").asText()).isEqualTo(busy);
    assertThat(f.awaitFinal(busy).path("status").asText()).isEqualTo("COMPLETED");
    f.assertOnDisk(files((p, s) -> p.startsWith("ep01/sq020/sh0010/anim/publish/v002/")));

    // bulk: cancel, retry, delete by id, delete by status
    String c1 = created(Map.of("endpointId", EP, "shots", List.of("ep02/sq010/sh0010"), "departments",
        List.of("anim")));
    String c2 = created(Map.of("endpointId", EP, "shots", List.of("ep02/sq010/sh0020")));
    String c3 = created(Map.of("endpointId", EP, "shots", List.of("ep02/sq020/sh0010")));
    Api.Res unknown = api.post(TASKS + "/bulk", Map.of("action", "delete", "ids", List.of(c2, "nope")));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(f.store.task(c2)).as("nothing deleted when one id is unknown").isPresent();
    JsonNode bc = api.post(TASKS + "/bulk", Map.of("action", "cancel", "ids", List.of(c1))).json();
    assertThat(bc.path("cancelled").toString()).isEqualTo("[\"" + c1 + "\"]");
    assertThat(f.store.task(c1).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
    JsonNode br = api.post(TASKS + "/bulk", Map.of("action", "retry", "ids", List.of(c1))).json();
    assertThat(br.path("retried").toString()).isEqualTo("[\"" + c1 + "\"]");
    assertThat(f.awaitFinal(c1).path("status").asText()).isEqualTo("COMPLETED");
    JsonNode bd = api.post(TASKS + "/bulk", Map.of("action", "delete", "ids", List.of(c2))).json();
    assertThat(bd.path("deleted").asInt()).isEqualTo(1);
    assertThat(api.get(TASKS + "/" + c2).status()).isEqualTo(404);
    JsonNode bs = api.post(TASKS + "/bulk", Map.of("action", "delete", "status", List.of("PENDING"))).json();
    assertThat(bs.path("deleted").asInt()).isEqualTo(1);
    assertThat(f.store.task(c3)).isEmpty();
    assertThat(api.post(TASKS + "/bulk", Map.of("action", "delete")).status()).isEqualTo(400);
    assertThat(f.store.tasks(TaskQuery.all())).extracting(Task::id).containsExactlyInAnyOrder(t, busy, c1);

    // delete one: the task goes, its files stay
    Api.Res del = api.delete(TASKS + "/" + t);
    assertThat(del.status()).as("%s", del).isEqualTo(200);
    assertThat(api.get(TASKS + "/" + t).status()).isEqualTo(404);
    assertThat(api.delete(TASKS + "/" + t).status()).isEqualTo(404);
    assertThat(local.resolve("ep01/sq010/sh0010/anim/publish/v010/scene.ma")).isRegularFile();

    // scheduled: one due now is run by the server's worker, one for tomorrow stays queued
    String later = created(Map.of("endpointId", EP, "shots", List.of("ep02/sq020/sh0020"), "departments",
        List.of("lighting"), "notBefore", Instant.now().plus(Duration.ofDays(1)).toString()));
    String due = created(Map.of("endpointId", EP, "shots", List.of("ep02/sq020/sh0020"), "departments",
        List.of("anim"), "notBefore", Instant.now().minusSeconds(1).toString(),
        "autoRetry", Map.of("count", 2, "delay", "30s")));
    JsonNode dueDone = f.awaitFinal(due);
    assertThat(dueDone.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(dueDone.path("spec").path("autoRetry").path("count").asInt()).isEqualTo(2);
    assertThat(dueDone.path("spec").path("autoRetry").path("delay").asText()).isEqualTo("PT30S");
    f.assertOnDisk(files((p, s) -> p.startsWith("ep02/sq020/sh0020/anim/publish/v002/")));
    assertThat(api.get(TASKS + "/" + later).json().path("status").asText()).isEqualTo("QUEUED");
    assertThat(Files.exists(local.resolve("ep02/sq020/sh0020/lighting"))).isFalse();
  }

  // ---------------------------------------------------------------------------------------------------- helpers

  String created(Map<String, Object> body) {
    Api.Res r = api.post(TASKS, body);
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.json().path("id").asText();
  }

  Map<String, Integer> files(BiPredicate<String, Integer> which) {
    Map<String, Integer> out = new LinkedHashMap<>();
    remote.forEach((p, s) -> {
      if (which.test(p, s)) {
        out.put(p, s);
      }
    });
    return out;
  }

  static int sum(JsonNode items, String stat) {
    int n = 0;
    for (JsonNode i : items) {
      n += i.path("files").path(stat).asInt();
    }
    return n;
  }

  static List<JsonNode> records(JsonNode logs) {
    List<JsonNode> out = new ArrayList<>();
    logs.path("records").forEach(out::add);
    return out;
  }

  static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (n.path(field).asText().equals(value)) {
        return n;
      }
    }
    throw new AssertionError("no element with " + field + "=" + value + " in " + array);
  }
}
