package io.shotsync.cli.internal;

import io.shotsync.api.FileStats;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.core.SyncJson;
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

  /**
   * Prints each entry the scan could not read as an error on stderr (also with {@code --json} and {@code --quiet}),
   * and answers the exit status it stands for: {@link ExitCodes#ITEMS_FAILED} when there was any, since a file of a
   * shot may be missing, else {@link ExitCodes#OK}.
   */
  public static int listingErrors(Output out, io.shotsync.core.Structure structure) {
    for (io.shotsync.core.Structure.ListingError e : structure.errors()) {
      out.err().println("shotsync: error: " + e.message());
    }
    return structure.errors().isEmpty() ? ExitCodes.OK : ExitCodes.ITEMS_FAILED;
  }

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

  /**
   * The task in the one JSON shape ({@link SyncJson#task(Task, List)}: with its spec, options, item counts and file
   * totals) and {@code items}, one {@link SyncJson#item} per item.
   */
  public static Map<String, Object> taskJson(Task task, List<TaskItem> items) {
    Map<String, Object> m = SyncJson.task(task, items);
    List<Object> list = new ArrayList<>();
    for (TaskItem i : items) {
      list.add(SyncJson.item(i));
    }
    m.put("items", list);
    return m;
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

  /** Options for people: bandwidth, connections, retries, timeouts. */
  public static String optionsLine(io.shotsync.api.SyncOptions o) {
    return "bandwidth " + (o.bandwidth().isUnlimited() ? "unlimited" : o.bandwidth().toString()) + ", "
        + o.connections() + (o.connections() == 1 ? " connection" : " connections") + ", " + o.retries()
        + " retries, timeouts " + o.connectTimeout().toSeconds() + "s connect / " + o.dataTimeout().toSeconds()
        + "s data";
  }

  /** A log record as JSON ({@link SyncJson#logRecord}). */
  public static Map<String, Object> logJson(LogRecord r) {
    return SyncJson.logRecord(r);
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
