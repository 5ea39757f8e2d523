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

  /** Deletes {@code dir} and everything below it, as far as it can: a leftover is harmless here. */
  public static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // an absent tree, or what could not be deleted, stays as it is
    }
  }
}
