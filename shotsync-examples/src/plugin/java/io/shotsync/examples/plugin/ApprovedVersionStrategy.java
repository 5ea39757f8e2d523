package io.shotsync.examples.plugin;

import io.shotsync.api.ItemKey;
import io.shotsync.api.Version;
import io.shotsync.api.spi.VersionContext;
import io.shotsync.api.spi.VersionDecision;
import io.shotsync.api.spi.VersionStrategy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code approved}: fetches only the version a supervisor approved for each shot and department, as listed in
 * a sidecar file; every other item is skipped with the reason.
 *
 * <p>The file is the task property {@value #FILE_PROPERTY} (absolute, or relative to the local root), or else
 * {@code approved.txt} and then {@code approved.json} under the local root. Two formats:
 *
 * <pre>
 * # approved.txt: one item per line, '#' starts a comment
 * ep01/sq010/sh0010/anim = v002
 * ep01/sq010/sh0010/lighting = v001
 *
 * approved.json: one flat object
 * {"ep01/sq010/sh0010/anim": "v002", "ep01/sq010/sh0010/lighting": "v001"}
 * </pre>
 *
 * <p>The file is read once and read again only when its size or modification time changes, so the strategy
 * stays fast for thousands of items. It never throws for an item: a missing or malformed file skips every
 * item with a reason that names the file (and the line).
 */
public final class ApprovedVersionStrategy implements VersionStrategy {

  /** The task property that names the approvals file. */
  public static final String FILE_PROPERTY = "approved.file";

  private static final Pattern JSON_ENTRY = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final Map<Path, Approvals> cache = new ConcurrentHashMap<>();

  /** Creates the strategy; ServiceLoader calls this. */
  public ApprovedVersionStrategy() {}

  @Override
  public String id() {
    return "approved";
  }

  @Override
  public String description() {
    return "only the version approved per shot in approved.txt/approved.json (task property approved.file); "
        + "others are skipped";
  }

  @Override
  public VersionDecision select(VersionContext c) {
    Path file = approvalsFile(c);
    if (file == null) {
      return VersionDecision.skip("no approvals file: set the task property " + FILE_PROPERTY
          + " or put approved.txt or approved.json under " + c.localRoot());
    }
    Approvals approvals = load(file);
    if (approvals.error != null) {
      return VersionDecision.skip(approvals.error);
    }
    Version approved = approvals.versions.get(c.item());
    if (approved == null) {
      return VersionDecision.skip("no approved version of " + c.item() + " in " + file);
    }
    if (!c.available().contains(approved)) {
      return VersionDecision.skip("approved version " + approved + " of " + c.item()
          + " is not on the server; available: " + (c.available().isEmpty() ? "none"
              : c.available().stream().map(Version::toString).collect(Collectors.joining(", "))));
    }
    return VersionDecision.fetch(approved, "approved " + approved + " in " + file.getFileName());
  }

  private static @Nullable Path approvalsFile(VersionContext c) {
    String named = c.properties().get(FILE_PROPERTY);
    if (named != null && !named.isBlank()) {
      return c.localRoot().resolve(named.strip()).toAbsolutePath().normalize();
    }
    for (String name : List.of("approved.txt", "approved.json")) {
      Path candidate = c.localRoot().resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    return null;
  }

  private Approvals load(Path file) {
    FileTime mtime;
    long size;
    try {
      mtime = Files.getLastModifiedTime(file);
      size = Files.size(file);
    } catch (IOException e) {
      return Approvals.failed("approvals file " + file + " cannot be read: " + e);
    }
    return cache.compute(file, (path, old) ->
        old != null && old.mtime.equals(mtime) && old.size == size ? old : parse(path, mtime, size));
  }

  private static Approvals parse(Path file, FileTime mtime, long size) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Approvals.failed("approvals file " + file + " cannot be read: " + e);
    }
    Map<ItemKey, Version> versions = new LinkedHashMap<>();
    try {
      if (file.getFileName().toString().endsWith(".json")) {
        Matcher m = JSON_ENTRY.matcher(text);
        while (m.find()) {
          versions.put(ItemKey.parse(m.group(1)), Version.parse(m.group(2)));
        }
        if (versions.isEmpty() && !text.replaceAll("[\\s{}]", "").isEmpty()) {
          return Approvals.failed("approvals file " + file + " is not a flat JSON object of \"shot/dept\": \"vNNN\"");
        }
      } else {
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
          String line = lines[i].replaceFirst("#.*", "").strip();
          if (line.isEmpty()) {
            continue;
          }
          int eq = line.indexOf('=');
          if (eq < 0) {
            return Approvals.failed("approvals file " + file + " line " + (i + 1)
                + ": expected episode/sequence/shot/department = vNNN");
          }
          try {
            versions.put(ItemKey.parse(line.substring(0, eq).strip()), Version.parse(line.substring(eq + 1).strip()));
          } catch (RuntimeException e) {
            return Approvals.failed("approvals file " + file + " line " + (i + 1) + ": " + e.getMessage());
          }
        }
      }
    } catch (RuntimeException e) {
      return Approvals.failed("approvals file " + file + ": " + e.getMessage());
    }
    return new Approvals(mtime, size, Map.copyOf(versions), null);
  }

  /** One read of the approvals file. */
  private record Approvals(FileTime mtime, long size, Map<ItemKey, Version> versions, @Nullable String error) {
    static Approvals failed(String error) {
      // Never cached as valid: a zero time and size do not match the file once it is fixed.
      return new Approvals(FileTime.fromMillis(0), -1, Map.of(), error);
    }
  }
}
