package io.shotsync.core.internal.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Names of temporary and kept-aside siblings. A temporary file is {@code .<name>.shotsync.part} (hidden, and
 * ending in {@code .part} like every file being written, so no layout reads it as a version or frame); a kept file is
 * {@code <name>.shotsync-kept-20261126T015730Z}, with {@code -2}, {@code -3}... when that name is taken.
 */
public final class PartFiles {
  /** Suffix of temporary files. */
  public static final String PART_SUFFIX = ".shotsync.part";
  /** Marker of kept-aside files. */
  public static final String KEPT_MARKER = ".shotsync-kept-";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private PartFiles() {}

  /** The temporary sibling of a final file. */
  public static Path partOf(Path file) {
    return file.resolveSibling(partName(file.getFileName().toString()));
  }

  /** The name of the temporary sibling of a file named {@code name}. */
  public static String partName(String name) {
    return "." + name + PART_SUFFIX;
  }

  /** The {@code n}th kept-aside name (from 1) of a file named {@code name}, kept at {@code now}. */
  public static String keptName(String name, Instant now, int n) {
    String base = name + KEPT_MARKER + STAMP.format(now);
    return n == 1 ? base : base + "-" + n;
  }

  /** True for names shotsync writes as temporary or kept-aside files, or as records of temporary files. */
  public static boolean isShotsyncName(String name) {
    return name.endsWith(PART_SUFFIX) || name.endsWith(PartRecord.SUFFIX) || name.contains(KEPT_MARKER);
  }

  /**
   * Moves an existing file aside to a kept name that does not exist yet, never replacing anything.
   *
   * @return the new name
   */
  public static Path keepAside(Path file, Instant now) throws IOException {
    for (int n = 1; n < 10_000; n++) {
      Path target = file.resolveSibling(keptName(file.getFileName().toString(), now, n));
      if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try {
        Files.move(file, target);
        return target;
      } catch (FileAlreadyExistsException e) {
        // another writer took it between the check and the move: try the next counter
      }
    }
    throw new IOException("no free kept-aside name for " + file);
  }
}
