package io.shotsync.cli;

import io.shotsync.api.BandwidthTimetable;
import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.cli.internal.Credentials;
import io.shotsync.cli.internal.Engines;
import io.shotsync.cli.internal.ExitCodes;
import io.shotsync.cli.internal.Interrupts;
import io.shotsync.cli.internal.Output;
import io.shotsync.cli.internal.OutputOptions;
import io.shotsync.cli.internal.Progress;
import io.shotsync.cli.internal.Reports;
import io.shotsync.cli.internal.StoreOptions;
import io.shotsync.cli.internal.Table;
import io.shotsync.cli.internal.Times;
import io.shotsync.cli.internal.Units;
import io.shotsync.core.Layout;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Strategies;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.TaskHandle;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shotsync tasks}: the tasks kept in the store. Task ids may be shortened to a unique prefix. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
    description = "List, inspect, cancel, delete and retry the tasks kept in the task store.",
    subcommands = {TasksCommand.ListTasks.class, TasksCommand.Show.class, TasksCommand.Logs.class,
        TasksCommand.Cancel.class, TasksCommand.Delete.class, TasksCommand.Retry.class})
public final class TasksCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "missing command: list, show, logs, cancel, delete or retry");
  }

  /** The task with this id, or the only task whose id starts with it. */
  static Task find(TaskStore store, String idOrPrefix) {
    var exact = store.task(idOrPrefix);
    if (exact.isPresent()) {
      return exact.get();
    }
    List<Task> matches = store.tasks(TaskQuery.all()).stream().filter(t -> t.id().startsWith(idOrPrefix)).toList();
    if (matches.isEmpty()) {
      throw new NotFoundException("no task '" + idOrPrefix + "'");
    }
    if (matches.size() > 1) {
      throw new InvalidInputException("task id '" + idOrPrefix + "' is ambiguous: " + matches.size()
          + " tasks start with it");
    }
    return matches.get(0);
  }

  /** {@code tasks list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tasks, newest first.")
  static final class ListTasks implements Callable<Integer> {
    @Option(names = "--status", paramLabel = "STATUS", split = ",",
        description = "Only these statuses: ${COMPLETION-CANDIDATES}; repeatable.")
    List<TaskStatus> statuses = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
        description = "At most N tasks (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    StoreOptions store;

    @Mixin
    OutputOptions outputOptions;

    @Override
    public Integer call() {
      Output out = outputOptions.output();
      if (limit < 1) {
        throw new InvalidInputException("--limit must be at least 1: " + limit);
      }
      try (TaskStore s = store.open()) {
        List<Task> tasks = s.tasks(new TaskQuery(Set.copyOf(statuses), null, limit));
        if (out.json()) {
          List<Object> list = new ArrayList<>();
          for (Task t : tasks) {
            list.add(io.shotsync.core.SyncJson.task(t));
          }
          out.printJson(Map.of("tasks", list));
          return ExitCodes.OK;
        }
        Table table = new Table("ID", "STATUS", "CREATED", "STRATEGIES", "BYTES", "NAME").right(4);
        for (Task t : tasks) {
          table.row(t.id(), t.status().name().toLowerCase(Locale.ROOT),
              t.createdAt().toString().replaceFirst("\\.\\d+Z$", "Z"),
              t.spec().versionStrategy() + "/" + t.spec().conflictStrategy(),
              Units.bytes(t.transferredBytes()) + "/" + Units.bytes(t.totalBytes()), t.name());
        }
        if (!tasks.isEmpty()) {
          out.result(table.render().stripTrailing());
        }
        out.summary(tasks.size() + (tasks.size() == 1 ? " task" : " tasks"));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code tasks show ID}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a task and its items.")
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The task id, or a unique prefix of it.")
    String id;

    @Mixin
    StoreOptions store;

    @Mixin
    OutputOptions outputOptions;

    @Override
    public Integer call() {
      Output out = outputOptions.output();
      try (TaskStore s = store.open()) {
        Task t = find(s, id);
        List<TaskItem> items = s.items(t.id());
        if (out.json()) {
          out.printJson(Reports.taskJson(t, items));
          return ExitCodes.OK;
        }
        out.result("task      " + t.id());
        out.result("name      " + t.name());
        out.result("remote    " + t.endpointId());
        out.result("local     " + (t.spec().localRoot() == null ? "-" : t.spec().localRoot()));
        out.result("layout    " + (t.spec().layout() == null ? "endpoint's" : "as recorded (" + t.spec().layout().length()
            + " characters of JSON)"));
        out.result("options   " + (t.spec().options() == null ? "endpoint's" : Reports.optionsLine(t.spec().options())));
        out.result("versions  " + t.spec().versionStrategy()
            + (t.spec().specificVersion() != null ? " " + t.spec().specificVersion().text() : "")
            + ", conflicts " + t.spec().conflictStrategy());
        out.result("created   " + t.createdAt() + (t.startedAt() != null ? ", started " + t.startedAt() : "")
            + (t.completedAt() != null ? ", ended " + t.completedAt() : "") + ", attempts " + t.attempts());
        out.result("");
        out.result(Reports.itemTable(items).stripTrailing());
        out.summary(Reports.summaryLine(t, items));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code tasks logs ID}. */
  @Command(name = "logs", mixinStandardHelpOptions = true,
      description = "Print a task's log: the last N records at or above a level; --follow tails it until the"
          + " task ends.")
  static final class Logs implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The task id, or a unique prefix of it.")
    String id;

    @Option(names = "--level", paramLabel = "L", defaultValue = "info",
        description = "Lowest level shown: debug, info, warn, error (default: ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
        description = "The last N records (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new records until the task ends.")
    boolean follow;

    @Mixin
    StoreOptions store;

    @Mixin
    OutputOptions outputOptions;

    @Override
    public Integer call() throws InterruptedException {
      Output out = outputOptions.output();
      LogLevel min = LogLevel.parse(level);
      if (limit < 1) {
        throw new InvalidInputException("--limit must be at least 1: " + limit);
      }
      try (TaskStore s = store.open()) {
        Task t = find(s, id);
        Deque<LogRecord> last = tail(s, t.id(), min, 0, limit);
        if (out.json()) {
          List<Object> records = new ArrayList<>();
          last.forEach(r -> records.add(Reports.logJson(r)));
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("taskId", t.id());
          doc.put("records", records);
          out.printJson(doc);
          return ExitCodes.OK;
        }
        long cursor = 0;
        for (LogRecord r : last) {
          out.out().println(Reports.logLine(r));
          cursor = r.sequence();
        }
        while (follow) {
          boolean finished = s.task(t.id()).map(x -> x.status().isFinal()).orElse(true);
          List<LogRecord> more = s.logs(new LogQuery(t.id(), min, cursor, 1000));
          for (LogRecord r : more) {
            out.out().println(Reports.logLine(r));
            cursor = r.sequence();
          }
          out.out().flush();
          if (finished && more.isEmpty()) {
            break;
          }
          if (more.isEmpty()) {
            Thread.sleep(500);
          }
        }
      }
      return ExitCodes.OK;
    }
  }

  /** The last {@code limit} records of a task at or above {@code min}, oldest first. */
  static Deque<LogRecord> tail(TaskStore s, String taskId, LogLevel min, long after, int limit) {
    Deque<LogRecord> last = new ArrayDeque<>();
    long cursor = after;
    while (true) {
      List<LogRecord> page = s.logs(new LogQuery(taskId, min, cursor, 10_000));
      for (LogRecord r : page) {
        last.addLast(r);
        if (last.size() > limit) {
          last.removeFirst();
        }
      }
      if (page.size() < 10_000) {
        return last;
      }
      cursor = page.get(page.size() - 1).sequence();
    }
  }

  /** {@code tasks cancel ID} or {@code tasks cancel --all}. */
  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Cancel a pending, queued or running task, or with --all every running or queued one (also in"
          + " workers of other processes sharing the store); partial files are kept for resume.")
  static final class Cancel implements Callable<Integer> {
    @Parameters(paramLabel = "ID", arity = "0..1", description = "The task id, or a unique prefix of it.")
    @Nullable String id;

    @Option(names = "--all", description = "Cancel every running or queued task.")
    boolean all;

    @Mixin
    StoreOptions store;

    @Mixin
    OutputOptions outputOptions;

    @Override
    public Integer call() {
      Output out = outputOptions.output();
      if (all == (id != null)) {
        throw new InvalidInputException("give a task ID or --all, not " + (all ? "both" : "neither"));
      }
      try (TaskStore s = store.open()) {
        Task t = all ? null : find(s, id);
        List<String> cancelled;
        try (ShotSync sync = Engines.open(List.of(), Path.of("."), Layout.defaults(), s, SyncOptions.defaults(),
            Strategies.discover(), List.of())) {
          cancelled = all ? sync.cancelAll() : sync.cancel(t.id()) ? List.of(t.id()) : List.of();
        }
        if (all) {
          if (out.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("cancelled", cancelled.size());
            doc.put("taskIds", cancelled);
            out.printJson(doc);
          } else {
            cancelled.forEach(out::result);
            out.summary("cancelled " + cancelled.size() + (cancelled.size() == 1 ? " task" : " tasks"));
          }
          return ExitCodes.OK;
        }
        Task now = s.task(t.id()).orElse(t);
        if (out.json()) {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("taskId", t.id());
          doc.put("cancelled", !cancelled.isEmpty());
          doc.put("status", now.status().name());
          out.printJson(doc);
        } else {
          out.summary((cancelled.isEmpty() ? "task was not running: " : "cancelled task ") + t.id() + " ("
              + now.status().name().toLowerCase(Locale.ROOT) + ")");
        }
      }
      return ExitCodes.OK;
    }
  }

  /** {@code tasks delete ID...}. */
  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete tasks with their items, file records and logs (not the downloaded files): the ones"
          + " named, or every one matching --status and --older-than.")
  static final class Delete implements Callable<Integer> {
    @Parameters(paramLabel = "ID", arity = "0..*", description = "Task ids, or unique prefixes of them.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--status", paramLabel = "STATUS", split = ",",
        description = "Every task in these statuses: ${COMPLETION-CANDIDATES}; repeatable.")
    List<TaskStatus> statuses = new ArrayList<>();

    @Option(names = "--older-than", paramLabel = "DATE|AGE",
        description = "Every task created before DATE (2026-11-01, local time) or more than AGE ago (7d, 12h).")
    @Nullable String olderThan;

    @Mixin
    StoreOptions store;

    @Mixin
    OutputOptions outputOptions;

    @Override
    public Integer call() {
      Output out = outputOptions.output();
      boolean filtered = !statuses.isEmpty() || olderThan != null;
      if (ids.isEmpty() == !filtered) {
        throw new InvalidInputException(filtered ? "give task IDs or --status/--older-than, not both"
            : "give task IDs, or --status and/or --older-than to choose tasks");
      }
      Instant before = olderThan == null ? null : Times.before(olderThan, Clock.systemDefaultZone());
      try (TaskStore s = store.open()) {
        Set<String> full = new LinkedHashSet<>();
        for (String id : ids) {
          full.add(find(s, id).id());
        }
        if (filtered) {
          s.tasks(new TaskQuery(Set.copyOf(statuses), before, Integer.MAX_VALUE)).forEach(t -> full.add(t.id()));
        }
        int deleted;
        try (ShotSync sync = Engines.open(List.of(), Path.of("."), Layout.defaults(), s, SyncOptions.defaults(),
            Strategies.discover(), List.of())) {
          deleted = sync.delete(full);
        }
        if (out.json()) {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("deleted", deleted);
          doc.put("taskIds", List.copyOf(full));
          out.printJson(doc);
        } else {
          out.summary("deleted " + deleted + (deleted == 1 ? " task" : " tasks"));
        }
      }
      return ExitCodes.OK;
    }
  }

  /** {@code tasks retry ID} or {@code tasks retry --all-failed}. */
  @Command(name = "retry", mixinStandardHelpOptions = true,
      description = "Run the failed and cancelled items of a task again, or with --all-failed those of every failed"
          + " or partial task; interrupted files resume.")
  static final class Retry implements Callable<Integer> {
    @Parameters(paramLabel = "ID", arity = "0..1", description = "The task id, or a unique prefix of it.")
    @Nullable String id;

    @Option(names = "--all-failed", description = "Retry every FAILED or PARTIAL task.")
    boolean allFailed;

    @Option(names = "--local", paramLabel = "DIR",
        description = "For tasks that do not record their local directory (older stores): download into DIR.")
    @Nullable Path local;

    @Option(names = "--layout", paramLabel = "FILE",
        description = "For tasks that do not record their layout: a JSON layout file.")
    @Nullable Path layoutFile;

    @Option(names = "--parallel", paramLabel = "N",
        description = "At most N connections: lowers a task's own count, never raises it (default: each task's).")
    @Nullable Integer parallel;

    @Option(names = "--bwlimit", paramLabel = "RATE|TIMETABLE",
        description = "A bandwidth cap on top of each task's own limit (default: the tasks' own).")
    @Nullable String bwlimit;

    @Mixin
    StoreOptions store;

    @Mixin
    OutputOptions outputOptions;

    @Override
    public Integer call() {
      Output out = outputOptions.output();
      if (allFailed == (id != null)) {
        throw new InvalidInputException("give a task ID or --all-failed, not " + (allFailed ? "both" : "neither"));
      }
      try (TaskStore s = store.open()) {
        List<Task> tasks = allFailed ? s.tasks(TaskQuery.withStatus(TaskStatus.FAILED, TaskStatus.PARTIAL))
            : List.of(find(s, id));
        Progress progress = new Progress(out.err(), out.progressMode());
        List<Task> done = new ArrayList<>();
        Map<String, List<TaskItem>> items = new LinkedHashMap<>();
        // each task runs into its own local root with its own layout and options, as it was created
        try (ShotSync sync = Engines.forStore(s, local, layoutFile == null ? Layout.defaults()
            : Layout.load(layoutFile), parallel, bwlimit == null ? null : BandwidthTimetable.parse(bwlimit), null,
            List.of(progress))) {
          List<TaskHandle> handles = sync.retryFailed(tasks.stream().map(Task::id).toList());
          for (TaskHandle handle : handles) {
            Interrupts.watch(handle, out.err());
            Interrupts.atExit(() -> {
              sync.close();
              s.close();
            });
            Task t = handle.await();
            Interrupts.done();
            done.add(t);
            items.put(t.id(), sync.items(t.id()));
          }
        }
        progress.clear();
        if (!allFailed) {
          Task t = done.get(0);
          Reports.print(out, t, items.get(t.id()));
          return Reports.exitCode(t, items.get(t.id()));
        }
        int exit = ExitCodes.OK;
        List<Object> list = new ArrayList<>();
        for (Task t : done) {
          exit = Math.max(exit, Reports.exitCode(t, items.get(t.id())));
          list.add(Reports.taskJson(t, items.get(t.id())));
          if (!out.json()) {
            out.result(Reports.summaryLine(t, items.get(t.id())));
          }
        }
        if (out.json()) {
          out.printJson(Map.of("tasks", list));
        } else {
          out.summary("retried " + done.size() + (done.size() == 1 ? " task" : " tasks"));
        }
        return exit;
      }
    }
  }
}
