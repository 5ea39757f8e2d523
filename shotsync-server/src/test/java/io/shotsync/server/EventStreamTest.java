package io.shotsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotsync.api.Selection;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.jdbc.JdbcTaskStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event stream over real HTTP: a running task's events in order, a reconnect with Last-Event-ID that misses
 * nothing (from the buffer, and beyond it from the store), and a task another ShotSync runs on the same H2 file store.
 * Tasks are slowed by a bandwidth limit so they are still running while the test looks; every wait is bounded.
 */
class EventStreamTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  static final String TASKS = "/api/v1/shots/tasks";
  static final String SHOT = "ep01/sq010/sh0010";

  @TempDir
  Path dir;

  ServerFixture f;
  final List<AutoCloseable> closeLast = new ArrayList<>();

  @BeforeEach
  void tree() {
    new ShotTreeGenerator(FTP.root()).defaultTree()
        .file(SHOT + "/anim/publish/v010/cache/big.bin", 160_000)
        .file(SHOT + "/lighting/version/sh0010_lighting_v010.0002.exr", 60_000);
  }

  @AfterEach
  void stop() throws Exception {
    if (f != null) {
      f.close();
    }
    for (AutoCloseable c : closeLast) {
      c.close();
    }
  }

  void start(TaskStore store, Consumer<ShotSyncServer.Builder> setup) {
    f = new ServerFixture(store, FTP.endpoint(), dir.resolve("local"), b -> {}, b -> setup.accept(b.runQueued(false)));
  }

  static TaskStore memoryH2() {
    return JdbcTaskStore.open("jdbc:h2:mem:events-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  String events() {
    return f.server.url() + "/api/v1/events";
  }

  /** Creates and runs a slow task of one shot; answers its id. */
  String slowTask(String bandwidth) {
    Api.Res r = f.api.post(TASKS, Map.of("endpointId", "test-ftp", "shots", List.of(SHOT), "execute", true,
        "options", Map.of("bandwidth", bandwidth, "connections", 1)));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.json().path("id").asText();
  }

  @Test
  void aClientSeesTaskItemProgressAndLogEventsOfARunningTaskInOrder() throws Exception {
    start(memoryH2(), b -> {});
    try (SseClient sse = new SseClient(events(), ServerFixture.TOKEN, null)) {
      assertThat(sse.status).isEqualTo(200);
      assertThat(sse.response.headers().firstValue("Content-Type")).hasValueSatisfying(
          c -> assertThat(c).startsWith("text/event-stream"));
      String id = slowTask("100K");
      List<SseClient.Event> events = sse.untilTaskEnds(id);

      assertThat(events).extracting(SseClient.Event::id).isSorted().doesNotHaveDuplicates();
      // the task's start (after, maybe, its creation as PENDING) before anything it does
      assertThat(events.get(0).type()).as("%s", events).isEqualTo("task");
      assertThat(events.get(0).data().path("status").asText()).isIn("PENDING", "RUNNING");
      SseClient.Event running = events.stream().filter(e -> e.type().equals("task")
          && e.data().path("status").asText().equals("RUNNING")).findFirst().orElseThrow();
      SseClient.Event firstWork = events.stream().filter(e -> !e.type().equals("task")).findFirst().orElseThrow();
      assertThat(events.indexOf(running)).as("%s", events).isLessThan(events.indexOf(firstWork));
      SseClient.Event last = events.get(events.size() - 1);
      assertThat(last.type()).isEqualTo("task");
      assertThat(last.data().path("status").asText()).isEqualTo("COMPLETED");
      assertThat(last.data().path("itemCounts").path("completed").asInt()).isEqualTo(2);
      assertThat(last.data().path("files").isObject()).isTrue();

      // items: started, then finished with statistics
      List<SseClient.Event> items = events.stream().filter(e -> e.type().equals("item")).toList();
      assertThat(items.stream().map(e -> e.data().path("id").asLong()).distinct()).hasSize(2);
      for (JsonNode item : f.api.get(TASKS + "/" + id).json().path("items")) {
        SseClient.Event lastOfItem = items.stream().filter(e -> e.data().path("id").asLong() == item.path("id")
            .asLong()).reduce((a, b) -> b).orElseThrow();
        assertThat(lastOfItem.data().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(lastOfItem.data().path("stats")).isEqualTo(item.path("stats"));
      }

      // progress: of the task and of running items, bytes never going back
      List<SseClient.Event> progress = events.stream().filter(e -> e.type().equals("progress")).toList();
      List<SseClient.Event> taskProgress = progress.stream().filter(e -> e.data().path("itemId").isNull()).toList();
      assertThat(taskProgress).isNotEmpty();
      assertThat(progress).anyMatch(e -> e.data().path("itemId").isIntegralNumber());
      assertThat(taskProgress).extracting(e -> e.data().path("bytes").asLong()).isSorted();
      JsonNode p = taskProgress.get(taskProgress.size() - 1).data();
      assertThat(p.path("bytesTotal").asLong()).isEqualTo(last.data().path("totalBytes").asLong());
      assertThat(p.path("filesTotal").asInt()).isPositive();
      assertThat(p.has("rate")).isTrue();
      assertThat(p.has("etaSeconds")).isTrue();
      assertThat(progress).allMatch(e -> events.indexOf(e) < events.indexOf(last));

      // logs: every INFO record the store has for the task, in order, all before the task's end
      List<Long> logSequences = events.stream().filter(e -> e.type().equals("log"))
          .map(e -> e.data().path("sequence").asLong()).toList();
      assertThat(logSequences).isNotEmpty().isSorted().isEqualTo(storedLogSequences(id));
    }
  }

  @Test
  void aClientThatReconnectsWithLastEventIdMissesNothing() throws Exception {
    start(memoryH2(), b -> {});
    reconnectMissesNothing(false);
  }

  @Test
  void beyondTheBufferTheMissedLogsComeFromTheStoreAndTheTaskStateIsSent() throws Exception {
    start(memoryH2(), b -> b.eventBuffer(16));
    reconnectMissesNothing(true);
  }

  private void reconnectMissesNothing(boolean tinyBuffer) throws Exception {
    try (SseClient watcher = new SseClient(events(), ServerFixture.TOKEN, null);
        SseClient before = new SseClient(events(), ServerFixture.TOKEN, null)) {
      String id = slowTask("60K");
      // the leaving client sees the start and some progress, then drops
      before.until(e -> e.type().equals("progress") && e.taskId().equals(id));
      before.close();
      long lastSeen = before.all.get(before.all.size() - 1).id();
      // things happen while it is away: the anim item ends (the lighting one still runs)
      watcher.until(e -> e.id() > lastSeen && e.type().equals("item") && e.taskId().equals(id)
          && e.data().path("status").asText().equals("COMPLETED"));
      if (tinyBuffer) {
        // and so much more that the buffer of 16 no longer holds any of it: the task ends, another one runs
        watcher.untilTaskEnds(id);
        String noise = f.api.post(TASKS, Map.of("endpointId", "test-ftp", "shots", List.of("ep02/**"),
            "execute", true)).json().path("id").asText();
        watcher.untilTaskEnds(noise);
      }
      try (SseClient after = new SseClient(events() + "?task=" + id, ServerFixture.TOKEN, lastSeen)) {
        List<SseClient.Event> resumed = after.untilTaskEnds(id);
        List<SseClient.Event> watched = tinyBuffer ? watcher.of(id) : watcher.untilTaskEnds(id);
        List<SseClient.Event> seen = new ArrayList<>(before.of(id));
        seen.addAll(resumed);
        assertThat(resumed).allMatch(e -> e.taskId().equals(id), "only the task's events with ?task=");
        assertThat(seen).extracting(SseClient.Event::id).isSorted();
        if (!tinyBuffer) {
          assertThat(seen).as("the same events, ids and data").isEqualTo(watched);
        } else {
          // the buffer of 16 lost most of them: every log record still arrives, with its id, then the task's state
          assertThat(logs(seen)).isEqualTo(logs(watched)).isEqualTo(storedLogSequences(id));
          assertThat(seen.stream().filter(e -> e.type().equals("log")).map(SseClient.Event::id).toList())
              .isEqualTo(watched.stream().filter(e -> e.type().equals("log")).map(SseClient.Event::id).toList());
          assertThat(resumed.get(0).type()).as("%s", resumed).isIn("log", "task");
          // the task's state stands for the events the buffer lost, with the id of the newest one lost
          assertThat(resumed).anyMatch(e -> e.type().equals("task") && e.id() >= watched.get(watched.size() - 1).id());
          assertThat(resumed).anyMatch(e -> e.type().equals("item") && e.data().path("status").asText()
              .equals("COMPLETED"));
        }
        SseClient.Event end = seen.get(seen.size() - 1);
        assertThat(end.data().path("status").asText()).isEqualTo("COMPLETED");
      }
    }
  }

  @Test
  void aTaskRunByAnotherShotSyncOnTheSameH2FileStoreAppears() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath() + "/shotsync";
    start(JdbcTaskStore.open(url), b -> {});
    TaskStore otherStore = JdbcTaskStore.open(url);
    ShotSync other = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(dir.resolve("other")).store(otherStore)
        .build();
    closeLast.add(otherStore);
    closeLast.add(other);
    try (SseClient sse = new SseClient(events(), ServerFixture.TOKEN, null)) {
      TaskSpec spec = TaskSpec.builder("test-ftp").selection(Selection.shots(SHOT))
          .options(SyncOptions.builder().bandwidthLimit(50 << 10).connections(1).build()).build();
      String id = other.run(spec).taskId();
      List<SseClient.Event> events = sse.untilTaskEnds(id);
      assertThat(events).extracting(SseClient.Event::id).isSorted();
      SseClient.Event first = events.get(0);
      assertThat(first.type()).as("%s", events).isEqualTo("task");
      assertThat(first.data().path("status").asText()).isIn("PENDING", "QUEUED", "RUNNING");
      assertThat(events).anyMatch(e -> e.type().equals("task") && e.data().path("status").asText().equals("RUNNING"));
      assertThat(events).anyMatch(e -> e.type().equals("progress"));
      assertThat(events).anyMatch(e -> e.type().equals("item") && e.data().path("status").asText()
          .equals("COMPLETED"));
      assertThat(events.get(events.size() - 1).data().path("status").asText()).isEqualTo("COMPLETED");
      assertThat(logs(events)).isNotEmpty().isEqualTo(storedLogSequences(id));
    }
  }

  @Test
  void badRequestsAreAnsweredAtOnce() {
    assertThat(f == null).isTrue();
    start(memoryH2(), b -> {});
    assertThat(f.api.anonymous().get("/api/v1/events").status()).isEqualTo(401);
    assertThat(f.api.get("/api/v1/events?task=nope").status()).isEqualTo(404);
    assertThat(f.api.get("/api/v1/events?colour=red").error()).isEqualTo("unknown_field");
  }

  private static List<Long> logs(List<SseClient.Event> events) {
    return events.stream().filter(e -> e.type().equals("log")).map(e -> e.data().path("sequence").asLong()).toList();
  }

  private List<Long> storedLogSequences(String id) {
    List<Long> out = new ArrayList<>();
    for (JsonNode r : f.api.get(TASKS + "/" + id + "/logs?level=info&limit=10000").json().path("records")) {
      out.add(r.path("sequence").asLong());
    }
    return out;
  }
}
