package io.shotsync.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotsync.api.Department;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ShotKey;
import io.shotsync.api.spi.DepartmentLayout;
import io.shotsync.api.spi.DepartmentLayoutProvider;
import io.shotsync.core.internal.layout.ShotTemplate;
import io.shotsync.core.internal.layout.VersionFoldersLayout;
import io.shotsync.core.internal.layout.VersionedFilesLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where shots and their department versions live below an endpoint (or local) root: a shot path template and one
 * {@link DepartmentLayout} per department. Immutable and thread-safe.
 *
 * <p>The {@linkplain #defaults() default} is {@code {episode}/{sequence}/{shot}} with {@code anim} as version folders
 * at {@code anim/publish/<version>/**} and {@code lighting} as versioned files at
 * {@code lighting/version/*_v<NNN>.*}. A layout file (JSON) names the template and the full list of departments:
 *
 * <pre>{@code
 * {"shotTemplate": "{episode}/{sequence}/{shot}",
 *  "departments": [
 *    {"name": "anim", "path": "anim/publish", "kind": "version-folders"},
 *    {"name": "lighting", "path": "lighting/version", "kind": "versioned-files", "pattern": "_v(\\d+)\\."},
 *    {"name": "fx", "path": "fx/cache", "kind": "version-folders"}]}
 * }</pre>
 *
 * <p>Both fields are optional (a missing one keeps the default); a {@code departments} list replaces the default
 * departments, so list {@code anim} and {@code lighting} too to keep them. Any other field of a department is a
 * setting of its kind. Kinds are found through {@link Strategies}.
 */
public final class Layout {
  /** The default shot path template. */
  public static final String DEFAULT_SHOT_TEMPLATE = "{episode}/{sequence}/{shot}";
  private static final Set<String> TOP_FIELDS = Set.of("shotTemplate", "departments");
  /** Made on first use: the default layout, which most runs use, needs no JSON (start-up time counts). */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
  private static volatile @Nullable Strategies discovered;

  private final ShotTemplate template;
  private final List<DepartmentLayout> departments;
  private final @Nullable String json;

  private Layout(ShotTemplate template, List<DepartmentLayout> departments, @Nullable String json) {
    this.template = template;
    this.departments = List.copyOf(departments);
    this.json = json;
  }

  /** The default layout: anim version folders and lighting versioned files under {@code {episode}/{sequence}/{shot}}. */
  public static Layout defaults() {
    return new Layout(ShotTemplate.parse(DEFAULT_SHOT_TEMPLATE), List.of(
        new VersionFoldersLayout(Department.ANIM, "anim/publish"),
        new VersionedFilesLayout(Department.LIGHTING, "lighting/version", VersionedFilesLayout.DEFAULT_PATTERN, false)),
        null);
  }

  /** A layout from a template and department layouts. */
  public static Layout of(String shotTemplate, List<? extends DepartmentLayout> departments) {
    checkUnique(departments);
    return new Layout(ShotTemplate.parse(shotTemplate), List.copyOf(departments), null);
  }

  /**
   * Reads a layout from JSON, finding kinds among the providers on the class path.
   *
   * @throws InvalidInputException naming what is wrong
   */
  public static Layout fromJson(String json) {
    return fromJson(json, discovered());
  }

  /**
   * Reads a layout from JSON, finding kinds in the given registry.
   *
   * @throws InvalidInputException naming what is wrong
   */
  public static Layout fromJson(String json, Strategies strategies) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("malformed layout JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr()));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("malformed layout: expected a JSON object with shotTemplate and departments");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!TOP_FIELDS.contains(field)) {
        throw new InvalidInputException("unknown field '" + field + "' in layout; known: shotTemplate, departments");
      }
    }
    String template = DEFAULT_SHOT_TEMPLATE;
    JsonNode t = root.get("shotTemplate");
    if (t != null) {
      if (!t.isTextual()) {
        throw new InvalidInputException("layout field shotTemplate must be a string");
      }
      template = t.asText();
    }
    ShotTemplate shotTemplate = ShotTemplate.parse(template);
    JsonNode depts = root.get("departments");
    if (depts == null) {
      return new Layout(shotTemplate, defaults().departments, json);
    }
    if (!depts.isArray() || depts.isEmpty()) {
      throw new InvalidInputException("layout field departments must be a non-empty array");
    }
    List<DepartmentLayout> out = new ArrayList<>();
    int index = 0;
    for (JsonNode d : depts) {
      out.add(department(d, index++, strategies));
    }
    checkUnique(out);
    return new Layout(shotTemplate, out, json);
  }

  private static DepartmentLayout department(JsonNode d, int index, Strategies strategies) {
    String where = "department #" + (index + 1) + " of the layout";
    if (!d.isObject()) {
      throw new InvalidInputException(where + " must be an object with name, path and kind");
    }
    String name = text(d, "name", where);
    Department department = Department.of(name);
    where = "department " + name + " of the layout";
    String path = text(d, "path", where);
    String kind = text(d, "kind", where);
    Map<String, String> settings = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (Set.of("name", "path", "kind").contains(e.getKey())) {
        continue;
      }
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new InvalidInputException("setting " + e.getKey() + " of " + where + " must be a string, number or boolean");
      }
      settings.put(e.getKey(), e.getValue().asText());
    }
    DepartmentLayoutProvider provider;
    try {
      provider = strategies.layoutKind(kind);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("kind of " + where + ": " + e.getMessage());
    }
    DepartmentLayout layout = provider.create(department, path, Map.copyOf(settings));
    if (!layout.department().equals(department)) {
      throw new InvalidInputException("layout kind " + kind + " made a layout for " + layout.department()
          + " when asked for " + department);
    }
    return layout;
  }

  private static String text(JsonNode d, String field, String where) {
    JsonNode v = d.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new InvalidInputException(where + " lacks the string field " + field);
    }
    return v.asText();
  }

  private static void checkUnique(List<? extends DepartmentLayout> departments) {
    Set<Department> seen = new java.util.HashSet<>();
    for (DepartmentLayout d : departments) {
      if (!seen.add(d.department())) {
        throw new InvalidInputException("department " + d.department() + " appears twice in the layout");
      }
    }
  }

  /**
   * Reads a layout file (UTF-8 JSON).
   *
   * @throws InvalidInputException when the file cannot be read or is malformed; the message names the file
   */
  public static Layout load(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read layout file " + file + ": " + e);
    }
    try {
      return fromJson(json);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("layout file " + file + ": " + e.getMessage());
    }
  }

  private static Strategies discovered() {
    Strategies s = discovered;
    if (s == null) {
      s = Strategies.discover();
      for (String kind : List.of(VersionFoldersLayout.KIND, VersionedFilesLayout.KIND)) {
        if (!s.layoutKinds().contains(kind)) {
          // built-ins work even where service files were lost (a shaded jar)
          s.register(kind.equals(VersionFoldersLayout.KIND)
              ? new io.shotsync.core.internal.layout.VersionFoldersProvider()
              : new io.shotsync.core.internal.layout.VersionedFilesProvider());
        }
      }
      discovered = s;
    }
    return s;
  }

  /** The shot path template, such as {@code {episode}/{sequence}/{shot}}. */
  public String shotTemplate() {
    return template.text();
  }

  /**
   * The layout-file JSON this layout was read from, which a task stores so that any process runs it with the same
   * layout; null for the {@linkplain #defaults() default} and for layouts built in code with {@link #of}.
   */
  public @Nullable String json() {
    return json;
  }

  /** The department layouts, in the order the layout names them. */
  public List<DepartmentLayout> departments() {
    return departments;
  }

  /** The layout of one department, if the layout has it. */
  public Optional<DepartmentLayout> department(Department department) {
    return departments.stream().filter(d -> d.department().equals(department)).findFirst();
  }

  /** The shot's directory relative to the root, such as {@code ep01/sq010/sh0010}. */
  public String shotPath(ShotKey shot) {
    return template.path(shot);
  }

  /** The department directory of a shot relative to the root, such as {@code ep01/sq010/sh0010/anim/publish}. */
  public String departmentPath(ShotKey shot, DepartmentLayout department) {
    return shotPath(shot) + "/" + department.path();
  }

  @Override
  public String toString() {
    return "Layout[" + template + ", " + departments + "]";
  }
}
