package io.shotsync.cli.internal;

import io.shotsync.api.FileStats;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** JSON documents, tables and summary lines for tasks and their items. */
public final class Reports {
  private Reports() {}

  /** The exit status a finished task stands for. */
  public static int exitCode(Task task, List<TaskItem> items) {
    if (task.status() == TaskStatus.CANCELLED) {
      return ExitCodes.INTERRUPTED;
    }
    boolean failed = task.status() == TaskStatus.FAILED || task.status() == TaskStatus.PARTIAL
        || items.stream().anyMatch(i -> i.status() == ItemStatus.FAILED || i.status() == ItemStatus.CANCELLED);
    return failed ? ExitCodes.ITEMS_FAILED : ExitCodes.OK;
  }

  /**
   * Prints a finished task: the JSON document in {@code --json} mode; else the item table on a terminal
   * (not in quiet mode) and the summary line.
   */
  public static void print(Output out, Task task, List<TaskItem> items) {
    if (out.json()) {
      out.printJson(taskJson(task, items));
      return;
    }
    if (out.live()) {
      out.out().print(itemTable(items));
    } else if (out.quiet()) {
      for (TaskItem i : items) {
        if (i.status() == ItemStatus.FAILED) {
          out.error(Progress.itemLine(i));
        }
      }
    }
    out.summary(summaryLine(task, items));
  }

  /** The task with its items: id, status, totals and one entry per item. */
  public static Map<String, Object> taskJson(Task task, List<TaskItem> items) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("taskId", task.id());
    m.put("status", task.status().name());
    m.put("message", task.message());
    m.put("name", task.name());
    m.put("endpoint", task.endpointId());
    m.put("versionStrategy", task.spec().versionStrategy());
    m.put("conflictStrategy", task.spec().conflictStrategy());
    m.put("createdAt", text(task.createdAt()));
    m.put("startedAt", text(task.startedAt()));
    m.put("completedAt", text(task.completedAt()));
    m.put("attempts", task.attempts());
    m.put("notBefore", text(task.spec().notBefore()));
    m.put("totalBytes", task.totalBytes());
    m.put("transferredBytes", task.transferredBytes());
    m.put("totals", totalsJson(items));
    List<Object> list = new ArrayList<>();
    for (TaskItem i : items) {
      list.add(itemJson(i));
    }
    m.put("items", list);
    return m;
  }

  /** One item: shot, department, versions, status, file counts, bytes and the error if any. */
  public static Map<String, Object> itemJson(TaskItem i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.id());
    m.put("shot", i.shot().path());
    m.put("department", i.department().name());
    m.put("status", i.status().name());
    m.put("versions", versions(i.fetchedVersions()));
    m.put("availableVersions", versions(i.availableVersions()));
    m.put("latestVersion", text(i.latestVersion()));
    m.put("localVersion", text(i.localVersion()));
    m.put("selectedVersion", text(i.selectedVersion()));
    m.put("files", i.fileCount());
    putStats(m, i.stats());
    m.put("totalBytes", i.totalBytes());
    m.put("bytesTransferred", i.transferredBytes());
    m.put("error", i.status() == ItemStatus.FAILED || i.status() == ItemStatus.CANCELLED ? i.message() : null);
    m.put("message", i.message());
    return m;
  }

  private static Map<String, Object> totalsJson(List<TaskItem> items) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("items", items.size());
    for (ItemStatus s : ItemStatus.values()) {
      m.put(s.name().toLowerCase(Locale.ROOT) + "Items", items.stream().filter(i -> i.status() == s).count());
    }
    putStats(m, sum(items));
    m.put("bytesTransferred", items.stream().mapToLong(TaskItem::transferredBytes).sum());
    return m;
  }

  private static void putStats(Map<String, Object> m, FileStats s) {
    m.put("downloaded", s.downloaded());
    m.put("skipped", s.skipped());
    m.put("overwritten", s.overwritten());
    m.put("keptBoth", s.keptBoth());
    m.put("resumed", s.resumed());
    m.put("failed", s.failed());
  }

  /** The file counters of every item added up. */
  public static FileStats sum(List<TaskItem> items) {
    FileStats s = FileStats.ZERO;
    for (TaskItem i : items) {
      s = s.plus(i.stats());
    }
    return s;
  }

  /** A table with one row per item. */
  public static String itemTable(List<TaskItem> items) {
    Table t = new Table("ITEM", "VERSIONS", "STATUS", "DOWN", "SKIP", "OVER", "BOTH", "RESUME", "FAIL", "BYTES",
        "MESSAGE").right(3, 4, 5, 6, 7, 8, 9);
    for (TaskItem i : items) {
      FileStats s = i.stats();
      t.row(i.key(), i.fetchedVersions().isEmpty() ? "-" : String.join(",", versions(i.fetchedVersions())),
          i.status().name().toLowerCase(Locale.ROOT), s.downloaded(), s.skipped(), s.overwritten(), s.keptBoth(),
          s.resumed(), s.failed(), Units.bytes(i.transferredBytes()), shorten(i.message(), 60));
    }
    return t.render();
  }

  /** {@code COMPLETED task 3f2a...: 8 items, 61 files (61 downloaded, ...), 3.5 MiB in 1.2s}. */
  public static String summaryLine(Task task, List<TaskItem> items) {
    FileStats s = sum(items);
    long bytes = items.stream().mapToLong(TaskItem::transferredBytes).sum();
    StringBuilder b = new StringBuilder();
    b.append(task.status().name()).append(" task ").append(task.id()).append(": ").append(items.size())
        .append(items.size() == 1 ? " item, " : " items, ").append(s.total()).append(" files (")
        .append(s.downloaded()).append(" downloaded, ").append(s.skipped()).append(" skipped, ")
        .append(s.overwritten()).append(" overwritten, ").append(s.keptBoth()).append(" kept both, ")
        .append(s.resumed()).append(" resumed, ").append(s.failed()).append(" failed), ")
        .append(Units.bytes(bytes));
    if (task.startedAt() != null && task.completedAt() != null) {
      Duration d = Duration.between(task.startedAt(), task.completedAt());
      b.append(" in ").append(Units.duration(d));
      if (d.toMillis() > 0 && bytes > 0) {
        b.append(" (").append(Units.rate(bytes * 1000.0 / d.toMillis())).append(')');
      }
    }
    if (task.message() != null && !task.message().isBlank()) {
      b.append(" - ").append(task.message());
    }
    return b.toString();
  }

  /** {@code 2024-01-01T10:00:00.123Z INFO  path: message}. */
  public static String logLine(LogRecord r) {
    return r.time() + " " + String.format(Locale.ROOT, "%-5s", r.level().name()) + " "
        + (r.file() != null ? r.file() + ": " : "") + r.message();
  }

  /** A log record as JSON. */
  public static Map<String, Object> logJson(LogRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sequence", r.sequence());
    m.put("time", r.time().toString());
    m.put("level", r.level().name());
    m.put("itemId", r.itemId());
    m.put("file", r.file());
    m.put("message", r.message());
    return m;
  }

  /** Version spellings. */
  public static List<String> versions(List<Version> versions) {
    return versions.stream().map(Version::text).collect(Collectors.toList());
  }

  static @Nullable String text(@Nullable Version v) {
    return v == null ? null : v.text();
  }

  static String shorten(@Nullable String s, int max) {
    if (s == null) {
      return "";
    }
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= max ? one : one.substring(0, max - 3) + "...";
  }

  static @Nullable String text(@Nullable Instant i) {
    return i == null ? null : i.toString();
  }
}
