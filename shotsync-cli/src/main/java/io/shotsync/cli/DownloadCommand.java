package io.shotsync.cli;

import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ItemKey;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.Version;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.cli.internal.Engines;
import io.shotsync.cli.internal.ExitCodes;
import io.shotsync.cli.internal.NotifyOptions;
import io.shotsync.cli.internal.Interrupts;
import io.shotsync.cli.internal.Output;
import io.shotsync.cli.internal.OutputOptions;
import io.shotsync.cli.internal.PhaseTimer;
import io.shotsync.cli.internal.Progress;
import io.shotsync.cli.internal.RemoteOptions;
import io.shotsync.cli.internal.Reports;
import io.shotsync.cli.internal.SelectionOptions;
import io.shotsync.cli.internal.StoreOptions;
import io.shotsync.cli.internal.StrategyIds;
import io.shotsync.cli.internal.Table;
import io.shotsync.cli.internal.Times;
import io.shotsync.cli.internal.Trees;
import io.shotsync.cli.internal.Units;
import io.shotsync.api.BandwidthTimetable;
import io.shotsync.core.Layout;
import io.shotsync.core.ShotSync;
import io.shotsync.core.SyncJson;
import io.shotsync.core.Strategies;
import io.shotsync.core.Structure;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.TaskHandle;
import io.shotsync.core.TaskPlan;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shotsync download}: fetches the selected shots as a task. */
@Command(name = "download", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Download the selected shots into a local directory as a task of items (shot x department),"
        + " choosing versions and resolving file conflicts by strategies.")
public final class DownloadCommand implements Callable<Integer> {
  @Mixin
  RemoteOptions remote;

  @Option(names = "--local", required = true, paramLabel = "DIR", order = 3,
      description = "The local directory that mirrors the remote root.")
  Path local;

  @Mixin
  SelectionOptions selection;

  @Option(names = "--version-strategy", paramLabel = "ID", order = 20,
      completionCandidates = StrategyIds.Version.class,
      description = "Which versions to fetch: ${COMPLETION-CANDIDATES} (default: latest; custom with --select,"
          + " specific with --specific-version).")
  @Nullable String versionStrategy;

  @Option(names = "--specific-version", paramLabel = "vNNN", order = 21,
      description = "The version for the specific strategy, like v003.")
  @Nullable String specificVersion;

  @Option(names = "--select", paramLabel = "SHOT/DEPT=vNNN", order = 22,
      description = "A version for one item (custom strategy), like ep01/sq010/sh0010/anim=v003; repeatable.")
  List<String> selects = new ArrayList<>();

  @Option(names = "--conflict-strategy", paramLabel = "ID", order = 23, defaultValue = "skip",
      completionCandidates = StrategyIds.Conflict.class,
      description = "What to do with files already on disk: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  String conflictStrategy;

  @Option(names = "--option", paramLabel = "KEY=VALUE", order = 24,
      description = "A property for plugin strategies; repeatable.")
  Map<String, String> properties = new LinkedHashMap<>();

  @Option(names = "--parallel", paramLabel = "N", order = 30, defaultValue = "4",
      description = "Connections, and so files in flight (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--bwlimit", paramLabel = "RATE|TIMETABLE", order = 31,
      description = "Bandwidth limit in bytes per second across connections, like 500K, 10M or 1.5M (K=1024), or a"
          + " timetable of local times, like '08:00,10M 19:00,off' or 'Mon-08:00,512K Sat-00:00,off'.")
  @Nullable String bwlimit;

  @Option(names = "--retries", paramLabel = "N", order = 32,
      description = "Retries of a transient failure per file (default: 5).")
  @Nullable Integer retries;

  @Option(names = "--dry-run", order = 33, description = "Print what would be fetched, skipped or replaced; touch nothing.")
  boolean dryRun;

  @Option(names = "--queue", order = 34, description = "Create the task without running it, for 'shotsync worker'.")
  boolean queue;

  @Option(names = "--name", paramLabel = "TEXT", order = 35, description = "A label for the task.")
  @Nullable String name;

  @Option(names = "--at", paramLabel = "TIME", order = 36,
      description = "Queue the task to start no earlier than TIME: HH:MM (its next occurrence, local time) or"
          + " ISO-8601 like 2026-11-01T22:00; implies --queue.")
  @Nullable String at;

  @Option(names = "--auto-retry", paramLabel = "N[:DELAY]", order = 37,
      description = "Run a failed or partial task again by itself up to N times, DELAY after each failure (like 30s,"
          + " 5m, 1h; default 1m).")
  @Nullable String autoRetry;

  @Option(names = "--timings", order = 38,
      description = "Print on stderr how long each phase took: JVM start-up, scan, plan, transfer.")
  boolean timings;

  @Option(names = "--repeat", hidden = true, paramLabel = "N",
      description = "Benchmark aid: run the download N times in this JVM (each a new task), with --timings per run.")
  int repeat = 1;

  @Option(names = "--repeat-fresh", hidden = true,
      description = "Benchmark aid: with --repeat, delete the local directory before each run after the first.")
  boolean repeatFresh;

  @Mixin
  NotifyOptions notify;

  @Mixin
  StoreOptions store;

  @Mixin
  OutputOptions outputOptions;

  @Override
  public Integer call() {
    PhaseTimer timer = new PhaseTimer(timings);
    Output out = outputOptions.output();
    Strategies strategies = Strategies.discover();
    Endpoint endpoint = remote.endpoint(out.err());
    SyncOptions options = options();
    Layout layout = remote.layout();
    TaskSpec spec = spec(endpoint, strategies, options, layout);
    if (at != null) {
      queue = true;
    }
    if (queue && dryRun) {
      throw new InvalidInputException("--queue and --dry-run exclude each other");
    }
    if (queue && store.inMemory()) {
      out.note("shotsync: warning: --queue with --db memory: keeps the task only until this process ends");
    }
    notify.check();
    TaskStore taskStore = dryRun && store.url() == null ? null : store.open();
    NotifyOptions.Notifiers notifier = null;
    Progress progress = new Progress(out.err(), out.progressMode());
    try (ShotSync sync = Engines.open(List.of(endpoint), local.toAbsolutePath(), layout, taskStore, options,
        strategies, List.of(progress))) {
      timer.phase("start-up");
      Structure scanned = sync.scan(endpoint.id());
      timer.phase("scan");
      progress.clear();
      if (dryRun) {
        printPlan(out, sync.plan(spec));
        return Reports.listingErrors(out, scanned);
      }
      if (queue) {
        Task t = sync.queueTask(spec);
        if (out.json()) {
          out.printJson(Reports.taskJson(t, sync.items(t.id())));
        } else {
          out.summary("QUEUED task " + t.id() + ": " + sync.items(t.id()).size() + " items"
              + (t.spec().notBefore() == null ? "" : ", not before " + t.spec().notBefore()) + "; run 'shotsync worker"
              + (store.url() == null ? "" : " --db ...") + "' to process it");
        }
        return Reports.listingErrors(out, scanned);
      }
      notifier = notify.open(sync::items);
      notifier.attach(sync);
      Task created = sync.createTask(spec);
      timer.phase("plan");
      TaskHandle handle = sync.execute(created.id());
      Interrupts.watch(handle, out.err());
      Interrupts.atExit(() -> {
        sync.close();
        if (taskStore != null) {
          taskStore.close();
        }
      });
      Task done = handle.await();
      timer.phase("transfer");
      Interrupts.done();
      List<TaskItem> items = sync.items(done.id());
      progress.clear();
      Reports.print(out, done, items);
      timer.print(out.err());
      for (int run = 2; run <= repeat; run++) {
        // benchmark aid: the same download again in a warm JVM, so start-up and JIT warm-up are told apart
        if (repeatFresh) {
          Trees.delete(local.toAbsolutePath());
        }
        PhaseTimer again = PhaseTimer.fromNow(true);
        sync.scan(endpoint.id());
        again.phase("scan");
        Task next = sync.createTask(spec);
        again.phase("plan");
        done = sync.execute(next.id()).await();
        again.phase("transfer");
        items = sync.items(done.id());
        Reports.print(out, done, items);
        out.err().println("run " + run + " of " + repeat + " (warm JVM)");
        again.print(out.err());
      }
      // an entry the scan could not read fails the items it may belong to; one above any shot still fails the command
      return Math.max(Reports.exitCode(done, items), Reports.listingErrors(out, scanned));
    } finally {
      if (notifier != null) {
        notifier.close();
      }
      if (taskStore != null) {
        taskStore.close();
      }
    }
  }

  private TaskSpec spec(Endpoint endpoint, Strategies strategies, SyncOptions options, Layout layout) {
    String vs = versionStrategy;
    if (vs == null) {
      vs = !selects.isEmpty() ? "custom" : specificVersion != null ? "specific" : "latest";
    }
    strategies.version(vs);
    strategies.conflict(conflictStrategy);
    TaskSpec.Builder b = TaskSpec.builder(endpoint.id())
        .name(name != null ? name : "download " + endpoint.url())
        .selection(selection.selection());
    if (specificVersion != null) {
      if (!vs.equals("specific")) {
        throw new InvalidInputException("--specific-version goes with --version-strategy specific, not '" + vs + "'");
      }
      b.specificVersion(Version.parse(specificVersion));
    } else if (vs.equals("specific")) {
      throw new InvalidInputException("version strategy 'specific' needs --specific-version vNNN, like v003");
    }
    if (!selects.isEmpty()) {
      if (!vs.equals("custom")) {
        throw new InvalidInputException("--select goes with --version-strategy custom, not '" + vs + "'");
      }
      for (String s : selects) {
        int eq = s.lastIndexOf('=');
        if (eq < 0) {
          throw new InvalidInputException("malformed --select '" + s
              + "': expected SHOT/DEPT=vNNN, like ep01/sq010/sh0010/anim=v003");
        }
        b.customVersion(ItemKey.parse(s.substring(0, eq)), Version.parse(s.substring(eq + 1)));
      }
    } else if (vs.equals("custom")) {
      throw new InvalidInputException("version strategy 'custom' needs --select SHOT/DEPT=vNNN, like"
          + " ep01/sq010/sh0010/anim=v003");
    }
    b.versionStrategy(vs).conflictStrategy(conflictStrategy);
    if (at != null) {
      b.notBefore(Times.at(at, Clock.systemDefaultZone()));
    }
    if (autoRetry != null) {
      int colon = autoRetry.indexOf(':');
      String count = colon < 0 ? autoRetry : autoRetry.substring(0, colon);
      if (!count.strip().matches("\\d{1,3}")) {
        throw new InvalidInputException("malformed --auto-retry '" + autoRetry + "': expected N[:DELAY], like 3 or"
            + " 3:5m");
      }
      b.autoRetry(Integer.parseInt(count.strip()), colon < 0 ? Duration.ofMinutes(1)
          : Times.duration(autoRetry.substring(colon + 1)));
    }
    properties.forEach(b::property);
    // the task records where and how it runs, for workers, retries and automatic retries in any process
    b.localRoot(local.toAbsolutePath().normalize()).layout(layout.json()).options(options);
    return b.build();
  }

  private SyncOptions options() {
    SyncOptions o = SyncOptions.defaults().withConnections(parallel);
    if (bwlimit != null) {
      o = o.withBandwidthTimetable(BandwidthTimetable.parse(bwlimit));
    }
    if (retries != null) {
      o = o.withRetries(retries, o.retryBackoff());
    }
    return o;
  }

  static void printPlan(Output out, TaskPlan plan) {
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("dryRun", true);
      doc.putAll(SyncJson.plan(plan));
      out.printJson(doc);
      return;
    }
    Table t = new Table("ITEM", "VERSIONS", "FETCH", "SKIP", "BYTES", "NOTE").right(2, 3, 4);
    for (TaskPlan.PlannedItem i : plan.items()) {
      long fetch = i.files().stream().filter(f -> f.action() != TaskPlan.PlannedAction.SKIP).count();
      long bytes = i.files().stream().filter(f -> f.action() != TaskPlan.PlannedAction.SKIP)
          .mapToLong(TaskPlan.PlannedFile::size).sum();
      t.row(i.item(), i.versions().isEmpty() ? "-" : String.join(",", Reports.versions(i.versions())), fetch,
          i.files().size() - fetch, Units.bytes(bytes), i.skipReason() == null ? "" : i.skipReason());
    }
    out.result(t.render().stripTrailing());
    if (out.live() || !out.quiet()) {
      for (TaskPlan.PlannedItem i : plan.items()) {
        for (TaskPlan.PlannedFile f : i.files()) {
          if (f.action() != TaskPlan.PlannedAction.DOWNLOAD && f.action() != TaskPlan.PlannedAction.SKIP) {
            out.result("  " + f.action().name().toLowerCase(Locale.ROOT) + " " + f.path() + ": " + f.reason());
          }
        }
      }
    }
    out.summary("dry run: " + plan.filesToFetch() + " files to fetch, " + Units.bytes(plan.bytesToFetch())
        + ", " + plan.items().size() + " items");
  }
}
