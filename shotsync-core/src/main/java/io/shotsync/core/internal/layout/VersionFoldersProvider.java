package io.shotsync.core.internal.layout;

import io.shotsync.api.Department;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.spi.DepartmentLayout;
import io.shotsync.api.spi.DepartmentLayoutProvider;
import java.util.Map;

/** Provides the {@code version-folders} kind; it takes no settings. */
public final class VersionFoldersProvider implements DepartmentLayoutProvider {

  @Override
  public String kind() {
    return VersionFoldersLayout.KIND;
  }

  @Override
  public DepartmentLayout create(Department department, String path, Map<String, String> settings) {
    if (!settings.isEmpty()) {
      throw new InvalidInputException("department " + department + " of kind " + kind() + " takes no settings, got: "
          + String.join(", ", new java.util.TreeSet<>(settings.keySet())));
    }
    return new VersionFoldersLayout(department, path);
  }
}
