package io.shotsync.core.internal.json;

import static io.shotsync.core.internal.json.JsonFields.instantOrNull;
import static io.shotsync.core.internal.json.JsonFields.longValue;
import static io.shotsync.core.internal.json.JsonFields.object;
import static io.shotsync.core.internal.json.JsonFields.string;
import static io.shotsync.core.internal.json.JsonFields.strings;
import static io.shotsync.core.internal.json.JsonFields.text;

import io.shotsync.api.Department;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ItemKey;
import io.shotsync.api.Selection;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A task spec's JSON shape, written and read field by field (the shape {@code SyncJson.spec} documents). */
public final class SpecJson {
  /** The fields of a task spec, as {@link #write} writes and {@link #read} reads them. */
  public static final Set<String> FIELDS = Set.of("endpointId", "name", "shots", "departments",
      "versionStrategy", "specificVersion", "customVersions", "conflictStrategy", "properties", "notBefore",
      "autoRetry", "localRoot", "layout", "options");

  private SpecJson() {}

  /** A task spec as a map of {@link #FIELDS}. */
  public static Map<String, Object> write(TaskSpec s) {
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
    m.put("properties", new TreeMap<>(s.properties()));
    m.put("notBefore", text(s.notBefore()));
    Map<String, Object> retry = new LinkedHashMap<>();
    retry.put("count", s.autoRetries());
    retry.put("delay", s.retryDelay().toString());
    m.put("autoRetry", retry);
    m.put("localRoot", s.localRoot() == null ? null : s.localRoot().toString());
    m.put("layout", s.layout() == null ? null : JsonText.parse(s.layout()));
    m.put("options", s.options() == null ? null : s.options().toMap());
    return m;
  }

  /**
   * Reads a task spec: {@code endpointId} is required; other fields left out keep the builder's defaults, and
   * {@code options} fields left out keep {@code baseOptions}'.
   *
   * @throws InvalidInputException naming the field that is unknown or malformed
   */
  public static TaskSpec read(Map<String, ?> m, SyncOptions baseOptions) {
    onlyKnown(m.keySet(), FIELDS, "");
    TaskSpec.Builder b = TaskSpec.builder(string(m, "endpointId"));
    if (m.get("name") != null) {
      b.name(string(m, "name"));
    }
    b.selection(selection(m));
    Map<ItemKey, Version> versions = customVersions(m);
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
    properties(m, b);
    b.notBefore(instantOrNull(m, "notBefore"));
    autoRetry(m, b);
    if (m.get("localRoot") != null) {
      b.localRoot(Path.of(string(m, "localRoot")));
    }
    Object layout = m.get("layout");
    if (layout != null) {
      b.layout(layout instanceof String s ? s : JsonText.write(layout));
    }
    options(m, b, baseOptions);
    return b.build();
  }

  private static void onlyKnown(Set<String> keys, Set<String> known, String prefix) {
    for (String k : keys) {
      if (!known.contains(k)) {
        throw new InvalidInputException("unknown field '" + prefix + Version.printableText(k) + "'; known: "
            + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  private static Selection selection(Map<String, ?> m) {
    Set<Department> depts = new TreeSet<>();
    for (String d : strings(m, "departments")) {
      depts.add(Department.of(d));
    }
    return new Selection(strings(m, "shots"), depts);
  }

  private static Map<ItemKey, Version> customVersions(Map<String, ?> m) {
    Map<String, ?> custom = m.get("customVersions") == null ? Map.of() : object(m, "customVersions");
    Map<ItemKey, Version> versions = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : custom.entrySet()) {
      if (!(e.getValue() instanceof String v)) {
        throw new InvalidInputException("customVersions['" + Version.printableText(e.getKey())
            + "'] must be a version like v003");
      }
      versions.put(ItemKey.parse(e.getKey()), Version.parse(v));
    }
    return versions;
  }

  private static void properties(Map<String, ?> m, TaskSpec.Builder b) {
    if (m.get("properties") == null) {
      return;
    }
    for (Map.Entry<String, ?> e : object(m, "properties").entrySet()) {
      if (!(e.getValue() instanceof String v)) {
        throw new InvalidInputException("properties['" + Version.printableText(e.getKey()) + "'] must be a string");
      }
      b.property(e.getKey(), v);
    }
  }

  private static void autoRetry(Map<String, ?> m, TaskSpec.Builder b) {
    if (m.get("autoRetry") == null) {
      return;
    }
    Map<String, ?> r = object(m, "autoRetry");
    onlyKnown(r.keySet(), Set.of("count", "delay"), "autoRetry.");
    b.autoRetry((int) longValue(r, "count"), r.get("delay") == null ? Duration.ofMinutes(1)
        : SyncOptions.parseDuration("autoRetry.delay", string(r, "delay")));
  }

  @SuppressWarnings("unchecked")
  private static void options(Map<String, ?> m, TaskSpec.Builder b, SyncOptions baseOptions) {
    Object options = m.get("options");
    if (options == null) {
      return;
    }
    if (!(options instanceof Map<?, ?> o)) {
      throw new InvalidInputException("field 'options' must be an object");
    }
    b.options(SyncOptions.fromMap((Map<String, ?>) o, baseOptions));
  }
}
