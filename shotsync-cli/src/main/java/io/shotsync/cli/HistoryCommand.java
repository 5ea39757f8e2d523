package io.shotsync.cli;

import io.shotsync.api.Department;
import io.shotsync.api.FileRecord;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ShotKey;
import io.shotsync.api.TaskItem;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.cli.internal.ExitCodes;
import io.shotsync.cli.internal.Output;
import io.shotsync.cli.internal.OutputOptions;
import io.shotsync.cli.internal.StoreOptions;
import io.shotsync.cli.internal.Table;
import io.shotsync.cli.internal.Units;
import io.shotsync.core.SyncJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shotsync history SHOT}: every file downloaded for a shot across tasks, newest first, from the task store. */
@Command(name = "history", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Every file downloaded for a shot, newest first: time, version, action, bytes and task, from the"
        + " task store.")
public final class HistoryCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SHOT", description = "The shot as EPISODE/SEQUENCE/SHOT, like ep01/sq010/sh0010.")
  String shot;

  @Option(names = "--dept", paramLabel = "NAME", description = "Only this department's files.")
  @Nullable String department;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "200",
      description = "At most N files (default: ${DEFAULT-VALUE}).")
  int limit;

  @Mixin
  StoreOptions store;

  @Mixin
  OutputOptions outputOptions;

  @Override
  public Integer call() {
    Output out = outputOptions.output();
    ShotKey key = ShotKey.parse(shot);
    Department dept = department == null ? null : Department.of(department);
    if (limit < 1) {
      throw new InvalidInputException("--limit must be at least 1: " + limit);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    List<FileRecord> records = new ArrayList<>();
    List<String> depts = new ArrayList<>();
    try (TaskStore s = store.open()) {
      Map<String, Map<Long, TaskItem>> items = new HashMap<>();
      for (FileRecord f : s.history(key)) {
        TaskItem item = items.computeIfAbsent(f.taskId(), id -> {
          Map<Long, TaskItem> byId = new HashMap<>();
          s.items(id).forEach(i -> byId.put(i.id(), i));
          return byId;
        }).get(f.itemId());
        String d = item == null ? null : item.department().name();
        if (dept != null && !dept.name().equals(d)) {
          continue;
        }
        records.add(f);
        depts.add(d);
        if (records.size() >= limit) {
          break;
        }
      }
    }
    if (out.json()) {
      for (int i = 0; i < records.size(); i++) {
        Map<String, Object> m = new LinkedHashMap<>(SyncJson.fileRecord(records.get(i)));
        m.put("department", depts.get(i));
        rows.add(m);
      }
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("shot", key.path());
      doc.put("department", dept == null ? null : dept.name());
      doc.put("files", rows);
      out.printJson(doc);
      return ExitCodes.OK;
    }
    if (records.isEmpty()) {
      out.summary("no files downloaded for " + key.path() + (dept == null ? "" : " " + dept.name())
          + " in this task store");
      return ExitCodes.OK;
    }
    Table t = new Table("TIME", "VERSION", "DEPT", "ACTION", "BYTES", "TASK", "FILE").right(4);
    for (int i = 0; i < records.size(); i++) {
      FileRecord f = records.get(i);
      t.row(f.updatedAt(), f.version() == null ? "-" : f.version().text(), depts.get(i) == null ? "-" : depts.get(i),
          f.action() == null ? f.status().name().toLowerCase(java.util.Locale.ROOT)
              : f.action().name().toLowerCase(java.util.Locale.ROOT), Units.bytes(f.size()),
          f.taskId().substring(0, Math.min(8, f.taskId().length())), f.path());
    }
    out.result(t.render().stripTrailing());
    out.summary(records.size() + (records.size() == 1 ? " file" : " files") + " downloaded for " + key.path());
    return ExitCodes.OK;
  }
}
