package io.shotsync.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotsync.api.Department;
import io.shotsync.api.Endpoint;
import io.shotsync.api.FileRecord;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ItemKey;
import io.shotsync.api.Selection;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.TaskSummary;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.DepartmentLayout;
import io.shotsync.core.ComparisonRow;
import io.shotsync.core.EndpointConfig;
import io.shotsync.core.Layout;
import io.shotsync.core.SyncJson;
import io.shotsync.core.TaskPlan;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every mapping between the API's JSON and shotsync's types, both ways, in one place. Tasks, items, comparison rows,
 * plans, log records, file records and structures are core's one JSON shape ({@link SyncJson}); this class adds what
 * only the API has (endpoints, errors, cursors) and reads request bodies, checking each field so an error names it.
 */
public final class ApiJson {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();


  private ApiJson() {}

  /** A new JSON object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A new JSON array. */
  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** The node as compact JSON. */
  public static String write(JsonNode node) {
    return writeValue(node);
  }

  /** Compact JSON text of maps, lists, strings, numbers, booleans and nulls (or a tree). */
  public static String writeValue(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  // ------------------------------------------------------------------------------------------ reading bodies

  /**
   * Parses a request body that must be one JSON object.
   *
   * @throws ApiException 400 {@code malformed_json} naming where the JSON broke
   */
  public static ObjectNode readObject(byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("malformed_json", "the request needs a JSON object body");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw ApiException.badRequest("malformed_json", "malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("malformed_json", "unreadable request body: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("malformed_json", "the request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** A request object whose fields are checked against the known ones, read with the field named in each error. */
  public static final class Fields {
    private final ObjectNode node;
    private final String prefix;

    private Fields(ObjectNode node, String prefix) {
      this.node = node;
      this.prefix = prefix;
    }

    /**
     * The object's fields, all of which must be known.
     *
     * @throws ApiException 400 {@code unknown_field} naming the first unknown field and the known ones
     */
    public static Fields of(ObjectNode node, String prefix, Collection<String> known) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        if (!known.contains(n)) {
          throw new ApiException(400, "unknown_field", "unknown field '" + prefix + n + "'; known: "
              + String.join(", ", known), prefix + n);
        }
      }
      return new Fields(node, prefix);
    }

    private @Nullable JsonNode get(String name) {
      JsonNode v = node.get(name);
      return v == null || v.isNull() ? null : v;
    }

    /** True when the field is present and not null. */
    public boolean has(String name) {
      return get(name) != null;
    }

    /** A string field, or null when absent. */
    public @Nullable String string(String name) {
      JsonNode v = get(name);
      if (v == null) {
        return null;
      }
      if (!v.isTextual()) {
        throw type(name, "a string");
      }
      return v.asText();
    }

    /** A required string field. */
    public String requiredString(String name) {
      String s = string(name);
      if (s == null || s.isBlank()) {
        throw ApiException.badField(prefix + name, "field '" + prefix + name + "' is required");
      }
      return s;
    }

    /** A list of strings, empty when absent. */
    public List<String> strings(String name) {
      JsonNode v = get(name);
      if (v == null) {
        return List.of();
      }
      if (!v.isArray()) {
        throw type(name, "an array of strings");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode e : v) {
        if (!e.isTextual()) {
          throw type(name, "an array of strings");
        }
        out.add(e.asText());
      }
      return out;
    }

    /** A boolean field, or the default when absent. */
    public boolean bool(String name, boolean fallback) {
      JsonNode v = get(name);
      if (v == null) {
        return fallback;
      }
      if (!v.isBoolean()) {
        throw type(name, "true or false");
      }
      return v.asBoolean();
    }

    /** An integer field within a range, or the default when absent. */
    public int integer(String name, int fallback, int min, int max) {
      JsonNode v = get(name);
      if (v == null) {
        return fallback;
      }
      if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
        throw type(name, "a whole number from " + min + " to " + max);
      }
      return v.asInt();
    }

    /** A nested object, or null when absent. */
    public @Nullable ObjectNode object(String name) {
      JsonNode v = get(name);
      if (v == null) {
        return null;
      }
      if (!v.isObject()) {
        throw type(name, "an object");
      }
      return (ObjectNode) v;
    }

    /** An object of string values, empty when absent (insertion order kept). */
    public Map<String, String> stringMap(String name) {
      ObjectNode o = object(name);
      Map<String, String> out = new LinkedHashMap<>();
      if (o == null) {
        return out;
      }
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw ApiException.badField(prefix + name, "field '" + prefix + name + "." + e.getKey()
              + "' must be a string");
        }
        out.put(e.getKey(), e.getValue().asText());
      }
      return out;
    }

    /** An instant (ISO-8601 with an offset or {@code Z}), or null when absent. */
    public @Nullable Instant instant(String name) {
      String s = string(name);
      return s == null ? null : parseInstant(prefix + name, s);
    }

    private ApiException type(String name, String what) {
      return ApiException.badField(prefix + name, "field '" + prefix + name + "' must be " + what);
    }
  }

  /** An ISO-8601 instant, with {@code Z} or an offset. */
  public static Instant parseInstant(String field, String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badField(field, "malformed time '" + printable(s)
          + "' in '" + field + "': expected ISO-8601 with an offset, like 2026-11-01T22:00:00Z");
    }
  }

  /** A duration as {@link SyncOptions#parseDuration} reads it, with the field named when it is malformed. */
  public static Duration parseDuration(String field, String s) {
    try {
      return SyncOptions.parseDuration("'" + field + "'", s);
    } catch (InvalidInputException e) {
      throw ApiException.badField(field, String.valueOf(e.getMessage()));
    }
  }

  /** A version, with the field named when it is malformed. */
  public static Version parseVersion(String field, String text) {
    try {
      return Version.parse(text);
    } catch (InvalidInputException e) {
      throw ApiException.badField(field, e.getMessage());
    }
  }

  /**
   * A shot glob as the library checks it ({@link io.shotsync.api.Selection#checkGlob}: not blank, relative, no
   * {@code ..} or empty segment, no backslash or control character), and over HTTP also no {@code .} segment and at
   * most 512 characters.
   */
  public static String checkGlob(String field, String glob) {
    String problem = null;
    if (glob.length() > 512) {
      problem = "it is longer than 512 characters";
    } else if (List.of(glob.split("/", -1)).contains(".")) {
      problem = "it has a '.' segment";
    }
    String hint = "; expected like ep01/sq010/* or ep01/**";
    if (problem != null) {
      throw ApiException.badField(field, "malformed shot glob '" + printable(glob) + "': " + problem + hint);
    }
    try {
      io.shotsync.api.Selection.checkGlob(glob);
    } catch (InvalidInputException e) {
      throw ApiException.badField(field, e.getMessage() + hint);
    }
    return glob;
  }

  // ------------------------------------------------------------------------------------------ task requests

  /**
   * The fields of a task body (POST tasks, and plan, which ignores {@code execute}): core's task spec fields but
   * {@code localRoot}, which comes from the endpoint's configuration, plus {@code execute}.
   */
  public static final List<String> TASK_FIELDS;

  static {
    List<String> fields = new ArrayList<>(new java.util.TreeSet<>(SyncJson.SPEC_FIELDS));
    fields.remove("localRoot");
    fields.add("execute");
    TASK_FIELDS = List.copyOf(fields);
  }

  /**
   * A task body as read.
   *
   * @param spec the task spec (the endpoint's local root, layout and options still to be resolved by ShotSync)
   * @param execute run it at once
   */
  public record TaskRequest(TaskSpec spec, boolean execute) {}

  /** The fields of a compare body. */
  public static final List<String> COMPARE_FIELDS = List.of("endpointId", "shots", "departments");

  /** Reads {@code {endpointId, shots, departments}}. */
  public static Map.Entry<String, Selection> compareRequest(ObjectNode body) {
    Fields f = Fields.of(body, "", COMPARE_FIELDS);
    return Map.entry(f.requiredString("endpointId"), selection(f));
  }

  private static Selection selection(Fields f) {
    List<String> shots = new ArrayList<>();
    for (String g : f.strings("shots")) {
      shots.add(checkGlob("shots", g));
    }
    List<Department> depts = new ArrayList<>();
    for (String d : f.strings("departments")) {
      try {
        depts.add(Department.of(d));
      } catch (InvalidInputException e) {
        throw ApiException.badField("departments", e.getMessage());
      }
    }
    return new Selection(shots, Set.copyOf(depts));
  }

  /** The endpoint id of a task body, before the rest is read against that endpoint's options. */
  public static String taskEndpointId(ObjectNode body) {
    return Fields.of(body, "", TASK_FIELDS).requiredString("endpointId");
  }

  /**
   * Reads a task body in core's shape ({@link SyncJson#readSpec}), first checking each field so that an error names
   * it: unknown fields, types, versions, globs, departments, times and options ({@code options} over the endpoint's
   * {@code baseOptions}). The strategy ids and the endpoint are checked by the caller against the registry.
   */
  public static TaskRequest taskRequest(ObjectNode body, SyncOptions baseOptions) {
    Fields f = Fields.of(body, "", TASK_FIELDS);
    f.requiredString("endpointId");
    f.string("name");
    selection(f);
    String versionStrategy = f.string("versionStrategy");
    String specific = f.string("specificVersion");
    Map<String, String> custom = f.stringMap("customVersions");
    ObjectNode spec = body.deepCopy();
    spec.remove("execute");
    if (specific != null) {
      if (versionStrategy != null && !versionStrategy.equals("specific")) {
        throw ApiException.badField("specificVersion", "specificVersion goes with versionStrategy 'specific', not '"
            + printable(versionStrategy) + "'");
      }
      parseVersion("specificVersion", specific);
      spec.put("versionStrategy", "specific");
    } else if ("specific".equals(versionStrategy)) {
      throw ApiException.badField("specificVersion", "version strategy 'specific' needs a specificVersion, like v005");
    }
    if (!custom.isEmpty() && versionStrategy != null && !versionStrategy.equals("custom")) {
      throw ApiException.badField("customVersions", "customVersions go with versionStrategy 'custom', not '"
          + printable(versionStrategy) + "'");
    }
    for (Map.Entry<String, String> e : custom.entrySet()) {
      try {
        ItemKey.parse(e.getKey());
      } catch (InvalidInputException ex) {
        throw ApiException.badField("customVersions", ex.getMessage());
      }
      parseVersion("customVersions", e.getValue());
    }
    f.string("conflictStrategy");
    f.stringMap("properties");
    Instant notBefore = f.instant("notBefore");
    ObjectNode retry = f.object("autoRetry");
    if (retry != null) {
      Fields r = Fields.of(retry, "autoRetry.", List.of("count", "delay"));
      r.integer("count", 0, 0, 100);
      String delay = r.string("delay");
      if (delay != null) {
        try {
          SyncOptions.parseDuration("autoRetry.delay", delay);
        } catch (InvalidInputException e) {
          throw ApiException.badField("autoRetry.delay", e.getMessage());
        }
      }
    }
    ObjectNode options = f.object("options");
    if (options != null) {
      try {
        SyncOptions.fromMap(map(options), baseOptions);
      } catch (InvalidInputException e) {
        throw ApiException.badField("options", e.getMessage());
      }
    }
    JsonNode layout = body.get("layout");
    if (layout != null && !layout.isNull() && !layout.isObject()) {
      throw ApiException.badField("layout", "field 'layout' must be a layout file's JSON object");
    }
    boolean execute = f.bool("execute", false);
    if (execute && notBefore != null) {
      throw ApiException.badField("notBefore", "a task with notBefore is queued for later; it cannot also"
          + " 'execute' now");
    }
    try {
      return new TaskRequest(SyncJson.readSpec(map(spec), baseOptions), execute);
    } catch (InvalidInputException e) {
      throw ApiException.badRequest("invalid_input", e.getMessage());
    }
  }

  private static Map<String, Object> map(ObjectNode node) {
    return MAPPER.convertValue(node, new TypeReference<Map<String, Object>>() {});
  }

  // ------------------------------------------------------------------------------------------ answers

  /** An error answer: {@code {error, message, field?, id?}}. */
  public static ObjectNode error(String error, String message, @Nullable String field, @Nullable String id) {
    ObjectNode o = object();
    o.put("error", error);
    o.put("message", message);
    if (field != null) {
      o.put("field", field);
    }
    if (id != null) {
      o.put("id", id);
    }
    return o;
  }

  /**
   * A configured endpoint: id, URL without password, host, port, user, root, ftps, its local root (null when each
   * task names its own), layout and default options.
   */
  public static ObjectNode endpoint(EndpointConfig c) {
    Endpoint e = c.endpoint();
    ObjectNode o = object();
    o.put("id", e.id());
    o.put("url", e.url());
    o.put("host", e.host());
    o.put("port", e.port());
    o.put("user", e.user());
    o.put("root", e.root());
    o.put("ftps", e.ftps());
    putText(o, "localRoot", c.localRoot() == null ? null : c.localRoot().toString());
    o.set("layout", layout(c.layout()));
    o.set("options", MAPPER.valueToTree(c.options().toMap()));
    return o;
  }

  /** A layout: its shot template and departments with their paths. */
  public static ObjectNode layout(Layout layout) {
    ObjectNode o = object();
    o.put("shotTemplate", layout.shotTemplate());
    ArrayNode depts = o.putArray("departments");
    for (DepartmentLayout d : layout.departments()) {
      ObjectNode dn = depts.addObject();
      dn.put("name", d.department().name());
      dn.put("path", d.path());
    }
    return o;
  }

  /** One strategy: id and description. */
  public static ObjectNode strategy(String id, String description) {
    ObjectNode o = object();
    o.put("id", id);
    o.put("description", description);
    return o;
  }

  /** A comparison row, in core's shape. */
  public static JsonNode row(ComparisonRow r) {
    return MAPPER.valueToTree(SyncJson.comparisonRow(r));
  }

  /** A dry-run plan, in core's shape: per item and file, the action, reason and size. */
  public static JsonNode plan(TaskPlan plan) {
    return MAPPER.valueToTree(SyncJson.plan(plan));
  }

  /**
   * A task in core's shape with its items' counts by status and summed statistics, plus {@code progress}
   * (transferred over total bytes, 0 to 1).
   */
  public static ObjectNode task(Task t, List<TaskItem> items) {
    return MAPPER.valueToTree(taskMap(t, items));
  }

  /**
   * {@link #task(Task, List)} as maps and lists, for answers written straight to text: the routes that clients poll
   * (the task list, a task) skip building a tree first, which cost as much as writing the text.
   */
  public static Map<String, Object> taskMap(Task t, List<TaskItem> items) {
    return withProgress(SyncJson.task(t, items), t);
  }

  /**
   * {@link #taskMap(Task, List)} from a store's summary of the task (its items counted, not read): the same fields
   * in the same order, for the task list.
   */
  public static Map<String, Object> taskMap(TaskSummary s) {
    return withProgress(SyncJson.task(s), s.task());
  }

  /** Adds {@code progress}: transferred over total bytes, 0 to 1 (1 for a completed task of no bytes). */
  private static Map<String, Object> withProgress(Map<String, Object> m, Task t) {
    m.put("progress", t.totalBytes() == 0 ? (t.status() == TaskStatus.COMPLETED ? 1.0 : 0.0)
        : Math.min(1.0, (double) t.transferredBytes() / t.totalBytes()));
    return m;
  }

  /** An item with its statistics, versions and message, in core's shape. */
  public static JsonNode item(TaskItem i) {
    return MAPPER.valueToTree(SyncJson.item(i));
  }

  /** A log record, in core's shape. */
  public static JsonNode log(LogRecord r) {
    return MAPPER.valueToTree(SyncJson.logRecord(r));
  }

  /** One file of a shot's history: core's file record with its department and its task's name. */
  public static ObjectNode history(FileRecord f, @Nullable String department, @Nullable String taskName) {
    ObjectNode o = MAPPER.valueToTree(SyncJson.fileRecord(f));
    putText(o, "department", department);
    putText(o, "taskName", taskName);
    return o;
  }

  /** Input as it may appear in a message: at most 80 characters, control characters escaped. */
  static String printable(String s) {
    return io.shotsync.api.Version.printableText(s);
  }






  private static void putText(ObjectNode o, String name, @Nullable String s) {
    if (s == null) {
      o.putNull(name);
    } else {
      o.put(name, s);
    }
  }


}
