package io.shotsync.api.spi;

import io.shotsync.api.Department;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.Version;
import java.util.List;
import java.util.SortedMap;

/** How the versions of one department are laid out under a shot directory. */
public interface DepartmentLayout {

  /** The department. */
  Department department();

  /** The department directory relative to the shot directory, such as {@code anim/publish}. */
  String path();

  /**
   * The versions found in the department directory, in numeric order, each with its files (entry paths
   * relative to the department directory). Entries that belong to no version are left out.
   */
  SortedMap<Version, List<RemoteEntry>> versions(DirectoryReader reader);

  /** The version a file belongs to, from its path relative to the department directory, or null. */
  @org.jspecify.annotations.Nullable
  Version versionOf(String relativePath);
}
