package io.shotsync.api;

import java.util.Objects;
import java.util.regex.Pattern;

/** A department of a shot, such as {@code anim} or {@code lighting}: an open set of lower-case names. */
public record Department(String name) implements Comparable<Department> {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  /** The animation department of the default layout. */
  public static final Department ANIM = new Department("anim");
  /** The lighting department of the default layout. */
  public static final Department LIGHTING = new Department("lighting");

  /** Checks the name: lower-case letters, digits, '_', '.', '-'. */
  public Department {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new InvalidInputException("malformed department name '" + Version.printable(name)
          + "': use lower-case letters, digits, '_', '.' or '-'");
    }
  }

  /** The department with this name. */
  public static Department of(String name) {
    return new Department(name);
  }

  @Override
  public int compareTo(Department o) {
    return name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
