package io.shotsync.core.internal.transfer;

import io.shotsync.api.FileStats;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.Version;
import io.shotsync.core.Structure;
import io.shotsync.core.internal.plan.Destination;
import io.shotsync.core.internal.plan.Planner;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An item as a run starts it: RUNNING with its versions now, what the planner resolves it to, its department's
 * directory, and the listing errors of the scan that may hide one of its files.
 */
record ItemStart(TaskItem item, Planner.Resolution resolution, String deptRel,
    List<Structure.ListingError> unreadable) {

  /** The claimed item with these versions, resolved against the structure and destination. */
  static ItemStart of(TaskItem claimed, @Nullable Version localVersion, TaskSpec spec, Structure structure,
      Destination dest, Planner planner) {
    TaskItem item = claimed.withVersions(Planner.available(structure, claimed.key()), localVersion)
        .withProgress(0, 0, FileStats.ZERO).withStatus(ItemStatus.RUNNING, null);
    Planner.Resolution r = planner.resolve(item, spec, structure, dest);
    String deptRel = structure.department(item.key()).map(Structure.DepartmentNode::path)
        .orElseGet(() -> dest.layout().department(claimed.key().department())
            .map(d -> dest.layout().departmentPath(claimed.key().shot(), d)).orElse(""));
    String shotRel = dest.layout().shotPath(item.key().shot());
    return new ItemStart(item, r, deptRel, unreadable(structure.errors(), shotRel, deptRel, filesOf(r)));
  }

  /** The files the item resolved to, none unless it is fetched. */
  List<Planner.FileSpec> plannedFiles() {
    return filesOf(resolution);
  }

  private static List<Planner.FileSpec> filesOf(Planner.Resolution r) {
    return r instanceof Planner.Fetch f ? f.files() : List.of();
  }

  /**
   * The listing errors that may hide a file of this item: in a directory on the way from the shot's directory to the
   * department's (an unreadable line there may be the department or version directory), in the department directory
   * itself, or in a directory holding a planned file (or, with nothing planned, anywhere below the department).
   */
  static List<Structure.ListingError> unreadable(List<Structure.ListingError> errors, String shotRel, String deptRel,
      List<Planner.FileSpec> planned) {
    List<Structure.ListingError> out = new ArrayList<>();
    for (Structure.ListingError e : errors) {
      String d = e.directory();
      boolean onTheWay = (d.equals(shotRel) || d.startsWith(shotRel + "/")) && (deptRel.equals(d)
          || deptRel.startsWith(d + "/"));
      boolean below = d.startsWith(deptRel + "/") && (planned.isEmpty()
          || planned.stream().anyMatch(f -> f.entry().path().startsWith(d + "/")));
      if (onTheWay || below) {
        out.add(e);
      }
    }
    return out;
  }

  /** Why an item fails because of these listing errors. */
  static String unreadableReason(List<Structure.ListingError> errors) {
    return errors.size() + " listed entr" + (errors.size() == 1 ? "y" : "ies") + " cannot be read, so a file may be"
        + " missing; first: " + errors.get(0).message();
  }
}
