package io.shotsync.cli.internal;

import io.shotsync.api.Department;
import io.shotsync.api.Selection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** {@code --shot GLOB} and {@code --dept NAME}, each repeatable. */
public final class SelectionOptions {
  @Option(names = "--shot", paramLabel = "GLOB", order = 10,
      description = "Shots to include, as ep/seq/shot globs (* within a segment, ** across); repeatable."
          + " Default: every shot.")
  List<String> shots = new ArrayList<>();

  @Option(names = "--dept", paramLabel = "NAME", order = 11,
      description = "Departments to include, such as anim or lighting; repeatable. Default: every department.")
  List<String> departments = new ArrayList<>();

  /** The selection these options describe. */
  public Selection selection() {
    Set<Department> depts = new TreeSet<>();
    for (String d : departments) {
      for (String part : d.split(",")) {
        if (!part.isBlank()) {
          depts.add(Department.of(part.strip()));
        }
      }
    }
    return new Selection(shots, depts);
  }
}
