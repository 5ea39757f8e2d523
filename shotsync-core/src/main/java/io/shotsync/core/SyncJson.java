package io.shotsync.core;

import static io.shotsync.core.internal.json.JsonFields.enumValue;
import static io.shotsync.core.internal.json.JsonFields.instant;
import static io.shotsync.core.internal.json.JsonFields.instantOrNull;
import static io.shotsync.core.internal.json.JsonFields.longOr;
import static io.shotsync.core.internal.json.JsonFields.longValue;
import static io.shotsync.core.internal.json.JsonFields.object;
import static io.shotsync.core.internal.json.JsonFields.string;
import static io.shotsync.core.internal.json.JsonFields.stringOrNull;
import static io.shotsync.core.internal.json.JsonFields.text;
import static io.shotsync.core.internal.json.JsonFields.texts;
import static io.shotsync.core.internal.json.JsonFields.versionOrNull;
import static io.shotsync.core.internal.json.JsonFields.versions;

import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStats;
import io.shotsync.api.FileStatus;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ItemKey;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSummary;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.core.internal.json.JsonText;
import io.shotsync.core.internal.json.SpecJson;
import io.shotsync.core.internal.scan.StructureJson;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one JSON shape of shotsync's values: a task (with its spec and options), an item, a comparison row, a structure,
 * a log record, a file record and a plan. The command's {@code --json}, the webhook body and the HTTP API all use it,
 * so a field has one name everywhere ({@code id}, {@code endpointId}, {@code transferredBytes}, ...). Values are plain
 * maps and lists (instants and durations as ISO-8601 text, versions as written, enums by name) that any JSON library
 * writes; {@link #write} and {@link #parse} do it with the Jackson core already uses.
 */
public final class SyncJson {
  /** The fields of a task spec, as {@link #spec} writes and {@link #readSpec} reads them. */
  public static final Set<String> SPEC_FIELDS = SpecJson.FIELDS;

  private SyncJson() {}

  // ------------------------------------------------------------------------------------------- writing

  /** A task: id, name, endpointId, status, message, times, attempts, byte totals and its {@link #spec}. */
  public static Map<String, Object> task(Task t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("endpointId", t.endpointId());
    m.put("status", t.status().name());
    m.put("message", t.message());
    m.put("createdAt", text(t.createdAt()));
    m.put("startedAt", text(t.startedAt()));
    m.put("completedAt", text(t.completedAt()));
    m.put("attempts", t.attempts());
    m.put("autoRetriesUsed", t.autoRetriesUsed());
    m.put("totalBytes", t.totalBytes());
    m.put("transferredBytes", t.transferredBytes());
    m.put("bytesReceived", t.bytesReceived());
    m.put("spec", spec(t.spec()));
    return m;
  }

  /** A task with its items' counts by status ({@code itemCounts}) and their file statistics summed ({@code files}). */
  public static Map<String, Object> task(Task t, List<TaskItem> items) {
    FileStats sum = FileStats.ZERO;
    for (TaskItem i : items) {
      sum = sum.plus(i.stats());
    }
    return task(t, itemCounts(items), sum);
  }

  /** {@link #task(Task, List)} from a store's summary of the task (its items counted, not read): the same fields. */
  public static Map<String, Object> task(TaskSummary s) {
    return task(s.task(), counts(s.itemTotal(), s.itemCounts()), s.files());
  }

  private static Map<String, Object> task(Task t, Map<String, Object> itemCounts, FileStats files) {
    Map<String, Object> m = task(t);
    m.put("itemCounts", itemCounts);
    m.put("files", files(files));
    return m;
  }

  /** Items by status: {@code total} and one count per {@link ItemStatus}, lower case. */
  public static Map<String, Object> itemCounts(List<TaskItem> items) {
    Map<ItemStatus, Integer> by = new EnumMap<>(ItemStatus.class);
    for (ItemStatus s : ItemStatus.values()) {
      by.put(s, 0);
    }
    for (TaskItem i : items) {
      by.merge(i.status(), 1, Integer::sum);
    }
    return counts(items.size(), by);
  }

  private static Map<String, Object> counts(int total, Map<ItemStatus, Integer> byStatus) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total", total);
    byStatus.forEach((s, n) -> m.put(s.name().toLowerCase(Locale.ROOT), n));
    return m;
  }

  /** File statistics: downloaded, skipped, overwritten, keptBoth, resumed, failed. */
  public static Map<String, Object> files(FileStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("downloaded", s.downloaded());
    m.put("skipped", s.skipped());
    m.put("overwritten", s.overwritten());
    m.put("keptBoth", s.keptBoth());
    m.put("resumed", s.resumed());
    m.put("failed", s.failed());
    return m;
  }

  /**
   * A task spec, in the shape the HTTP API takes a new task in: endpointId, name, shots, departments,
   * versionStrategy, specificVersion, customVersions ({@code {"ep/seq/shot/dept": "v003"}}), conflictStrategy,
   * properties, notBefore, autoRetry ({@code {count, delay}}), localRoot, layout (the layout file's JSON object, or
   * null) and options ({@link SyncOptions#toMap()}, or null).
   */
  public static Map<String, Object> spec(TaskSpec s) {
    return SpecJson.write(s);
  }

  /**
   * An item: id, taskId, shot, department, status, message, its versions (selected, available, latest, local,
   * fetched), fileCount, totalBytes, transferredBytes, bytesReceived and {@code files} (its {@link #files
   * statistics}).
   */
  public static Map<String, Object> item(TaskItem i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.id());
    m.put("taskId", i.taskId());
    m.put("shot", i.shot().path());
    m.put("department", i.department().name());
    m.put("status", i.status().name());
    m.put("message", i.message());
    m.put("selectedVersion", text(i.selectedVersion()));
    m.put("availableVersions", texts(i.availableVersions()));
    m.put("latestVersion", text(i.latestVersion()));
    m.put("localVersion", text(i.localVersion()));
    m.put("fetchedVersions", texts(i.fetchedVersions()));
    m.put("fileCount", i.fileCount());
    m.put("totalBytes", i.totalBytes());
    m.put("transferredBytes", i.transferredBytes());
    m.put("bytesReceived", i.bytesReceived());
    m.put("files", files(i.stats()));
    return m;
  }

  /** A comparison row: shot, department, availableVersions, latestVersion, localVersion, status, latestFiles, latestBytes. */
  public static Map<String, Object> comparisonRow(ComparisonRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("shot", r.item().shot().path());
    m.put("department", r.item().department().name());
    m.put("availableVersions", texts(r.available()));
    m.put("latestVersion", text(r.latest()));
    m.put("localVersion", text(r.local()));
    m.put("status", r.status().name());
    m.put("latestFiles", r.latestFiles());
    m.put("latestBytes", r.latestBytes());
    return m;
  }

  /** A structure snapshot: format, endpointId, scannedAt and its shots with departments, versions and files. */
  public static Map<String, Object> structure(Structure s) {
    return parse(StructureJson.write(s));
  }

  /** A log record: sequence, taskId, time, level, itemId, file, message. */
  public static Map<String, Object> logRecord(LogRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sequence", r.sequence());
    m.put("taskId", r.taskId());
    m.put("time", r.time().toString());
    m.put("level", r.level().name());
    m.put("itemId", r.itemId());
    m.put("file", r.file());
    m.put("message", r.message());
    return m;
  }

  /** A file record (download history): taskId, itemId, path, version, size, remoteModified, status, action, bytesDone, message, updatedAt. */
  public static Map<String, Object> fileRecord(FileRecord f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("taskId", f.taskId());
    m.put("itemId", f.itemId());
    m.put("path", f.path());
    m.put("version", text(f.version()));
    m.put("size", f.size());
    m.put("remoteModified", text(f.remoteModified()));
    m.put("status", f.status().name());
    m.put("action", f.action() == null ? null : f.action().name());
    m.put("bytesDone", f.bytesDone());
    m.put("message", f.message());
    m.put("updatedAt", f.updatedAt().toString());
    return m;
  }

  /** A dry-run plan: filesToFetch, bytesToFetch and items with shot, department, versions, skipReason and files. */
  public static Map<String, Object> plan(TaskPlan plan) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("filesToFetch", plan.filesToFetch());
    doc.put("bytesToFetch", plan.bytesToFetch());
    List<Object> items = new ArrayList<>();
    for (TaskPlan.PlannedItem i : plan.items()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("shot", i.item().shot().path());
      m.put("department", i.item().department().name());
      m.put("versions", texts(i.versions()));
      m.put("skipReason", i.skipReason());
      List<Object> files = new ArrayList<>();
      for (TaskPlan.PlannedFile f : i.files()) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("path", f.path());
        fm.put("size", f.size());
        fm.put("action", f.action().name());
        fm.put("reason", f.reason());
        files.add(fm);
      }
      m.put("files", files);
      items.add(m);
    }
    doc.put("items", items);
    return doc;
  }

  // ------------------------------------------------------------------------------------------- reading

  /** Reads {@link #task(Task)}. */
  public static Task readTask(Map<String, ?> m) {
    Map<String, ?> spec = object(m, "spec");
    return new Task(string(m, "id"), readSpec(spec, SyncOptions.defaults()), enumValue(m, "status", TaskStatus.class),
        instant(m, "createdAt"), instantOrNull(m, "startedAt"), instantOrNull(m, "completedAt"),
        longValue(m, "totalBytes"), longValue(m, "transferredBytes"), (int) longValue(m, "attempts"),
        stringOrNull(m, "message"), (int) longOr(m, "autoRetriesUsed", 0),
        longOr(m, "bytesReceived", 0));
  }

  /**
   * Reads a task spec in the shape of {@link #spec}: {@code endpointId} is required; other fields left out keep the
   * builder's defaults, and {@code options} fields left out keep {@code baseOptions}' (an endpoint's defaults).
   *
   * @throws InvalidInputException naming the field that is unknown or malformed
   */
  public static TaskSpec readSpec(Map<String, ?> m, SyncOptions baseOptions) {
    return SpecJson.read(m, baseOptions);
  }

  /** Reads {@link #item}. */
  public static TaskItem readItem(Map<String, ?> m) {
    Map<String, ?> f = object(m, "files");
    FileStats stats = new FileStats((int) longValue(f, "downloaded"), (int) longValue(f, "skipped"),
        (int) longValue(f, "overwritten"), (int) longValue(f, "keptBoth"), (int) longValue(f, "resumed"),
        (int) longValue(f, "failed"));
    ItemKey key = ItemKey.parse(string(m, "shot") + "/" + string(m, "department"));
    return new TaskItem(longValue(m, "id"), string(m, "taskId"), key, enumValue(m, "status", ItemStatus.class),
        stringOrNull(m, "message"), versionOrNull(m, "selectedVersion"), versions(m, "availableVersions"),
        versionOrNull(m, "latestVersion"), versionOrNull(m, "localVersion"), versions(m, "fetchedVersions"),
        (int) longValue(m, "fileCount"), longValue(m, "totalBytes"), longValue(m, "transferredBytes"), stats,
        longOr(m, "bytesReceived", 0));
  }

  /** Reads {@link #comparisonRow}. */
  public static ComparisonRow readComparisonRow(Map<String, ?> m) {
    return new ComparisonRow(ItemKey.parse(string(m, "shot") + "/" + string(m, "department")),
        versions(m, "availableVersions"), versionOrNull(m, "latestVersion"), versionOrNull(m, "localVersion"),
        enumValue(m, "status", ComparisonStatus.class), (int) longValue(m, "latestFiles"), longValue(m, "latestBytes"));
  }

  /** Reads {@link #structure}. */
  public static Structure readStructure(Map<String, ?> m) {
    return StructureJson.read(write(m));
  }

  /** Reads {@link #logRecord}. */
  public static LogRecord readLogRecord(Map<String, ?> m) {
    Object item = m.get("itemId");
    return new LogRecord(longValue(m, "sequence"), instant(m, "time"), enumValue(m, "level", LogLevel.class),
        string(m, "taskId"), item == null ? null : longValue(m, "itemId"), stringOrNull(m, "file"),
        string(m, "message"));
  }

  /** Reads {@link #fileRecord}. */
  public static FileRecord readFileRecord(Map<String, ?> m) {
    String action = stringOrNull(m, "action");
    return new FileRecord(string(m, "taskId"), longValue(m, "itemId"), string(m, "path"), versionOrNull(m, "version"),
        longValue(m, "size"), instantOrNull(m, "remoteModified"), enumValue(m, "status", FileStatus.class),
        action == null ? null : FileAction.valueOf(action), longValue(m, "bytesDone"), stringOrNull(m, "message"),
        instant(m, "updatedAt"));
  }

  // ------------------------------------------------------------------------------------------- text

  /** Compact JSON of a value built from maps, lists, strings, numbers, booleans and nulls. */
  public static String write(Object value) {
    return JsonText.write(value);
  }

  /** Indented JSON of such a value. */
  public static String writePretty(Object value) {
    return JsonText.writePretty(value);
  }

  /**
   * A JSON object as a map.
   *
   * @throws InvalidInputException when the text is not a JSON object, saying where it broke
   */
  public static Map<String, Object> parse(String json) {
    return JsonText.parse(json);
  }
}
