package io.shotsync.core.internal.layout;

import io.shotsync.api.InvalidInputException;
import io.shotsync.core.internal.files.SafePaths;

/** Checks relative paths written in a layout. */
final class LayoutPaths {
  private LayoutPaths() {}

  /** The path without surrounding slashes; every segment must be a safe name. */
  static String checkRelative(String path, String what) {
    String p = path.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      throw new InvalidInputException(what + " must not be empty");
    }
    for (String segment : p.split("/", -1)) {
      String why = SafePaths.refusal(segment);
      if (why != null) {
        throw new InvalidInputException(what + " '" + SafePaths.printable(path) + "' is malformed: " + why);
      }
    }
    return p;
  }
}
