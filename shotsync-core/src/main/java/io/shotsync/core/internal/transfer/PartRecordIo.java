package io.shotsync.core.internal.transfer;

import io.shotsync.core.internal.files.PartRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/** Reads and writes a {@link PartRecord} through a checked {@link LocalTree.Dir}, as a run does. */
final class PartRecordIo {
  private PartRecordIo() {}

  /** Reads the record named {@code name} in {@code dir}, or null when there is none that can be read. */
  static @Nullable PartRecord read(LocalTree.Dir dir, String name) {
    try {
      if (dir.listedAttributes(name) == null) {
        return null;
      }
      try (FileChannel ch = dir.open(name, StandardOpenOption.READ)) {
        return PartRecord.read(ch);
      }
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Writes {@code record} over the one named {@code name} in {@code dir} in one write from its start, then cuts off
   * what is left of the old one. Not forced: a record the disk did not keep claims less, never more.
   */
  static void write(PartRecord record, LocalTree.Dir dir, String name) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(record.encode().getBytes(StandardCharsets.UTF_8));
    try (FileChannel ch = dir.open(name, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long p = 0;
      while (buf.hasRemaining()) {
        p += ch.write(buf, p);
      }
      if (ch.size() > p) {
        ch.truncate(p);
      }
    }
  }
}
