package io.shotsync.core.internal.layout;

import io.shotsync.api.Department;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.spi.DepartmentLayout;
import io.shotsync.api.spi.DepartmentLayoutProvider;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Provides the {@code versioned-files} kind; settings {@code pattern} and {@code recursive} ("true"/"false"). */
public final class VersionedFilesProvider implements DepartmentLayoutProvider {
  private static final Set<String> KNOWN = Set.of("pattern", "recursive");

  @Override
  public String kind() {
    return VersionedFilesLayout.KIND;
  }

  @Override
  public DepartmentLayout create(Department department, String path, Map<String, String> settings) {
    TreeSet<String> unknown = new TreeSet<>(settings.keySet());
    unknown.removeAll(KNOWN);
    if (!unknown.isEmpty()) {
      throw new InvalidInputException("unknown setting(s) " + String.join(", ", unknown) + " for department "
          + department + " of kind " + kind() + "; known: pattern, recursive");
    }
    String recursive = settings.getOrDefault("recursive", "false");
    if (!recursive.equals("true") && !recursive.equals("false")) {
      throw new InvalidInputException("setting recursive of department " + department + " must be true or false: '"
          + recursive + "'");
    }
    return new VersionedFilesLayout(department, path,
        settings.getOrDefault("pattern", VersionedFilesLayout.DEFAULT_PATTERN), Boolean.parseBoolean(recursive));
  }
}
