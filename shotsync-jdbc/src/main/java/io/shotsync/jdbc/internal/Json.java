package io.shotsync.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotsync.api.Department;
import io.shotsync.api.ItemKey;
import io.shotsync.api.Selection;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The JSON columns: version lists, the selection, custom versions and properties, as plain lists and maps. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final TypeReference<Map<String, Object>> OBJECT_MAP = new TypeReference<>() {};
  private static final TypeReference<Map<String, List<String>>> SELECTION = new TypeReference<>() {};

  private Json() {}

  /** {@code ["v001","v002"]}, keeping each version's spelling. */
  public static String versions(List<Version> versions) {
    return write(versions.stream().map(Version::text).toList());
  }

  /** Reads {@link #versions}. */
  public static List<Version> versions(String json) {
    List<Version> out = new ArrayList<>();
    for (String s : read(json, STRINGS)) {
      out.add(Version.parse(s));
    }
    return out;
  }

  /** {@code {"shots":[...],"departments":[...]}}. */
  public static String selection(Selection s) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("shots", s.shotGlobs());
    m.put("departments", new TreeSet<>(s.departments()).stream().map(Department::name).toList());
    return write(m);
  }

  /** Reads {@link #selection}. */
  public static Selection selection(String json) {
    Map<String, List<String>> m = read(json, SELECTION);
    TreeSet<Department> depts = new TreeSet<>();
    for (String d : m.getOrDefault("departments", List.of())) {
      depts.add(Department.of(d));
    }
    return new Selection(m.getOrDefault("shots", List.of()), depts);
  }

  /** {@code {"ep01/sq010/sh0010/anim":"v003"}}. */
  public static String customVersions(Map<ItemKey, Version> versions) {
    Map<String, String> m = new TreeMap<>();
    versions.forEach((k, v) -> m.put(k.toString(), v.text()));
    return write(m);
  }

  /** Reads {@link #customVersions}. */
  public static Map<ItemKey, Version> customVersions(String json) {
    Map<ItemKey, Version> out = new LinkedHashMap<>();
    read(json, STRING_MAP).forEach((k, v) -> out.put(ItemKey.parse(k), Version.parse(v)));
    return out;
  }

  /** Task options as {@link SyncOptions#toMap()} gives them. */
  public static String options(SyncOptions options) {
    return write(options.toMap());
  }

  /** Reads {@link #options(SyncOptions)}; fields a newer writer added would be refused, not dropped. */
  public static SyncOptions options(String json) {
    return SyncOptions.fromMap(read(json, OBJECT_MAP), SyncOptions.defaults());
  }

  /** A string map, keys sorted. */
  public static String properties(Map<String, String> properties) {
    return write(new TreeMap<>(properties));
  }

  /** Reads {@link #properties}. */
  public static Map<String, String> properties(String json) {
    return read(json, STRING_MAP);
  }

  private static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new ShotSyncException("could not write JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new ShotSyncException("malformed JSON in the store: " + e.getOriginalMessage(), e);
    }
  }
}
