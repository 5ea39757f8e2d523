package io.shotsync.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.shotsync.api.Department;
import io.shotsync.api.FileRecord;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.Selection;
import io.shotsync.api.ShotKey;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.TaskSummary;
import io.shotsync.api.UnknownStrategyException;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.ConflictStrategy;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.VersionStrategy;
import io.shotsync.core.ComparisonRow;
import io.shotsync.core.EndpointConfig;
import io.shotsync.core.Layout;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Structure;
import io.shotsync.core.SyncJson;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The API's handlers: each reads its input through {@link ApiJson}, calls the {@link ShotSync} facade (or, where the
 * facade would flush the running tasks' writes on every request, reads the store), and answers through
 * {@link ApiJson}.
 */
public final class Handlers {
  /** The largest request body accepted: 1 MiB. */
  public static final int MAX_BODY = 1 << 20;
  private static final int MAX_LIST = 1000;
  private static final int MAX_LOGS = 10_000;

  private final ShotSync sync;
  private final String version;
  private final String storeName;
  private final byte[] openApi;
  private final EventStream events;

  /** Handlers over this facade; {@code version} and {@code storeName} are what health reports. */
  public Handlers(ShotSync sync, String version, String storeName, byte[] openApi, EventStream events) {
    this.sync = sync;
    this.events = events;
    this.version = version;
    this.storeName = storeName;
    this.openApi = openApi.clone();
  }

  // ---------------------------------------------------------------------------------------- service

  Reply health(Context ctx) {
    ObjectNode o = ApiJson.object();
    o.put("status", "ok");
    o.put("version", version);
    o.put("store", storeName);
    return Reply.ok(o);
  }

  Reply session(Context ctx) {
    // the credentials were checked before the handler runs: reaching it means signed in
    ObjectNode o = ApiJson.object();
    o.put("authenticated", true);
    return Reply.ok(o);
  }

  @Nullable Reply events(Context ctx) throws IOException {
    checkQuery(ctx, "task");
    String taskId = ctx.queryParam("task");
    if (taskId != null) {
      task(taskId);
    }
    return events.stream(ctx, taskId);
  }

  Reply openApi(Context ctx) {
    return new Reply(200, new String(openApi, java.nio.charset.StandardCharsets.UTF_8));
  }

  Reply endpoints(Context ctx) {
    ArrayNode list = ApiJson.array();
    for (EndpointConfig c : sync.endpointConfigs()) {
      list.add(ApiJson.endpoint(c));
    }
    ObjectNode o = ApiJson.object();
    o.set("endpoints", list);
    return Reply.ok(o);
  }

  Reply strategies(Context ctx) {
    ObjectNode o = ApiJson.object();
    ArrayNode versions = o.putArray("version");
    for (Map.Entry<String, VersionStrategy> e : sync.strategies().versionStrategies().entrySet()) {
      versions.add(ApiJson.strategy(e.getKey(), e.getValue().description()));
    }
    ArrayNode conflicts = o.putArray("conflict");
    for (Map.Entry<String, ConflictStrategy> e : sync.strategies().conflictStrategies().entrySet()) {
      conflicts.add(ApiJson.strategy(e.getKey(), e.getValue().description()));
    }
    return Reply.ok(o);
  }

  // ---------------------------------------------------------------------------------------- shots

  Reply structure(Context ctx) {
    String id = endpointId(ctx.pathParam("endpointId"), null);
    Optional<Structure> s = sync.structure(id);
    if (s.isEmpty()) {
      throw new ApiException(404, "not_scanned", "endpoint '" + id + "' was never scanned; POST"
          + " /api/v1/shots/structure/" + id + "/scan scans it", null);
    }
    return new Reply(200, ShotSync.toJson(s.get()));
  }

  Reply scan(Context ctx) {
    String id = endpointId(ctx.pathParam("endpointId"), null);
    return new Reply(200, ShotSync.toJson(sync.scan(id)));
  }

  Reply compare(Context ctx) {
    Map.Entry<String, Selection> req = ApiJson.compareRequest(ApiJson.readObject(body(ctx)));
    String id = endpointId(req.getKey(), "endpointId");
    checkDepartments(id, req.getValue());
    List<ComparisonRow> rows = sync.compare(id, req.getValue());
    ObjectNode o = ApiJson.object();
    o.put("endpointId", id);
    ArrayNode a = o.putArray("rows");
    rows.forEach(r -> a.add(ApiJson.row(r)));
    return Reply.ok(o);
  }

  Reply plan(Context ctx) {
    ApiJson.TaskRequest req = taskRequest(ctx);
    check(req.spec());
    return Reply.ok(ApiJson.plan(sync.plan(req.spec())));
  }

  // ---------------------------------------------------------------------------------------- tasks

  Reply createTask(Context ctx) {
    ApiJson.TaskRequest req = taskRequest(ctx);
    TaskSpec spec = req.spec();
    check(spec);
    Task created = spec.notBefore() != null ? sync.queueTask(spec) : sync.createTask(spec);
    if (req.execute()) {
      sync.execute(created.id());
    }
    Task now = sync.store().task(created.id()).orElse(created);
    return Reply.of(201, ApiJson.task(now, sync.store().items(created.id())));
  }

  Reply listTasks(Context ctx) {
    checkQuery(ctx, "status", "limit", "before");
    Set<TaskStatus> statuses = EnumSet.noneOf(TaskStatus.class);
    for (String s : ctx.queryParams("status")) {
      statuses.addAll(statuses("status", s));
    }
    int limit = intParam(ctx, "limit", 100, 1, MAX_LIST);
    String before = ctx.queryParam("before");
    Instant createdBefore = before == null || before.isBlank() ? null : ApiJson.parseInstant("before", before);
    // read from the store: the list must not flush the running tasks' write batching on every poll; summaries
    // (items counted by the store, not read one task at a time) are what a database answers fast
    List<TaskSummary> tasks = sync.store().taskSummaries(new TaskQuery(statuses, createdBefore, limit));
    List<Object> a = new ArrayList<>(tasks.size());
    for (TaskSummary t : tasks) {
      a.add(ApiJson.taskMap(t));
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("tasks", a);
    o.put("before", tasks.size() == limit ? tasks.get(tasks.size() - 1).task().createdAt().toString() : null);
    return Reply.ok(o);
  }

  Reply task(Context ctx) {
    Task t = task(ctx.pathParam("id"));
    // from the store as the list reads it (a running task's statistics at most one write batch, 200 ms, behind):
    // flushing the write batching on every poll made each poll of a running task cost a store write
    List<TaskItem> items = sync.store().items(t.id());
    Map<String, Object> o = ApiJson.taskMap(t, items);
    List<Object> a = new ArrayList<>(items.size());
    items.forEach(i -> a.add(SyncJson.item(i)));
    o.put("items", a);
    return Reply.ok(o);
  }

  Reply execute(Context ctx) {
    Task t = task(ctx.pathParam("id"));
    refuseWhileRunning(t, "execute");
    sync.execute(t.id());
    return accepted(t.id());
  }

  Reply cancel(Context ctx) {
    Task t = task(ctx.pathParam("id"));
    if (t.status().isFinal()) {
      throw ApiException.conflict("task " + t.id() + " is " + t.status() + "; there is nothing to cancel");
    }
    sync.cancel(t.id());
    return accepted(t.id());
  }

  Reply retry(Context ctx) {
    Task t = task(ctx.pathParam("id"));
    refuseWhileRunning(t, "retry");
    sync.retryFailed(t.id());
    return accepted(t.id());
  }

  Reply deleteTask(Context ctx) {
    Task t = task(ctx.pathParam("id"));
    int n = sync.delete(List.of(t.id()));
    ObjectNode o = ApiJson.object();
    o.put("deleted", n);
    return Reply.ok(o);
  }

  Reply bulk(Context ctx) {
    ApiJson.Fields f = ApiJson.Fields.of(ApiJson.readObject(body(ctx)), "",
        List.of("action", "ids", "status", "olderThan"));
    String action = f.requiredString("action");
    List<String> ids = List.copyOf(new LinkedHashSet<>(f.strings("ids")));
    List<String> statusNames = f.strings("status");
    String olderThan = f.string("olderThan");
    boolean byQuery = !statusNames.isEmpty() || olderThan != null;
    if (!List.of("delete", "retry", "cancel").contains(action)) {
      throw ApiException.badField("action", "unknown action '" + ApiJson.printable(action)
          + "'; known: delete, retry, cancel");
    }
    if (byQuery && !action.equals("delete")) {
      throw ApiException.badField(statusNames.isEmpty() ? "olderThan" : "status",
          "'status' and 'olderThan' select tasks to delete only; " + action + " takes 'ids'");
    }
    if (byQuery && f.has("ids")) {
      throw ApiException.badField("ids", "give either 'ids' or 'status'/'olderThan', not both");
    }
    if (!byQuery && ids.isEmpty()) {
      throw ApiException.badField("ids", "name the tasks: 'ids' (or, to delete, 'status' and/or 'olderThan')");
    }
    ObjectNode o = ApiJson.object();
    o.put("action", action);
    if (byQuery) {
      Set<TaskStatus> statuses = EnumSet.noneOf(TaskStatus.class);
      for (String s : statusNames) {
        statuses.addAll(statuses("status", s));
      }
      Instant createdBefore = olderThan == null ? null : olderThan(olderThan);
      o.put("deleted", sync.deleteTasks(new TaskQuery(statuses, createdBefore, 100_000)));
      return Reply.ok(o);
    }
    for (String id : ids) {
      task(id);   // every id must exist before anything changes
    }
    switch (action) {
      case "delete" -> o.put("deleted", sync.delete(ids));
      case "retry" -> {
        for (String id : ids) {
          refuseWhileRunning(task(id), "retry");
        }
        sync.retryFailed(ids);
        ArrayNode a = o.putArray("retried");
        ids.forEach(a::add);
      }
      default -> {
        ArrayNode a = o.putArray("cancelled");
        for (String id : ids) {
          if (!task(id).status().isFinal() && sync.cancel(id)) {
            a.add(id);
          }
        }
      }
    }
    return Reply.ok(o);
  }

  Reply logs(Context ctx) {
    checkQuery(ctx, "level", "limit", "after", "before");
    Task t = task(ctx.pathParam("id"));
    String levelText = ctx.queryParam("level");
    LogLevel level;
    try {
      level = levelText == null || levelText.isBlank() ? LogLevel.INFO : LogLevel.parse(levelText);
    } catch (InvalidInputException e) {
      throw ApiException.badField("level", e.getMessage());
    }
    int limit = intParam(ctx, "limit", 100, 1, MAX_LOGS);
    long after = longParam(ctx, "after");
    long before = longParam(ctx, "before");
    List<LogRecord> records = sync.logs(new LogQuery(t.id(), level, after, limit, before));
    ObjectNode o = ApiJson.object();
    o.put("taskId", t.id());
    o.put("level", level.name());
    ArrayNode a = o.putArray("records");
    records.forEach(r -> a.add(ApiJson.log(r)));
    // cursors: 'after' continues forward from the newest record, 'before' pages back from the oldest
    o.put("after", records.isEmpty() ? after : records.get(records.size() - 1).sequence());
    o.put("before", records.isEmpty() ? before : records.get(0).sequence());
    return Reply.ok(o);
  }

  Reply history(Context ctx) {
    checkQuery(ctx, "shot", "department");
    String shotText = ctx.queryParam("shot");
    if (shotText == null || shotText.isBlank()) {
      throw ApiException.badField("shot", "query parameter 'shot' is required, like ?shot=ep01/sq010/sh0010");
    }
    ShotKey shot;
    try {
      shot = ShotKey.parse(shotText);
    } catch (InvalidInputException e) {
      throw ApiException.badField("shot", e.getMessage());
    }
    String deptText = ctx.queryParam("department");
    Department dept = null;
    if (deptText != null && !deptText.isBlank()) {
      try {
        dept = Department.of(deptText);
      } catch (InvalidInputException e) {
        throw ApiException.badField("department", e.getMessage());
      }
    }
    List<FileRecord> files = sync.history(shot);
    Map<String, Map<Long, String>> departments = new HashMap<>();
    Map<String, @Nullable String> names = new HashMap<>();
    ObjectNode o = ApiJson.object();
    o.put("shot", shot.path());
    ArrayNode a = o.putArray("files");
    for (FileRecord f : files) {
      Map<Long, String> byItem = departments.computeIfAbsent(f.taskId(), id -> {
        Map<Long, String> m = new HashMap<>();
        sync.store().items(id).forEach(i -> m.put(i.id(), i.department().name()));
        return m;
      });
      String d = byItem.get(f.itemId());
      if (dept != null && !dept.name().equals(d)) {
        continue;
      }
      String name = names.computeIfAbsent(f.taskId(), id -> sync.store().task(id).map(Task::name).orElse(null));
      a.add(ApiJson.history(f, d, name));
    }
    return Reply.ok(o);
  }

  // ---------------------------------------------------------------------------------------- helpers

  /**
   * Reads the request body, at most {@link #MAX_BODY} bytes.
   *
   * @throws ApiException 413 for a longer body
   */
  static byte[] body(Context ctx) {
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        discard(in);
        throw tooLarge();
      }
      return b;
    } catch (IOException e) {
      throw ApiException.badRequest("unreadable_body", "the request body could not be read: " + e.getMessage());
    }
  }

  /**
   * Reads and drops what is left of a refused body, up to 16 MiB, so a client still sending it gets to read the 413
   * instead of a reset connection; a longer one is cut off when the connection closes.
   */
  static void discard(InputStream in) {
    byte[] buf = new byte[64 * 1024];
    long left = 16L << 20;
    try {
      for (int n = in.read(buf); n >= 0 && left > 0; n = in.read(buf)) {
        left -= n;
      }
    } catch (IOException e) {
      // the client gave up; the answer goes out or not
    }
  }

  static ApiException tooLarge() {
    return new ApiException(413, "payload_too_large", "the request body is larger than 1 MiB", null);
  }

  private Reply accepted(String id) {
    Task now = task(id);
    ObjectNode o = ApiJson.object();
    o.put("id", id);
    o.put("status", now.status().name());
    return Reply.of(202, o);
  }

  private void refuseWhileRunning(Task t, String what) {
    if (t.status() == TaskStatus.RUNNING && sync.isRunningElsewhere(t.id())) {
      throw ApiException.conflict("task " + t.id() + " is running (its items are claimed under a live lease);"
          + " cancel it or wait before you " + what + " it");
    }
  }

  private Task task(String id) {
    try {
      return sync.task(id);
    } catch (NotFoundException e) {
      throw ApiException.notFound("no task '" + ApiJson.printable(id) + "'");
    }
  }

  private String endpointId(String id, @Nullable String field) {
    try {
      return sync.endpoint(id).id();
    } catch (NotFoundException e) {
      throw new ApiException(404, "not_found", e.getMessage(), field);
    }
  }

  /** Reads a task body over its endpoint's default options (404 for an unknown endpoint). */
  private ApiJson.TaskRequest taskRequest(Context ctx) {
    ObjectNode body = ApiJson.readObject(body(ctx));
    String id = endpointId(ApiJson.taskEndpointId(body), "endpointId");
    return ApiJson.taskRequest(body, sync.endpointConfig(id).options());
  }

  /** Checks the ids the registry and layout know before anything is stored. */
  private void check(TaskSpec spec) {
    endpointId(spec.endpointId(), "endpointId");
    try {
      sync.strategies().version(spec.versionStrategy());
    } catch (UnknownStrategyException e) {
      throw new ApiException(400, "unknown_strategy", e.getMessage(), "versionStrategy");
    }
    try {
      sync.strategies().conflict(spec.conflictStrategy());
    } catch (UnknownStrategyException e) {
      throw new ApiException(400, "unknown_strategy", e.getMessage(), "conflictStrategy");
    }
    if (spec.layout() == null) {
      checkDepartments(spec.endpointId(), spec.selection());
    }
  }

  /** Departments the endpoint's layout does not have are refused, naming the ones it has. */
  private void checkDepartments(String endpointId, Selection selection) {
    Layout layout = sync.endpointConfig(endpointId).layout();
    for (Department d : selection.departments()) {
      if (layout.department(d).isEmpty()) {
        throw ApiException.badField("departments", "unknown department '" + d.name() + "'; known: "
            + String.join(", ", layout.departments().stream().map(x -> x.department().name()).toList()));
      }
    }
  }

  private static Set<TaskStatus> statuses(String field, String csv) {
    Set<TaskStatus> out = EnumSet.noneOf(TaskStatus.class);
    for (String s : csv.split(",")) {
      if (s.isBlank()) {
        continue;
      }
      try {
        out.add(TaskStatus.valueOf(s.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw ApiException.badField(field, "unknown task status '" + ApiJson.printable(s) + "'; known: "
            + String.join(", ", java.util.Arrays.stream(TaskStatus.values()).map(Enum::name).toList()));
      }
    }
    return out;
  }

  /** A time ({@code 2026-11-01T00:00:00Z}) or an age ({@code 7d}, {@code PT12H}) before now. */
  private static Instant olderThan(String text) {
    if (text.startsWith("P") || text.matches("\\d+[smhd]")) {
      return Instant.now().minus(ApiJson.parseDuration("olderThan", text));
    }
    return ApiJson.parseInstant("olderThan", text);
  }

  private static void checkQuery(Context ctx, String... known) {
    List<String> names = List.of(known);
    for (String p : ctx.queryParamMap().keySet()) {
      if (!names.contains(p)) {
        throw new ApiException(400, "unknown_field", "unknown query parameter '" + ApiJson.printable(p)
            + "'; known: " + String.join(", ", names), p);
      }
    }
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badField(name, "query parameter '" + name + "' must be a whole number from " + min + " to "
        + max + ", not '" + ApiJson.printable(v) + "'");
  }

  private static long longParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return 0;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badField(name, "query parameter '" + name + "' must be a log sequence number (0 or more),"
        + " not '" + ApiJson.printable(v) + "'");
  }
}
