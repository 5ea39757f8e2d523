package io.shotsync.cli;

import io.shotsync.api.Endpoint;
import io.shotsync.api.Selection;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.cli.internal.DemoServer;
import io.shotsync.cli.internal.DemoTree;
import io.shotsync.cli.internal.Engines;
import io.shotsync.cli.internal.Interrupts;
import io.shotsync.cli.internal.Output;
import io.shotsync.cli.internal.Progress;
import io.shotsync.cli.internal.Reports;
import io.shotsync.cli.internal.StoreOptions;
import io.shotsync.cli.internal.Trees;
import io.shotsync.cli.internal.Units;
import io.shotsync.core.ComparisonRow;
import io.shotsync.core.Layout;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Strategies;
import io.shotsync.core.Structure;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.TaskHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shotsync demo}: the whole flow against an FTP server inside the JVM, with nothing to set up. */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Start an FTP server on 127.0.0.1 with a generated shot tree, then scan it, compare it with a"
        + " fresh local folder, download the latest versions and print the task's log. Needs no arguments.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--local", paramLabel = "DIR",
      description = "Where to download (default: ./shotsync-demo-<timestamp>, or under the temp dir when the"
          + " current directory is not writable).")
  @Nullable Path local;

  @Option(names = {"-q", "--quiet"}, description = "Print only errors and the summary line.")
  boolean quiet;

  @Mixin
  StoreOptions store;

  @Override
  public Integer call() throws IOException {
    Output out = Output.system(false, quiet);
    Path serverDir = Files.createTempDirectory("shotsync-demo-ftp-");
    try {
      DemoTree.Stats stats = DemoTree.demo().write(serverDir);
      Path target = (local != null ? local : defaultLocal()).toAbsolutePath().normalize();
      try (DemoServer server = DemoServer.builder(serverDir).start(); TaskStore taskStore = store.open()) {
        String url = server.url("anonymous");
        Endpoint endpoint = Endpoint.fromUrl(url, url);
        out.result("shotsync demo: an FTP server on 127.0.0.1:" + server.port() + " serves " + stats.shots()
            + " shots, " + stats.files() + " files, " + Units.bytes(stats.bytes()) + " (generated in "
            + serverDir + ")");
        // the demo prints its own tables: a live bar on a terminal, only errors otherwise
        Progress progress = new Progress(out.err(), out.live() ? Progress.Mode.TERMINAL : Progress.Mode.QUIET);
        try (ShotSync sync = Engines.open(List.of(endpoint), target, Layout.defaults(), taskStore,
            SyncOptions.defaults(), Strategies.discover(), List.of(progress))) {
          out.result("");
          out.result("== 1. scan " + url + "   (shotsync scan --remote " + url + ")");
          Structure s = sync.scan(endpoint.id());
          progress.clear();
          out.result(ScanCommand.table(s));

          out.result("");
          out.result("== 2. compare with " + target + "   (shotsync compare --remote URL --local DIR)");
          List<ComparisonRow> rows = sync.compare(endpoint.id(), Selection.all());
          out.result(CompareCommand.table(rows));
          out.result(CompareCommand.summary(rows));

          out.result("");
          out.result("== 3. download the latest versions   (shotsync download --remote URL --local DIR"
              + " --version-strategy latest --conflict-strategy skip)");
          TaskSpec spec = TaskSpec.builder(endpoint.id()).name("demo download").versionStrategy("latest")
              .conflictStrategy("skip").localRoot(target).build();
          Task created = sync.createTask(spec);
          TaskHandle handle = sync.execute(created.id());
          Interrupts.watch(handle, out.err());
          Interrupts.atExit(() -> {
            sync.close();
            taskStore.close();
          });
          Task done = handle.await();
          Interrupts.done();
          List<TaskItem> items = sync.items(done.id());
          progress.clear();
          out.result(Reports.itemTable(items).stripTrailing());
          out.summary(Reports.summaryLine(done, items));

          out.result("");
          out.result("== 4. the task's log, last 20 lines   (shotsync tasks logs " + done.id() + " --limit 20)");
          for (LogRecord r : TasksCommand.tail(taskStore, done.id(), LogLevel.INFO, 0, 20)) {
            out.result(Reports.logLine(r));
          }

          out.result("");
          out.result("The shots are in " + target);
          out.result("Next: shotsync tasks list, shotsync tasks show " + done.id().substring(0, 8)
              + ", shotsync download --help");
          return Reports.exitCode(done, items);
        }
      }
    } finally {
      Trees.delete(serverDir);
    }
  }

  private static Path defaultLocal() {
    String name = "shotsync-demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path cwd = Path.of("").toAbsolutePath();
    if (Files.isWritable(cwd)) {
      return cwd.resolve(name);
    }
    return Path.of(System.getProperty("java.io.tmpdir")).resolve(name);
  }

}
