package io.shotsync.cli;

import io.shotsync.api.BandwidthTimetable;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.Task;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.cli.internal.Engines;
import io.shotsync.cli.internal.ExitCodes;
import io.shotsync.cli.internal.Interrupts;
import io.shotsync.cli.internal.NotifyOptions;
import io.shotsync.cli.internal.Output;
import io.shotsync.cli.internal.OutputOptions;
import io.shotsync.cli.internal.Progress;
import io.shotsync.cli.internal.StoreOptions;
import io.shotsync.core.Layout;
import io.shotsync.core.ShotSync;
import io.shotsync.core.WebhookNotifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shotsync worker}: runs queued tasks from a shared store, each into the local root, with the layout and the
 * transfer options it was created with. {@code --parallel} and {@code --bwlimit}, when given, cap what tasks ask for
 * (never raise it); {@code --local} and {@code --layout} serve tasks that do not record their own (stores of an older
 * schema).
 */
@Command(name = "worker", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Run queued tasks (created with 'download --queue') from the task store, each into its own local"
        + " directory with its own options. Several workers may share one database: each item is worked on by one"
        + " worker at a time.")
public final class WorkerCommand implements Callable<Integer> {
  @Mixin
  StoreOptions store;

  @Option(names = "--until-idle", description = "Stop once no queued work is left, instead of waiting for more.")
  boolean untilIdle;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "2",
      description = "With --until-idle: how long to wait for new work before stopping (default: ${DEFAULT-VALUE}).")
  int idleSeconds;

  @Option(names = "--local", paramLabel = "DIR",
      description = "For tasks that do not record their local directory (older stores): download into DIR.")
  @Nullable Path local;

  @Option(names = "--layout", paramLabel = "FILE",
      description = "For tasks that do not record their layout: a JSON layout file.")
  @Nullable Path layoutFile;

  @Option(names = "--parallel", paramLabel = "N",
      description = "At most N connections per task: lowers a task's own count, never raises it (default: each"
          + " task's).")
  @Nullable Integer parallel;

  @Option(names = "--bwlimit", paramLabel = "RATE|TIMETABLE",
      description = "A bandwidth cap over every transfer of this worker, on top of each task's own limit, like 8M or"
          + " \"08:00,10M 19:00,off\" (default: none beyond the tasks').")
  @Nullable String bwlimit;

  @Option(names = "--trust", paramLabel = "sha256:FP|FILE.pem",
      description = "For queued tasks on ftps:// endpoints: trust this certificate fingerprint or PEM file instead of"
          + " what the task was queued with.")
  @Nullable String trust;

  @Mixin
  NotifyOptions notify;

  @Mixin
  OutputOptions outputOptions;

  @Override
  public Integer call() {
    Output out = outputOptions.output();
    if (idleSeconds < 1) {
      throw new InvalidInputException("--idle-timeout must be at least 1 second: " + idleSeconds);
    }
    BandwidthTimetable cap = bwlimit == null ? null : BandwidthTimetable.parse(bwlimit);
    Layout layout = layoutFile == null ? Layout.defaults() : Layout.load(layoutFile);
    Progress progress = new Progress(out.err(), out.progressMode() == Progress.Mode.QUIET
        ? Progress.Mode.QUIET : Progress.Mode.PLAIN);
    Set<String> tasks = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    SyncListener started = new SyncListener() {
      @Override
      public void taskStarted(Task task) {
        tasks.add(task.id());
      }
    };
    WebhookNotifier.@Nullable Builder notifyWith = notify.builder();
    WebhookNotifier notifier = null;
    try (TaskStore s = store.open()) {
      notifier = notifyWith == null ? null : notifyWith.items(s::items).build();
      List<SyncListener> listeners = notifier == null ? List.of(progress, started)
          : List.of(progress, started, notifier);
      try (ShotSync sync = Engines.forStore(s, local, layout, parallel, cap, trust, listeners)) {
        // SIGTERM or Ctrl-C: the tasks running here go back to QUEUED for the next worker (partial files kept)
        Interrupts.onStop(() -> {
          sync.shutdown();
          s.close();
        }, System.err);
        do {
          sync.runQueued(Duration.ofSeconds(untilIdle ? idleSeconds : 30));
        } while (!untilIdle && !Thread.currentThread().isInterrupted());
        Interrupts.done();
      }
    } finally {
      if (notifier != null) {
        notifier.close();
      }
    }
    List<String> ran = List.copyOf(tasks);
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("tasks", ran);
      doc.put("tasksRun", ran.size());
      out.printJson(doc);
    } else {
      out.summary("worker idle: ran " + ran.size() + (ran.size() == 1 ? " task" : " tasks"));
    }
    return ExitCodes.OK;
  }
}
