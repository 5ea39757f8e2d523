package io.shotsync.core.internal.layout;

import io.shotsync.api.Department;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.Version;
import io.shotsync.api.spi.DepartmentLayout;
import io.shotsync.api.spi.DirectoryReader;
import io.shotsync.core.internal.files.PartFiles;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kind {@code version-folders}: each child folder of the department directory that parses as a {@link Version}
 * is one version, with every file below it except temporary and kept-aside files
 * ({@link PartFiles#isShotsyncName}).
 */
public final class VersionFoldersLayout implements DepartmentLayout {
  private static final Logger LOG = LoggerFactory.getLogger(VersionFoldersLayout.class);

  /** The kind name. */
  public static final String KIND = "version-folders";

  private final Department department;
  private final String path;

  /** A layout for one department at {@code path} below the shot directory. */
  public VersionFoldersLayout(Department department, String path) {
    this.department = department;
    this.path = LayoutPaths.checkRelative(path, "path of department " + department);
  }

  @Override
  public Department department() {
    return department;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public SortedMap<Version, List<RemoteEntry>> versions(DirectoryReader reader) {
    SortedMap<Version, List<RemoteEntry>> out = new TreeMap<>();
    List<RemoteEntry> children = reader.list("").stream()
        .filter(RemoteEntry::directory)
        .sorted(Comparator.comparing(RemoteEntry::name))
        .toList();
    for (RemoteEntry child : children) {
      Version v = Version.tryParse(child.name());
      if (v == null) {
        continue;
      }
      if (out.containsKey(v)) {
        LOG.warn("{}: folder {} is the same version as {}; ignored", department, child.name(),
            out.keySet().stream().filter(v::equals).findFirst().orElse(v).text());
        continue;
      }
      out.put(v, reader.walk(child.path()).stream().filter(e -> !PartFiles.isShotsyncName(e.name())).toList());
    }
    return out;
  }

  @Override
  public @Nullable Version versionOf(String relativePath) {
    int slash = relativePath.indexOf('/');
    return slash < 0 ? null : Version.tryParse(relativePath.substring(0, slash));
  }

  @Override
  public String toString() {
    return department + " " + KIND + " at " + path;
  }
}
