package io.shotsync.core.internal.json;

import io.shotsync.api.InvalidInputException;
import io.shotsync.api.Version;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads of a JSON object's fields (a map as {@link JsonText#parse} gives it), each failing with an
 * {@link InvalidInputException} that names the field, and the few conversions the writers share.
 */
public final class JsonFields {
  private JsonFields() {}

  /** A version, instant or other value as text; null stays null. */
  public static @Nullable String text(@Nullable Object o) {
    return o == null ? null : o instanceof Version v ? v.text() : o.toString();
  }

  /** Versions as their texts. */
  public static List<String> texts(List<Version> versions) {
    return versions.stream().map(Version::text).toList();
  }

  /** A required string. */
  public static String string(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      throw new InvalidInputException("field '" + key + "' is required");
    }
    if (!(v instanceof String s)) {
      throw new InvalidInputException("field '" + key + "' must be a string");
    }
    return s;
  }

  /** A string, or null where the field is absent or null. */
  public static @Nullable String stringOrNull(Map<String, ?> m, String key) {
    return m.get(key) == null ? null : string(m, key);
  }

  /** A required whole number. */
  public static long longValue(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (v instanceof Number n && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    throw new InvalidInputException("field '" + key + "' must be a whole number");
  }

  /** A whole number, or {@code absent} where the field is absent or null (a field newer than the writer). */
  public static long longOr(Map<String, ?> m, String key, long absent) {
    return m.get(key) == null ? absent : longValue(m, key);
  }

  /** A list of strings; empty where the field is absent. */
  public static List<String> strings(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list) || list.stream().anyMatch(o -> !(o instanceof String))) {
      throw new InvalidInputException("field '" + key + "' must be a list of strings");
    }
    return list.stream().map(String.class::cast).toList();
  }

  /** A required object. */
  @SuppressWarnings("unchecked")
  public static Map<String, ?> object(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Map<?, ?> map)) {
      throw new InvalidInputException("field '" + key + "' must be an object");
    }
    return (Map<String, ?>) map;
  }

  /** A required ISO-8601 instant. */
  public static Instant instant(Map<String, ?> m, String key) {
    Instant i = instantOrNull(m, key);
    if (i == null) {
      throw new InvalidInputException("field '" + key + "' is required");
    }
    return i;
  }

  /** An ISO-8601 instant, or null where the field is absent or null. */
  public static @Nullable Instant instantOrNull(Map<String, ?> m, String key) {
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

  /** A required enum constant by name, in any case. */
  public static <E extends Enum<E>> E enumValue(Map<String, ?> m, String key, Class<E> type) {
    String s = string(m, key);
    try {
      return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("malformed " + key + " '" + Version.printableText(s) + "'");
    }
  }

  /** A list of versions; empty where the field is absent. */
  public static List<Version> versions(Map<String, ?> m, String key) {
    List<Version> out = new ArrayList<>();
    for (String s : strings(m, key)) {
      out.add(Version.parse(s));
    }
    return out;
  }

  /** A version, or null where the field is absent or null. */
  public static @Nullable Version versionOrNull(Map<String, ?> m, String key) {
    String s = stringOrNull(m, key);
    return s == null ? null : Version.parse(s);
  }
}
