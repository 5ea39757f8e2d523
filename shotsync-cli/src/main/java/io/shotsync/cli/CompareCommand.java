package io.shotsync.cli;

import io.shotsync.api.Endpoint;
import io.shotsync.api.Version;
import io.shotsync.cli.internal.Engines;
import io.shotsync.cli.internal.Output;
import io.shotsync.cli.internal.OutputOptions;
import io.shotsync.cli.internal.Progress;
import io.shotsync.cli.internal.RemoteOptions;
import io.shotsync.cli.internal.Reports;
import io.shotsync.core.Structure;
import io.shotsync.cli.internal.Reports;
import io.shotsync.cli.internal.SelectionOptions;
import io.shotsync.cli.internal.Table;
import io.shotsync.cli.internal.Units;
import io.shotsync.core.ComparisonRow;
import io.shotsync.core.ComparisonStatus;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Strategies;
import io.shotsync.api.SyncOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shotsync compare}: what is on the server against what is on local disk. */
@Command(name = "compare", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Compare the remote shots with a local directory: per shot and department, the available"
        + " versions, the latest, the local version and its status (new, outdated, up_to_date, local_newer).")
public final class CompareCommand implements Callable<Integer> {
  @Mixin
  RemoteOptions remote;

  @Option(names = "--local", required = true, paramLabel = "DIR", order = 3,
      description = "The local directory that mirrors the remote root.")
  Path local;

  @Mixin
  SelectionOptions selection;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
      description = "Connections used to list directories (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Mixin
  OutputOptions outputOptions;

  @Override
  public Integer call() {
    Output out = outputOptions.output();
    var sel = selection.selection();
    Endpoint endpoint = remote.endpoint(out.err());
    var layout = remote.layout();
    Progress progress = new Progress(out.err(), out.progressMode());
    try (ShotSync sync = Engines.open(List.of(endpoint), local.toAbsolutePath(), layout, null,
        SyncOptions.defaults().withConnections(parallel), Strategies.discover(), List.of(progress))) {
      Structure scanned = sync.scan(endpoint.id());
      List<ComparisonRow> rows = sync.compare(endpoint.id(), sel);
      progress.clear();
      if (out.json()) {
        out.printJson(json(endpoint, local, rows));
      } else {
        out.result(table(rows));
        out.summary(summary(rows));
      }
      return Reports.listingErrors(out, scanned);
    }
  }

  static Map<String, Object> json(Endpoint endpoint, Path local, List<ComparisonRow> rows) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("remote", endpoint.url());
    doc.put("local", local.toAbsolutePath().toString());
    List<Object> list = new ArrayList<>();
    for (ComparisonRow r : rows) {
      list.add(io.shotsync.core.SyncJson.comparisonRow(r));
    }
    doc.put("rows", list);
    return doc;
  }

  /** The comparison as a table. */
  public static String table(List<ComparisonRow> rows) {
    Table t = new Table("SHOT", "DEPT", "AVAILABLE", "LATEST", "LOCAL", "STATUS", "LATEST SIZE").right(6);
    for (ComparisonRow r : rows) {
      t.row(r.item().shot().path(), r.item().department().name(),
          r.available().isEmpty() ? "-" : r.available().stream().map(Version::text).collect(Collectors.joining(",")),
          r.latest() == null ? "-" : r.latest().text(), r.local() == null ? "-" : r.local().text(),
          r.status().name().toLowerCase(Locale.ROOT),
          r.latestFiles() + " files, " + Units.bytes(r.latestBytes()));
    }
    return t.render().stripTrailing();
  }

  /** {@code 24 rows: 10 new, 4 outdated, 10 up_to_date}. */
  public static String summary(List<ComparisonRow> rows) {
    Map<ComparisonStatus, Long> counts = new EnumMap<>(ComparisonStatus.class);
    for (ComparisonRow r : rows) {
      counts.merge(r.status(), 1L, Long::sum);
    }
    return rows.size() + (rows.size() == 1 ? " row" : " rows") + (counts.isEmpty() ? "" : ": ")
        + counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
  }
}
