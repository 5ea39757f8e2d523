package io.shotsync.core.internal.scan;

import io.shotsync.api.LocalStorageException;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.Selection;
import io.shotsync.api.ShotKey;
import io.shotsync.api.Version;
import io.shotsync.api.spi.DepartmentLayout;
import io.shotsync.api.spi.DirectoryReader;
import io.shotsync.core.Layout;
import io.shotsync.core.Structure;
import io.shotsync.core.Structure.DepartmentNode;
import io.shotsync.core.Structure.ShotNode;
import io.shotsync.core.Structure.VersionNode;
import io.shotsync.core.internal.files.SafePaths;
import io.shotsync.core.internal.layout.ShotTemplate;
import io.shotsync.core.internal.files.PartFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads the versions already on local disk with the same layout as the remote side, producing the same shapes
 * ({@link Structure}, entry paths relative to the local root). Files still being written ({@code *.part}), files
 * kept aside by keep_both ({@code *.shotsync-kept-*}) and versions without any finished file do not count; symbolic links are not followed.
 */
public final class LocalScanner {
  /** Suffix of files still being downloaded. */
  public static final String PART_SUFFIX = ".part";

  private final Layout layout;
  private final ShotTemplate template;

  /** A scanner for this layout. */
  public LocalScanner(Layout layout) {
    this.layout = layout;
    this.template = ShotTemplate.parse(layout.shotTemplate());
  }

  /** Every selected shot and department below the local root (an absent root is empty), stamped {@code scannedAt}. */
  public Structure scan(Path localRoot, Selection selection, Instant scannedAt) {
    List<ShotNode> shots = new ArrayList<>();
    walk(localRoot, "", new ArrayList<>(), 0, selection, shots);
    shots.sort((a, b) -> a.shot().compareTo(b.shot()));
    return new Structure("local", scannedAt, shots, List.of());
  }

  private void walk(Path root, String rel, List<String> names, int level, Selection selection, List<ShotNode> out) {
    for (RemoteEntry e : list(root, rel)) {
      if (!e.directory() || !template.matches(level, e.name())) {
        continue;
      }
      List<String> next = new ArrayList<>(names);
      next.add(e.name());
      if (level + 1 < template.depth()) {
        walk(root, e.path(), next, level + 1, selection, out);
      } else {
        ShotKey key = template.shotOf(next);
        if (key != null && selection.matches(key)) {
          List<DepartmentNode> departments = new ArrayList<>();
          for (DepartmentLayout dept : layout.departments()) {
            if (selection.matches(dept.department())) {
              departments.add(department(root, key, dept));
            }
          }
          out.add(new ShotNode(key, departments));
        }
      }
    }
  }

  /** One department of one shot on local disk. */
  public DepartmentNode department(Path localRoot, ShotKey shot, DepartmentLayout dept) {
    String deptRel = layout.shotPath(shot) + "/" + dept.path();
    List<VersionNode> nodes = new ArrayList<>();
    for (Map.Entry<Version, List<RemoteEntry>> v : versions(localRoot, shot, dept).entrySet()) {
      List<RemoteEntry> files = v.getValue().stream()
          .map(f -> new RemoteEntry(deptRel + "/" + f.path(), false, f.size(), f.modified(), f.precision()))
          .toList();
      nodes.add(VersionNode.of(v.getKey(), files));
    }
    return new DepartmentNode(dept.department(), deptRel, nodes);
  }

  /** The local versions of one shot's department with their files (paths relative to the department directory). */
  public SortedMap<Version, List<RemoteEntry>> versions(Path localRoot, ShotKey shot, DepartmentLayout dept) {
    String deptRel = layout.shotPath(shot) + "/" + dept.path();
    Path deptDir = SafePaths.resolve(localRoot, deptRel);
    DirectoryReader reader = rel -> {
      List<RemoteEntry> out = new ArrayList<>();
      for (RemoteEntry e : list(deptDir, rel)) {
        if (!e.directory() && (e.name().endsWith(PART_SUFFIX) || PartFiles.isShotsyncName(e.name()))) {
          continue;
        }
        out.add(e);
      }
      return out;
    };
    SortedMap<Version, List<RemoteEntry>> out = new TreeMap<>();
    dept.versions(reader).forEach((v, files) -> {
      if (!files.isEmpty()) {
        out.put(v, files);
      }
    });
    return out;
  }

  /** The newest local version of one shot's department, or null. */
  public @Nullable Version latest(Path localRoot, ShotKey shot, DepartmentLayout dept) {
    SortedMap<Version, List<RemoteEntry>> v = versions(localRoot, shot, dept);
    return v.isEmpty() ? null : v.lastKey();
  }

  /** Lists {@code base/rel}; entry paths are relative to {@code base}; absent directories are empty. */
  private static List<RemoteEntry> list(Path base, String rel) {
    Path dir = rel.isEmpty() ? base : SafePaths.resolve(base, rel);
    List<RemoteEntry> out = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (!SafePaths.isSafeName(name)) {
          continue;
        }
        BasicFileAttributes a = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String path = rel.isEmpty() ? name : rel + "/" + name;
        Instant mtime = a.lastModifiedTime().toInstant();
        if (a.isDirectory()) {
          out.add(RemoteEntry.directory(path, mtime));
        } else if (a.isRegularFile()) {
          out.add(RemoteEntry.file(path, a.size(), mtime, Duration.ZERO));
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    } catch (IOException e) {
      throw new LocalStorageException("cannot list local directory " + dir, e);
    }
    return out;
  }
}
