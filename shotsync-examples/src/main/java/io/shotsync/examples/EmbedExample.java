package io.shotsync.examples;

import io.shotsync.api.Department;
import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.Secret;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.Selection;
import io.shotsync.api.event.FileEvent;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.event.TransferProgress;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.api.spi.TaskStoreProvider;
import io.shotsync.core.ComparisonRow;
import io.shotsync.core.ShotSync;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Embeds shotsync in a Java program: a listener that prints file events and progress, a comparison of the
 * server with local disk, one task (latest versions, compare &amp; update), and the items' statistics and the
 * task's log at the end.
 *
 * <pre>
 * java io.shotsync.examples.EmbedExample ftp://user@host:2121/shows/abc /projects/abc [--store jdbc:h2:file:/tmp/tasks] [--shots ep01/**]
 * </pre>
 *
 * <p>The password comes from the URL or from the environment variable {@code SHOTSYNC_PASSWORD}. Tasks are
 * kept in memory unless {@code --store} names a store URL, such as {@code jdbc:h2:file:/var/shotsync/tasks}
 * (shotsync-jdbc); the store is opened through whichever {@link TaskStoreProvider} accepts the URL.
 */
public final class EmbedExample {

  /**
   * What one run produced, for a caller (or a test) to look at.
   *
   * @param rows the comparison before the task ran
   * @param task the task's final snapshot
   * @param items its items, with statuses and statistics
   * @param logs its log, oldest first
   */
  public record Result(List<ComparisonRow> rows, Task task, List<TaskItem> items, List<LogRecord> logs) {}

  private EmbedExample() {}

  /** Runs the example from the command line; exits 0 when the task completed, 1 otherwise, 2 on bad arguments. */
  public static void main(String[] args) {
    if (args.length < 2 || args.length % 2 != 0) {
      System.err.println("usage: EmbedExample <ftp-url> <local-dir> [--store URL] [--shots GLOB]");
      System.exit(2);
    }
    String store = "memory:";
    String shots = "**";
    for (int i = 2; i < args.length; i += 2) {
      switch (args[i]) {
        case "--store" -> store = args[i + 1];
        case "--shots" -> shots = args[i + 1];
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    try {
      Result result = run(args[0], Path.of(args[1]), store, shots, System.out);
      System.exit(result.task().status() == io.shotsync.api.TaskStatus.COMPLETED ? 0 : 1);
    } catch (ShotSyncException e) {
      System.err.println("shotsync: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Runs the example against every shot, keeping tasks in memory. */
  public static Result run(String url, Path localRoot, PrintStream out, SyncListener... extraListeners) {
    return run(url, localRoot, "memory:", "**", out, extraListeners);
  }

  /**
   * Runs the example.
   *
   * @param url the server, {@code ftp://[user[:password]@]host[:port]/root}
   * @param localRoot where the shots go
   * @param storeUrl where tasks are kept: {@code memory:} or a URL another store provider accepts
   * @param shotGlob which shots, such as {@code ep01/**}
   * @param out where the example prints
   * @param extraListeners more listeners, for example a test's recorder
   */
  public static Result run(String url, Path localRoot, String storeUrl, String shotGlob, PrintStream out,
      SyncListener... extraListeners) {
    Endpoint endpoint = Endpoint.fromUrl("studio", url);
    String envPassword = System.getenv("SHOTSYNC_PASSWORD");
    if (endpoint.password() == null && envPassword != null) {
      endpoint = endpoint.withPassword(Secret.of(envPassword));
    }
    TaskStore store = openStore(storeUrl);

    ShotSync.Builder builder = ShotSync.builder()
        .endpoint(endpoint)
        .localRoot(localRoot)
        .store(store)
        .listener(new PrintingListener(out));
    for (SyncListener l : extraListeners) {
      builder.listener(l);
    }
    try (ShotSync sync = builder.build()) {
      // 1. What is on the server, against what is on disk.
      List<ComparisonRow> rows = sync.compare("studio", Selection.shots(shotGlob));
      out.println("== comparison (" + rows.size() + " rows)");
      out.printf("%-32s %-10s %-8s %-8s %s%n", "item", "status", "latest", "local", "available");
      for (ComparisonRow r : rows) {
        out.printf("%-32s %-10s %-8s %-8s %s%n", r.item(), r.status(), orDash(r.latest()), orDash(r.local()),
            r.available().stream().map(Object::toString).collect(Collectors.joining(",")));
      }

      // 2. One task: each item's latest version; files already on disk are fetched again only when they changed.
      TaskSpec spec = TaskSpec.builder("studio")
          .name("embed example")
          .shots(shotGlob)
          .departments(Department.ANIM, Department.LIGHTING)
          .versionStrategy("latest")
          .conflictStrategy("compare")
          .build();
      Task task = sync.run(spec).await(Duration.ofMinutes(30));
      out.println("== task " + task.id() + " " + task.status()
          + (task.message() == null ? "" : ": " + task.message())
          + " (" + task.transferredBytes() + " of " + task.totalBytes() + " bytes)");

      // 3. Per item statistics, as the seed's task view shows them.
      List<TaskItem> items = sync.items(task.id());
      out.printf("%-32s %-10s %-8s %5s %5s %5s %5s %5s %5s  %s%n", "item", "status", "version", "down", "skip",
          "over", "both", "res", "fail", "message");
      for (TaskItem i : items) {
        var s = i.stats();
        out.printf("%-32s %-10s %-8s %5d %5d %5d %5d %5d %5d  %s%n", i.key(), i.status(),
            i.fetchedVersions().stream().map(Object::toString).collect(Collectors.joining(",")),
            s.downloaded(), s.skipped(), s.overwritten(), s.keptBoth(), s.resumed(), s.failed(),
            i.message() == null ? "" : i.message());
      }

      // 4. The task's log, read page by page with the sequence cursor, as a log viewer tails it.
      List<LogRecord> logs = new ArrayList<>();
      long after = 0;
      while (true) {
        List<LogRecord> page = sync.logs(new LogQuery(task.id(), LogLevel.DEBUG, after, 200));
        if (page.isEmpty()) {
          break;
        }
        logs.addAll(page);
        after = page.get(page.size() - 1).sequence();
      }
      out.println("== log (" + logs.size() + " records)");
      for (LogRecord r : logs) {
        out.println(r.time() + " " + r.level() + " " + (r.file() == null ? "" : r.file() + ": ") + r.message());
      }
      return new Result(rows, task, items, logs);
    } finally {
      store.close();
    }
  }

  /** Opens a task store through the first {@link TaskStoreProvider} on the class path that accepts the URL. */
  public static TaskStore openStore(String url) {
    List<String> ids = new ArrayList<>();
    for (TaskStoreProvider p : ServiceLoader.load(TaskStoreProvider.class, EmbedExample.class.getClassLoader())) {
      if (p.accepts(url)) {
        return p.open(url, Map.of());
      }
      ids.add(p.id());
    }
    throw new InvalidInputException("no task store accepts '" + url + "'; store providers on the class path: "
        + (ids.isEmpty() ? "none" : String.join(", ", ids)));
  }

  private static String orDash(@Nullable Object o) {
    return o == null ? "-" : o.toString();
  }

  /** Prints what a person watching wants to see: one line per file, a progress line now and then, items. */
  static final class PrintingListener implements SyncListener {
    private final PrintStream out;

    PrintingListener(PrintStream out) {
      this.out = out;
    }

    @Override
    public void fileFinished(FileEvent e) {
      out.println("  " + e.action() + " " + e.path() + " (" + e.size() + " bytes): " + e.reason());
    }

    @Override
    public void fileFailed(FileEvent e, ShotSyncException error) {
      out.println("  FAILED " + e.path() + ": " + error.getMessage());
    }

    @Override
    public void progress(TransferProgress p) {
      out.printf("  progress %d/%d files, %d/%d bytes%n", p.filesDone(), p.filesTotal(), p.taskBytes(),
          p.taskTotal());
    }

    @Override
    public void itemFinished(TaskItem item) {
      out.println("  item " + item.key() + " " + item.status() + (item.message() == null ? "" : ": " + item.message()));
    }
  }
}
