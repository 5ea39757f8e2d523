package io.shotsync.cli;

import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.cli.internal.Credentials;
import io.shotsync.cli.internal.Engines;
import io.shotsync.cli.internal.ExitCodes;
import io.shotsync.cli.internal.NotifyOptions;
import io.shotsync.cli.internal.Output;
import io.shotsync.cli.internal.OutputOptions;
import io.shotsync.cli.internal.RemoteOptions;
import io.shotsync.cli.internal.Progress;
import io.shotsync.cli.internal.StoreOptions;
import io.shotsync.core.Layout;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Strategies;
import io.shotsync.core.SyncOptions;
import io.shotsync.core.WebhookNotifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shotsync worker}: runs queued tasks from a shared store. A task queued by {@code download --queue}
 * records its local directory and layout file; the worker downloads each task there. With {@code --local},
 * every queued task (also those queued by other programs) goes into that directory through the library's
 * worker loop.
 */
@Command(name = "worker", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Run queued tasks (created with 'download --queue') from the task store. Several workers may"
        + " share one database: each item is worked on by one worker at a time.")
public final class WorkerCommand implements Callable<Integer> {
  @Mixin
  StoreOptions store;

  @Option(names = "--until-idle", description = "Stop once no queued work is left, instead of waiting for more.")
  boolean untilIdle;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "2",
      description = "With --until-idle: how long to wait for new work before stopping (default: ${DEFAULT-VALUE}).")
  int idleSeconds;

  @Option(names = "--local", paramLabel = "DIR",
      description = "Download every queued task into DIR (default: the directory each task was queued with).")
  @Nullable Path local;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
      description = "Connections per endpoint (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--trust", paramLabel = "sha256:FP|FILE.pem",
      description = "For queued tasks on ftps:// endpoints: trust this certificate fingerprint or PEM file instead of"
          + " what the task was queued with.")
  @Nullable String trust;

  @Mixin
  NotifyOptions notify;

  @Mixin
  OutputOptions outputOptions;

  private @Nullable WebhookNotifier notifier;

  @Override
  public Integer call() throws InterruptedException {
    Output out = outputOptions.output();
    if (idleSeconds < 1) {
      throw new InvalidInputException("--idle-timeout must be at least 1 second: " + idleSeconds);
    }
    Progress progress = new Progress(out.err(), out.progressMode() == Progress.Mode.QUIET
        ? Progress.Mode.QUIET : Progress.Mode.PLAIN);
    int processed = 0;
    List<String> tasks = new ArrayList<>();
    WebhookNotifier.@Nullable Builder notifyWith = notify.builder();
    try (TaskStore s = store.open()) {
      notifier = notifyWith == null ? null : notifyWith.items(s::items).build();
      long idleSince = System.nanoTime();
      while (true) {
        int n;
        if (local != null) {
          try (ShotSync sync = open(s, local, null, progress)) {
            n = sync.runQueued(Duration.ofSeconds(untilIdle ? idleSeconds : 30));
          }
        } else {
          n = runQueuedOnce(s, progress, tasks);
        }
        processed += n;
        if (n > 0) {
          idleSince = System.nanoTime();
        } else if (untilIdle && System.nanoTime() - idleSince >= Duration.ofSeconds(idleSeconds).toNanos()) {
          break;
        } else if (local == null) {
          Thread.sleep(250);
        }
      }
    } finally {
      if (notifier != null) {
        notifier.close();
      }
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("tasks", tasks);
      doc.put("tasksRun", tasks.size());
      out.printJson(doc);
    } else {
      out.summary("worker idle: ran " + tasks.size() + (tasks.size() == 1 ? " task" : " tasks"));
    }
    return ExitCodes.OK;
  }

  /** Runs each queued task that is due in the directory it was queued with; answers how many it ran. */
  private int runQueuedOnce(TaskStore s, Progress progress, List<String> done) {
    Instant now = Instant.now();
    List<Task> queued = new ArrayList<>(s.tasks(TaskQuery.withStatus(TaskStatus.QUEUED)));
    queued.sort(Comparator.comparing(Task::createdAt));
    int ran = 0;
    for (Task t : queued) {
      if (t.spec().notBefore() != null && now.isBefore(t.spec().notBefore())) {
        continue;
      }
      String root = t.spec().properties().get(Engines.LOCAL_ROOT);
      if (root == null) {
        continue;
      }
      String layoutFile = t.spec().properties().get(Engines.LAYOUT_FILE);
      try (ShotSync sync = open(s, Path.of(root), layoutFile == null ? null : Path.of(layoutFile), progress)) {
        // a run that queues an automatic retry ends here; this loop picks the retry when it is due
        CompletableFuture<Task> runEnded = new CompletableFuture<>();
        sync.addListener(new SyncListener() {
          @Override
          public void taskFinished(Task task) {
            runEnded.complete(task);
          }
        });
        CompletableFuture.anyOf(sync.execute(t.id()).future(), runEnded).join();
      }
      done.add(t.id());
      ran++;
    }
    return ran;
  }

  private ShotSync open(TaskStore s, Path root, @Nullable Path layoutFile, Progress progress) {
    Credentials credentials = Credentials.fromEnvironment();
    List<Endpoint> endpoints = new ArrayList<>();
    for (Endpoint e : s.endpoints()) {
      Endpoint completed = credentials.complete(e, !e.user().equals("anonymous"));
      endpoints.add(trust != null && completed.ftps() ? RemoteOptions.withTrust(completed, trust) : completed);
    }
    return Engines.open(endpoints, root.toAbsolutePath(), layoutFile == null ? Layout.defaults()
        : Layout.load(layoutFile), s, SyncOptions.defaults().withConnections(parallel), Strategies.discover(),
        notifier == null ? List.of(progress) : List.of(progress, notifier));
  }
}
