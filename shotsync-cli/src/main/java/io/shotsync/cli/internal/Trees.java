package io.shotsync.cli.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes a directory tree the command made itself (demo server trees, benchmark repeats). */
public final class Trees {
  private Trees() {}

  /** Deletes {@code dir} and everything below it; answers false when something could not be deleted. */
  public static boolean delete(Path dir) {
    if (!Files.exists(dir)) {
      return true;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      return true;
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }
}
