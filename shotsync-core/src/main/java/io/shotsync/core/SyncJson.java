package io.shotsync.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shotsync.api.Department;
import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStats;
import io.shotsync.api.FileStatus;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ItemKey;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Selection;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.core.internal.scan.StructureJson;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON shape of shotsync's values: a task (with its spec and options), an item, a comparison row, a structure,
 * a log record, a file record and a plan. The command's {@code --json}, the webhook body and the HTTP API all use it,
 * so a field has one name everywhere ({@code id}, {@code endpointId}, {@code transferredBytes}, ...). Values are plain
 * maps and lists (instants and durations as ISO-8601 text, versions as written, enums by name) that any JSON library
 * writes; {@link #write} and {@link #parse} do it with the Jackson core already uses.
 */
public final class SyncJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  /** The fields of a task spec, as {@link #spec} writes and {@link #readSpec} reads them. */
  public static final Set<String> SPEC_FIELDS = Set.of("endpointId", "name", "shots", "departments",
      "versionStrategy", "specificVersion", "customVersions", "conflictStrategy", "properties", "notBefore",
      "autoRetry", "localRoot", "layout", "options");

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
    Map<String, Object> m = task(t);
    m.put("itemCounts", itemCounts(items));
    FileStats sum = FileStats.ZERO;
    for (TaskItem i : items) {
      sum = sum.plus(i.stats());
    }
    m.put("files", files(sum));
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
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total", items.size());
    by.forEach((s, n) -> m.put(s.name().toLowerCase(Locale.ROOT), n));
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
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("endpointId", s.endpointId());
    m.put("name", s.name());
    m.put("shots", s.selection().shotGlobs());
    m.put("departments", new TreeSet<>(s.selection().departments()).stream().map(Department::name).toList());
    m.put("versionStrategy", s.versionStrategy());
    m.put("specificVersion", text(s.specificVersion()));
    Map<String, Object> custom = new LinkedHashMap<>();
    s.customVersions().forEach((k, v) -> custom.put(k.toString(), v.text()));
    m.put("customVersions", custom);
    m.put("conflictStrategy", s.conflictStrategy());
    m.put("properties", new java.util.TreeMap<>(s.properties()));
    m.put("notBefore", text(s.notBefore()));
    Map<String, Object> retry = new LinkedHashMap<>();
    retry.put("count", s.autoRetries());
    retry.put("delay", s.retryDelay().toString());
    m.put("autoRetry", retry);
    m.put("localRoot", s.localRoot() == null ? null : s.localRoot().toString());
    m.put("layout", s.layout() == null ? null : parse(s.layout()));
    m.put("options", s.options() == null ? null : s.options().toMap());
    return m;
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
    m.put("availableVersions", versions(i.availableVersions()));
    m.put("latestVersion", text(i.latestVersion()));
    m.put("localVersion", text(i.localVersion()));
    m.put("fetchedVersions", versions(i.fetchedVersions()));
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
    m.put("availableVersions", versions(r.available()));
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
      m.put("versions", versions(i.versions()));
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
    return new Task(string(m, "id"), readSpec(spec, SyncOptions.defaults()), status(m, "status", TaskStatus.class),
        instant(m, "createdAt"), instantOrNull(m, "startedAt"), instantOrNull(m, "completedAt"),
        longValue(m, "totalBytes"), longValue(m, "transferredBytes"), (int) longValue(m, "attempts"),
        stringOrNull(m, "message"), m.get("autoRetriesUsed") == null ? 0 : (int) longValue(m, "autoRetriesUsed"),
        m.get("bytesReceived") == null ? 0 : longValue(m, "bytesReceived"));
  }

  /**
   * Reads a task spec in the shape of {@link #spec}: {@code endpointId} is required; other fields left out keep the
   * builder's defaults, and {@code options} fields left out keep {@code baseOptions}' (an endpoint's defaults).
   *
   * @throws InvalidInputException naming the field that is unknown or malformed
   */
  public static TaskSpec readSpec(Map<String, ?> m, SyncOptions baseOptions) {
    for (String k : m.keySet()) {
      if (!SPEC_FIELDS.contains(k)) {
        throw new InvalidInputException("unknown field '" + Version.printableText(k) + "'; known: "
            + String.join(", ", new TreeSet<>(SPEC_FIELDS)));
      }
    }
    TaskSpec.Builder b = TaskSpec.builder(string(m, "endpointId"));
    if (m.get("name") != null) {
      b.name(string(m, "name"));
    }
    List<String> shots = strings(m, "shots");
    Set<Department> depts = new TreeSet<>();
    for (String d : strings(m, "departments")) {
      depts.add(Department.of(d));
    }
    b.selection(new Selection(shots, depts));
    Map<String, ?> custom = m.get("customVersions") == null ? Map.of() : object(m, "customVersions");
    Map<ItemKey, Version> versions = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : custom.entrySet()) {
      if (!(e.getValue() instanceof String v)) {
        throw new InvalidInputException("customVersions['" + Version.printableText(e.getKey())
            + "'] must be a version like v003");
      }
      versions.put(ItemKey.parse(e.getKey()), Version.parse(v));
    }
    if (!versions.isEmpty()) {
      b.customVersions(versions);
    }
    if (m.get("versionStrategy") != null) {
      b.versionStrategy(string(m, "versionStrategy"));
    }
    if (m.get("specificVersion") != null) {
      b.specificVersionOnly(Version.parse(string(m, "specificVersion")));
    }
    if (m.get("conflictStrategy") != null) {
      b.conflictStrategy(string(m, "conflictStrategy"));
    }
    if (m.get("properties") != null) {
      for (Map.Entry<String, ?> e : object(m, "properties").entrySet()) {
        if (!(e.getValue() instanceof String v)) {
          throw new InvalidInputException("properties['" + Version.printableText(e.getKey()) + "'] must be a string");
        }
        b.property(e.getKey(), v);
      }
    }
    b.notBefore(instantOrNull(m, "notBefore"));
    if (m.get("autoRetry") != null) {
      Map<String, ?> r = object(m, "autoRetry");
      for (String k : r.keySet()) {
        if (!k.equals("count") && !k.equals("delay")) {
          throw new InvalidInputException("unknown field 'autoRetry." + Version.printableText(k)
              + "'; known: count, delay");
        }
      }
      b.autoRetry((int) longValue(r, "count"), r.get("delay") == null ? Duration.ofMinutes(1)
          : SyncOptions.parseDuration("autoRetry.delay", string(r, "delay")));
    }
    if (m.get("localRoot") != null) {
      b.localRoot(Path.of(string(m, "localRoot")));
    }
    Object layout = m.get("layout");
    if (layout != null) {
      b.layout(layout instanceof String s ? s : write(layout));
    }
    Object options = m.get("options");
    if (options != null) {
      if (!(options instanceof Map<?, ?> o)) {
        throw new InvalidInputException("field 'options' must be an object");
      }
      @SuppressWarnings("unchecked")
      Map<String, ?> om = (Map<String, ?>) o;
      b.options(SyncOptions.fromMap(om, baseOptions));
    }
    return b.build();
  }

  /** Reads {@link #item}. */
  public static TaskItem readItem(Map<String, ?> m) {
    Map<String, ?> f = object(m, "files");
    FileStats stats = new FileStats((int) longValue(f, "downloaded"), (int) longValue(f, "skipped"),
        (int) longValue(f, "overwritten"), (int) longValue(f, "keptBoth"), (int) longValue(f, "resumed"),
        (int) longValue(f, "failed"));
    ItemKey key = ItemKey.parse(string(m, "shot") + "/" + string(m, "department"));
    return new TaskItem(longValue(m, "id"), string(m, "taskId"), key, status(m, "status", ItemStatus.class),
        stringOrNull(m, "message"), versionOrNull(m, "selectedVersion"), readVersions(m, "availableVersions"),
        versionOrNull(m, "latestVersion"), versionOrNull(m, "localVersion"), readVersions(m, "fetchedVersions"),
        (int) longValue(m, "fileCount"), longValue(m, "totalBytes"), longValue(m, "transferredBytes"), stats,
        m.get("bytesReceived") == null ? 0 : longValue(m, "bytesReceived"));
  }

  /** Reads {@link #comparisonRow}. */
  public static ComparisonRow readComparisonRow(Map<String, ?> m) {
    return new ComparisonRow(ItemKey.parse(string(m, "shot") + "/" + string(m, "department")),
        readVersions(m, "availableVersions"), versionOrNull(m, "latestVersion"), versionOrNull(m, "localVersion"),
        status(m, "status", ComparisonStatus.class), (int) longValue(m, "latestFiles"), longValue(m, "latestBytes"));
  }

  /** Reads {@link #structure}. */
  public static Structure readStructure(Map<String, ?> m) {
    return StructureJson.read(write(m));
  }

  /** Reads {@link #logRecord}. */
  public static LogRecord readLogRecord(Map<String, ?> m) {
    Object item = m.get("itemId");
    return new LogRecord(longValue(m, "sequence"), instant(m, "time"), status(m, "level", LogLevel.class),
        string(m, "taskId"), item == null ? null : longValue(m, "itemId"), stringOrNull(m, "file"),
        string(m, "message"));
  }

  /** Reads {@link #fileRecord}. */
  public static FileRecord readFileRecord(Map<String, ?> m) {
    String action = stringOrNull(m, "action");
    return new FileRecord(string(m, "taskId"), longValue(m, "itemId"), string(m, "path"), versionOrNull(m, "version"),
        longValue(m, "size"), instantOrNull(m, "remoteModified"), status(m, "status", FileStatus.class),
        action == null ? null : FileAction.valueOf(action), longValue(m, "bytesDone"), stringOrNull(m, "message"),
        instant(m, "updatedAt"));
  }

  // ------------------------------------------------------------------------------------------- text

  /** Compact JSON of a value built from maps, lists, strings, numbers, booleans and nulls. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Indented JSON of such a value. */
  public static String writePretty(Object value) {
    try {
      return PRETTY.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A JSON object as a map.
   *
   * @throws InvalidInputException when the text is not a JSON object, saying where it broke
   */
  public static Map<String, Object> parse(String json) {
    try {
      Map<String, Object> m = MAPPER.readValue(json, MAP);
      if (m == null) {
        throw new InvalidInputException("malformed JSON: expected an object");
      }
      return m;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("malformed JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr()));
    }
  }

  // ------------------------------------------------------------------------------------------- helpers

  private static @Nullable String text(@Nullable Object o) {
    return o == null ? null : o instanceof Version v ? v.text() : o.toString();
  }

  private static List<String> versions(List<Version> versions) {
    return versions.stream().map(Version::text).toList();
  }

  private static List<Version> readVersions(Map<String, ?> m, String key) {
    List<Version> out = new ArrayList<>();
    for (String s : strings(m, key)) {
      out.add(Version.parse(s));
    }
    return out;
  }

  private static @Nullable Version versionOrNull(Map<String, ?> m, String key) {
    String s = stringOrNull(m, key);
    return s == null ? null : Version.parse(s);
  }

  private static String string(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      throw new InvalidInputException("field '" + key + "' is required");
    }
    if (!(v instanceof String s)) {
      throw new InvalidInputException("field '" + key + "' must be a string");
    }
    return s;
  }

  private static @Nullable String stringOrNull(Map<String, ?> m, String key) {
    return m.get(key) == null ? null : string(m, key);
  }

  private static long longValue(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (v instanceof Number n && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    throw new InvalidInputException("field '" + key + "' must be a whole number");
  }

  private static List<String> strings(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list) || list.stream().anyMatch(o -> !(o instanceof String))) {
      throw new InvalidInputException("field '" + key + "' must be a list of strings");
    }
    return list.stream().map(String.class::cast).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> object(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Map<?, ?> map)) {
      throw new InvalidInputException("field '" + key + "' must be an object");
    }
    return (Map<String, ?>) map;
  }

  private static Instant instant(Map<String, ?> m, String key) {
    Instant i = instantOrNull(m, key);
    if (i == null) {
      throw new InvalidInputException("field '" + key + "' is required");
    }
    return i;
  }

  private static @Nullable Instant instantOrNull(Map<String, ?> m, String key) {
    String s = stringOrNull(m, key);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("malformed " + key + " '" + Version.printableText(s)
          + "': expected an ISO-8601 time like 2026-11-30T22:00:00Z");
    }
  }

  private static <E extends Enum<E>> E status(Map<String, ?> m, String key, Class<E> type) {
    String s = string(m, key);
    try {
      return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("malformed " + key + " '" + Version.printableText(s) + "'");
    }
  }
}
