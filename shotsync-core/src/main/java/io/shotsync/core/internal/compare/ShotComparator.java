package io.shotsync.core.internal.compare;

import io.shotsync.api.ItemKey;
import io.shotsync.api.Selection;
import io.shotsync.api.Version;
import io.shotsync.api.spi.DepartmentLayout;
import io.shotsync.core.ComparisonRow;
import io.shotsync.core.ComparisonStatus;
import io.shotsync.core.Layout;
import io.shotsync.core.Structure;
import io.shotsync.core.Structure.DepartmentNode;
import io.shotsync.core.Structure.ShotNode;
import io.shotsync.core.Structure.VersionNode;
import io.shotsync.core.internal.scan.LocalScanner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Compares a remote {@link Structure} with the local root: one {@link ComparisonRow} per selected shot and
 * department of the layout, sorted by shot then department. Versions compare by number (v9 &lt; v10).
 */
public final class ShotComparator {
  private ShotComparator() {}

  /** The rows for every selected shot of the structure and every selected department of the layout. */
  public static List<ComparisonRow> compare(Structure remote, Path localRoot, Layout layout, Selection selection) {
    LocalScanner local = new LocalScanner(layout);
    List<ComparisonRow> rows = new ArrayList<>();
    for (ShotNode shot : remote.shots()) {
      if (!selection.matches(shot.shot())) {
        continue;
      }
      for (DepartmentLayout dept : layout.departments()) {
        if (!selection.matches(dept.department())) {
          continue;
        }
        Optional<DepartmentNode> node = shot.department(dept.department());
        List<Version> available = node.map(DepartmentNode::versionList).orElse(List.of());
        Version latest = node.map(DepartmentNode::latest).orElse(null);
        Version localLatest = local.latest(localRoot, shot.shot(), dept);
        VersionNode latestNode = latest == null ? null : node.flatMap(n -> n.version(latest)).orElse(null);
        rows.add(new ComparisonRow(new ItemKey(shot.shot(), dept.department()), available, latest, localLatest,
            status(latest, localLatest), latestNode == null ? 0 : latestNode.fileCount(),
            latestNode == null ? 0 : latestNode.bytes()));
      }
    }
    rows.sort((a, b) -> a.item().compareTo(b.item()));
    return rows;
  }

  /** How a local version stands against the server's latest. */
  public static ComparisonStatus status(@Nullable Version latest, @Nullable Version local) {
    if (latest == null) {
      return ComparisonStatus.NO_VERSIONS;
    }
    if (local == null) {
      return ComparisonStatus.NEW;
    }
    int c = local.compareTo(latest);
    return c < 0 ? ComparisonStatus.OUTDATED : c == 0 ? ComparisonStatus.UP_TO_DATE : ComparisonStatus.LOCAL_NEWER;
  }

  /** "Set all to latest": each row's latest version, for the custom strategy. */
  public static Map<ItemKey, Version> allToLatest(List<ComparisonRow> rows) {
    Map<ItemKey, Version> out = new TreeMap<>();
    for (ComparisonRow r : rows) {
      if (r.latest() != null) {
        out.put(r.item(), r.latest());
      }
    }
    return out;
  }

  /** "Set all to vNNN": that version for each row that has it; rows without it are left out. */
  public static Map<ItemKey, Version> allTo(List<ComparisonRow> rows, Version v) {
    Map<ItemKey, Version> out = new TreeMap<>();
    for (ComparisonRow r : rows) {
      for (Version a : r.available()) {
        if (a.equals(v)) {
          out.put(r.item(), a);
        }
      }
    }
    return out;
  }
}
