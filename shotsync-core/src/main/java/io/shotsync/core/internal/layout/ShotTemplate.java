package io.shotsync.core.internal.layout;

import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ShotKey;
import io.shotsync.core.internal.files.SafePaths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A parsed shot path template such as {@code {episode}/{sequence}/{shot}} or {@code shows/ep_{episode}/{sequence}/{shot}}:
 * each segment is literal text or holds one of {@code {episode}}, {@code {sequence}}, {@code {shot}} (each exactly
 * once), with optional literal text around it.
 */
public final class ShotTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
  private static final List<String> NAMES = List.of("episode", "sequence", "shot");

  private final String text;
  private final List<Segment> segments;

  private record Segment(String literal, @Nullable String placeholder, String prefix, String suffix) {}

  private ShotTemplate(String text, List<Segment> segments) {
    this.text = text;
    this.segments = List.copyOf(segments);
  }

  /**
   * Parses a template.
   *
   * @throws InvalidInputException naming what is wrong
   */
  public static ShotTemplate parse(String template) {
    String t = template.strip();
    if (t.startsWith("/") || t.endsWith("/") || t.isEmpty()) {
      throw new InvalidInputException("malformed shot template '" + SafePaths.printable(template)
          + "': expected a relative path like {episode}/{sequence}/{shot}");
    }
    List<Segment> segments = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String seg : t.split("/", -1)) {
      Matcher m = PLACEHOLDER.matcher(seg);
      String placeholder = null;
      String prefix = seg;
      String suffix = "";
      if (m.find()) {
        placeholder = m.group(1);
        if (!NAMES.contains(placeholder)) {
          throw new InvalidInputException("unknown placeholder {" + placeholder + "} in shot template '" + template
              + "'; known: {episode}, {sequence}, {shot}");
        }
        if (seen.put(placeholder, segments.size()) != null) {
          throw new InvalidInputException("placeholder {" + placeholder + "} appears twice in shot template '"
              + template + "'");
        }
        prefix = seg.substring(0, m.start());
        suffix = seg.substring(m.end());
        if (m.find()) {
          throw new InvalidInputException("segment '" + seg + "' of shot template '" + template
              + "' holds more than one placeholder");
        }
      }
      String literalCheck = prefix + suffix;
      if (seg.contains("{") && placeholder == null || literalCheck.contains("{") || literalCheck.contains("}")) {
        throw new InvalidInputException("malformed segment '" + seg + "' in shot template '" + template + "'");
      }
      if (placeholder == null) {
        String why = SafePaths.refusal(seg);
        if (why != null) {
          throw new InvalidInputException("segment '" + SafePaths.printable(seg) + "' of shot template '"
              + SafePaths.printable(template) + "' is malformed: " + why);
        }
      } else if (!literalCheck.isEmpty() && SafePaths.refusal(literalCheck) != null) {
        throw new InvalidInputException("segment '" + SafePaths.printable(seg) + "' of shot template '"
            + SafePaths.printable(template) + "' is malformed");
      }
      segments.add(new Segment(placeholder == null ? seg : "", placeholder, prefix, suffix));
    }
    for (String name : NAMES) {
      if (!seen.containsKey(name)) {
        throw new InvalidInputException("shot template '" + template + "' lacks {" + name + "}");
      }
    }
    return new ShotTemplate(t, segments);
  }

  /** The template text. */
  public String text() {
    return text;
  }

  /** How many directory levels a shot path has. */
  public int depth() {
    return segments.size();
  }

  /** True when a directory name can stand at this level (0-based) of a shot path. */
  public boolean matches(int level, String name) {
    Segment s = segments.get(level);
    if (s.placeholder() == null) {
      return s.literal().equals(name);
    }
    return name.length() > s.prefix().length() + s.suffix().length() && name.startsWith(s.prefix())
        && name.endsWith(s.suffix());
  }

  /**
   * The shot whose path these names (one per level) make, or null when they do not fit the template or make no
   * valid shot key.
   */
  public @Nullable ShotKey shotOf(List<String> names) {
    if (names.size() != segments.size()) {
      return null;
    }
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (!matches(i, names.get(i))) {
        return null;
      }
      Segment s = segments.get(i);
      if (s.placeholder() != null) {
        String n = names.get(i);
        values.put(s.placeholder(), n.substring(s.prefix().length(), n.length() - s.suffix().length()));
      }
    }
    String episode = values.get("episode");
    String sequence = values.get("sequence");
    String shot = values.get("shot");
    if (episode == null || sequence == null || shot == null) {
      return null; // parse() makes every template hold all three placeholders
    }
    try {
      return new ShotKey(episode, sequence, shot);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The shot's directory relative to the endpoint (or local) root. */
  public String path(ShotKey shot) {
    String[] parts = new String[segments.size()];
    for (int i = 0; i < parts.length; i++) {
      Segment s = segments.get(i);
      if (s.placeholder() == null) {
        parts[i] = s.literal();
      } else {
        String value = switch (s.placeholder()) {
          case "episode" -> shot.episode();
          case "sequence" -> shot.sequence();
          default -> shot.shot();
        };
        parts[i] = s.prefix() + value + s.suffix();
      }
    }
    return String.join("/", Arrays.asList(parts));
  }

  @Override
  public String toString() {
    return text;
  }
}
