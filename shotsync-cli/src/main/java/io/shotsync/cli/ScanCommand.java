package io.shotsync.cli;

import io.shotsync.api.Endpoint;
import io.shotsync.cli.internal.Engines;
import io.shotsync.cli.internal.Output;
import io.shotsync.cli.internal.OutputOptions;
import io.shotsync.cli.internal.Progress;
import io.shotsync.cli.internal.RemoteOptions;
import io.shotsync.cli.internal.Reports;
import io.shotsync.cli.internal.Table;
import io.shotsync.cli.internal.Units;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Strategies;
import io.shotsync.core.Structure;
import io.shotsync.api.SyncOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shotsync scan}: lists the remote shot tree. */
@Command(name = "scan", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Scan the remote shot tree and print its structure: episodes, sequences, shots, departments"
        + " and available versions.")
public final class ScanCommand implements Callable<Integer> {
  @Mixin
  RemoteOptions remote;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
      description = "Connections used to list directories (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Mixin
  OutputOptions outputOptions;

  @Override
  public Integer call() {
    Output out = outputOptions.output();
    Endpoint endpoint = remote.endpoint(out.err());
    var layout = remote.layout();
    Progress progress = new Progress(out.err(), out.progressMode());
    int status;
    try (ShotSync sync = Engines.open(List.of(endpoint), Path.of("."), layout,
        null, SyncOptions.defaults().withConnections(parallel),
        Strategies.discover(), List.of(progress))) {
      Structure s = sync.scan(endpoint.id());
      progress.clear();
      if (out.json()) {
        out.printJsonText(ShotSync.toJson(s));
      } else {
        out.result(table(s));
        for (String w : s.warnings()) {
          out.note("warning: " + w);
        }
        out.summary(String.format("%d episodes, %d shots, %d files, %s on %s", s.episodes().size(),
            s.shots().size(), s.fileCount(), Units.bytes(s.bytes()), endpoint.url())
            + (s.errors().isEmpty() ? "" : "; " + s.errors().size() + " listed entr"
                + (s.errors().size() == 1 ? "y" : "ies") + " cannot be read"));
      }
      status = Reports.listingErrors(out, s);
    }
    return status;
  }

  static String table(Structure s) {
    Table t = new Table("SHOT", "DEPT", "VERSIONS", "LATEST", "FILES", "BYTES").right(4, 5);
    for (Structure.ShotNode shot : s.shots()) {
      for (Structure.DepartmentNode d : shot.departments()) {
        Structure.VersionNode latest = d.versions().isEmpty() ? null : d.versions().get(d.versions().size() - 1);
        t.row(shot.shot().path(), d.department().name(),
            d.versions().stream().map(v -> v.version().text()).collect(Collectors.joining(",")),
            latest == null ? "-" : latest.version().text(),
            d.versions().stream().mapToLong(Structure.VersionNode::fileCount).sum(),
            Units.bytes(d.versions().stream().mapToLong(Structure.VersionNode::bytes).sum()));
      }
    }
    return t.render().stripTrailing();
  }
}
