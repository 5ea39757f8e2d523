package io.shotsync.api;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which shots and departments a comparison or task covers. Shot globs match {@code ep/seq/shot} paths
 * ({@code *} within a segment, {@code **} across segments); empty lists mean everything.
 */
public record Selection(List<String> shotGlobs, Set<Department> departments) {

  /** Copies the lists. */
  public Selection {
    shotGlobs = List.copyOf(shotGlobs);
    departments = Set.copyOf(new TreeSet<>(departments));
  }

  /** Every shot and every department. */
  public static Selection all() {
    return new Selection(List.of(), Set.of());
  }

  /** The shots matching these globs, every department. */
  public static Selection shots(String... globs) {
    return new Selection(List.of(globs), Set.of());
  }

  /** This selection narrowed to these departments. */
  public Selection departments(Department... depts) {
    return new Selection(shotGlobs, Set.of(depts));
  }

  /** True when the shot matches one of the globs (or there are none). */
  public boolean matches(ShotKey shot) {
    if (shotGlobs.isEmpty()) {
      return true;
    }
    String path = shot.path();
    for (String glob : shotGlobs) {
      if (Globs.matches(glob, path)) {
        return true;
      }
    }
    return false;
  }

  /** True when the department is selected (or none is named). */
  public boolean matches(Department department) {
    return departments.isEmpty() || departments.contains(department);
  }
}
