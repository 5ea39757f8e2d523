package io.shotsync.api.spi;

import io.shotsync.api.Department;
import java.util.Map;

/** Makes {@link DepartmentLayout}s of one kind, such as {@code version-folders} or {@code versioned-files}. */
public interface DepartmentLayoutProvider {

  /** The kind a layout file names, such as {@code version-folders}. */
  String kind();

  /**
   * Creates a layout for one department.
   *
   * @param department the department
   * @param path the department directory relative to the shot directory
   * @param settings kind-specific settings from the layout file (for example {@code pattern})
   * @throws io.shotsync.api.InvalidInputException when a setting is malformed
   */
  DepartmentLayout create(Department department, String path, Map<String, String> settings);
}
