package io.shotsync.api.spi;

import io.shotsync.api.RemoteEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists one department's directory tree for a {@link DepartmentLayout}, remote or local alike.
 * Paths are relative to the department directory ({@code ""} is the directory itself).
 */
@FunctionalInterface
public interface DirectoryReader {

  /** The entries directly inside {@code path}; empty when it does not exist. Entry paths are relative too. */
  List<RemoteEntry> list(String path);

  /** Every file below {@code path}, depth first. */
  default List<RemoteEntry> walk(String path) {
    List<RemoteEntry> out = new ArrayList<>();
    for (RemoteEntry e : list(path)) {
      if (e.directory()) {
        out.addAll(walk(e.path()));
      } else {
        out.add(e);
      }
    }
    return out;
  }
}
