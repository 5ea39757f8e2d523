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
    for (String g : shotGlobs) {
      checkGlob(g);
    }
    departments = Set.copyOf(new TreeSet<>(departments));
  }

  /**
   * Checks a shot glob: not blank, relative, no {@code ..} segment, no backslash or control character.
   *
   * @throws InvalidInputException naming the glob and what is wrong
   */
  public static void checkGlob(String glob) {
    String why = null;
    if (glob.isBlank()) {
      why = "it is blank";
    } else if (glob.startsWith("/")) {
      why = "it must be relative, like ep01/sq010/*";
    } else if (glob.chars().anyMatch(c -> c < ' ' || c == 0x7f || c == '\\')) {
      why = "it holds a control character or a backslash";
    } else if (List.of(glob.split("/", -1)).contains("..") || List.of(glob.split("/", -1)).contains("")) {
      why = "it has an empty or '..' segment";
    }
    if (why != null) {
      throw new InvalidInputException("malformed shot glob '" + Version.printable(glob) + "': " + why);
    }
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
