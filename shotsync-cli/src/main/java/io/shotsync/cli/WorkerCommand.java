package io.shotsync.cli;

import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.cli.internal.Credentials;
import io.shotsync.cli.internal.Engines;
import io.shotsync.cli.internal.ExitCodes;
import io.shotsync.cli.internal.Output;
import io.shotsync.cli.internal.OutputOptions;
import io.shotsync.cli.internal.Progress;
import io.shotsync.cli.internal.StoreOptions;
import io.shotsync.core.Layout;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Strategies;
import io.shotsync.core.SyncOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shotsync worker}: runs queued tasks from a shared store. */
@Command(name = "worker", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Run queued tasks (created with 'download --queue') from the task store. Several workers may"
        + " share one database: each item is worked on by one worker at a time.")
public final class WorkerCommand implements Callable<Integer> {
  @Mixin
  StoreOptions store;

  @Option(names = "--until-idle", description = "Stop once no queued work is left, instead of waiting for more.")
  boolean untilIdle;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "3",
      description = "With --until-idle: how long to wait for new work before stopping (default: ${DEFAULT-VALUE}).")
  int idleSeconds;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
      description = "Connections per endpoint (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Mixin
  OutputOptions outputOptions;

  @Override
  public Integer call() {
    Output out = outputOptions.output();
    if (idleSeconds < 1) {
      throw new InvalidInputException("--idle-timeout must be at least 1 second: " + idleSeconds);
    }
    Credentials credentials = Credentials.fromEnvironment();
    Progress progress = new Progress(out.err(), out.progressMode() == Progress.Mode.QUIET
        ? Progress.Mode.QUIET : Progress.Mode.PLAIN);
    int total = 0;
    try (TaskStore s = store.open()) {
      do {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Endpoint e : s.endpoints()) {
          endpoints.add(credentials.complete(e, !e.user().equals("anonymous")));
        }
        try (ShotSync sync = Engines.open(endpoints, Path.of(".").toAbsolutePath(), Layout.defaults(), s,
            SyncOptions.defaults().withConnections(parallel), Strategies.discover(), List.of(progress))) {
          int n = sync.runQueued(Duration.ofSeconds(untilIdle ? idleSeconds : 30));
          total += n;
        }
      } while (!untilIdle);
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("itemsProcessed", total);
      out.printJson(doc);
    } else {
      out.summary("worker idle: processed " + total + (total == 1 ? " item" : " items"));
    }
    return ExitCodes.OK;
  }
}
