package io.shotsync.core.internal.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * What a temporary file holds, kept beside it (in {@code .<name>.shotsync-resume.part}) apart from any task: the
 * remote file it came from (size and mtime) and the byte spans that were on disk, forced there, when it was written.
 * Any run, a retry or a new task over the same file, continues the temporary file from it while the remote file is
 * still that one.
 *
 * <p>The record is written over the old one in one write, followed by a CRC-32 line: a record cut short (a power
 * loss in the middle of the write) reads as no record, and one the disk did not keep claims less than it could.
 * A record never claims bytes a power loss could take: either the temporary file was forced to disk before it
 * ({@code boot} null), or it names the boot of the machine it was written in ({@link BootId}) and holds nothing in
 * any other boot ({@link #fromAnotherBoot}), since only a restart of the machine loses what the page cache held.
 *
 * @param remoteSize the remote file's size
 * @param remoteModified its mtime, or null when the listing had none
 * @param held the spans of the temporary file known good, sorted and disjoint
 * @param boot the boot id of the machine when the spans were not forced to disk, else null
 */
public record PartRecord(long remoteSize, @Nullable Instant remoteModified, List<Span> held, @Nullable String boot) {
  /** Suffix of the records beside temporary files: hidden and ending in {@code .part} like them. */
  public static final String SUFFIX = ".shotsync-resume.part";
  private static final String MAGIC = "shotsync-part-record 1";
  /** Records whose spans hold only within one boot; earlier versions read them as no record. */
  private static final String MAGIC_BOOT = "shotsync-part-record 2";
  /** Records are small; anything larger is not one. */
  private static final int MAX_BYTES = 1 << 16;

  /** One span of bytes, from {@code start} (inclusive) to {@code end} (exclusive). */
  public record Span(long start, long end) {
    /** Checks the bounds. */
    public Span {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("bad span " + start + "-" + end);
      }
    }

    /** Its length. */
    public long length() {
      return end - start;
    }
  }

  /** Sorts and merges the spans. */
  public PartRecord {
    held = normalize(held);
    if (boot != null && !BootId.wellFormed(boot)) {
      throw new IllegalArgumentException("bad boot id: " + boot);
    }
  }

  /** A record of spans forced to disk. */
  public PartRecord(long remoteSize, @Nullable Instant remoteModified, List<Span> held) {
    this(remoteSize, remoteModified, held, null);
  }

  /**
   * True when its spans were not forced to disk and were written in a boot other than {@code currentBoot} (null when
   * unknown): a restart of the machine may have taken them, so the record holds nothing.
   */
  public boolean fromAnotherBoot(@Nullable String currentBoot) {
    return boot != null && !boot.equals(currentBoot);
  }

  /** The record's name beside the file named {@code name}. */
  public static String nameOf(String name) {
    return "." + name + SUFFIX;
  }

  /** The record's path beside {@code localFile}. */
  public static Path pathOf(Path localFile) {
    return localFile.resolveSibling(nameOf(localFile.getFileName().toString()));
  }

  /** The bytes held from the start of the file, without a gap. */
  public long prefix() {
    return prefixOf(held);
  }

  /** The bytes held in all. */
  public long heldBytes() {
    return held.stream().mapToLong(Span::length).sum();
  }

  /** This record with only what lies within the first {@code length} bytes (the temporary file's size). */
  public PartRecord clip(long length) {
    List<Span> out = new ArrayList<>();
    for (Span s : held) {
      if (s.start() < length) {
        out.add(new Span(s.start(), Math.min(s.end(), length)));
      }
    }
    return new PartRecord(remoteSize, remoteModified, out, boot);
  }

  /** The spans of {@code [0, size)} not held. */
  public static List<Span> missing(List<Span> held, long size) {
    List<Span> out = new ArrayList<>();
    long p = 0;
    for (Span s : normalize(held)) {
      if (s.start() > p) {
        out.add(new Span(p, Math.min(s.start(), size)));
      }
      p = Math.max(p, s.end());
      if (p >= size) {
        break;
      }
    }
    if (p < size) {
      out.add(new Span(p, size));
    }
    return out;
  }

  /** The end of the span that starts at byte 0, or 0. */
  public static long prefixOf(List<Span> spans) {
    return !spans.isEmpty() && spans.get(0).start() == 0 ? spans.get(0).end() : 0;
  }

  /** The spans sorted, empty ones dropped and overlapping or touching ones merged. */
  public static List<Span> normalize(List<Span> spans) {
    List<Span> sorted = new ArrayList<>(spans);
    sorted.removeIf(s -> s.length() == 0);
    sorted.sort(Comparator.comparingLong(Span::start));
    List<Span> out = new ArrayList<>();
    for (Span s : sorted) {
      Span last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && s.start() <= last.end()) {
        out.set(out.size() - 1, new Span(last.start(), Math.max(last.end(), s.end())));
      } else {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  // ---- the file

  /** The record as the text written to disk, ending in its CRC-32 line. */
  public String encode() {
    StringBuilder b = new StringBuilder(boot == null ? MAGIC : MAGIC_BOOT).append('\n');
    if (boot != null) {
      b.append("boot ").append(boot).append('\n');
    }
    b.append("remote-size ").append(remoteSize).append('\n');
    b.append("remote-mtime ").append(remoteModified == null ? "-" : remoteModified.toString()).append('\n');
    b.append("held");
    for (Span s : held) {
      b.append(' ').append(s.start()).append('-').append(s.end());
    }
    b.append('\n');
    CRC32 crc = new CRC32();
    crc.update(b.toString().getBytes(StandardCharsets.UTF_8));
    b.append("crc32 ").append(Long.toHexString(crc.getValue())).append('\n');
    return b.toString();
  }

  /** The record in {@code text}, or null when it is none (cut short, damaged, another format). */
  public static @Nullable PartRecord decode(String text) {
    int crcAt = text.indexOf("crc32 ");
    boolean bootBound = text.startsWith(MAGIC_BOOT + "\n");
    if (!(bootBound || text.startsWith(MAGIC + "\n")) || crcAt < 0) {
      return null;
    }
    int crcEnd = text.indexOf('\n', crcAt);
    if (crcEnd < 0) {
      return null;
    }
    String body = text.substring(0, crcAt);
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    if (!Long.toHexString(crc.getValue()).equals(text.substring(crcAt + 6, crcEnd).strip().toLowerCase(Locale.ROOT))) {
      return null;
    }
    long size = -1;
    Instant mtime = null;
    List<Span> held = null;
    String boot = null;
    try {
      for (String line : body.split("\n")) {
        if (line.startsWith("boot ")) {
          boot = line.substring(5).strip();
        } else if (line.startsWith("remote-size ")) {
          size = Long.parseLong(line.substring(12).strip());
        } else if (line.startsWith("remote-mtime ")) {
          String v = line.substring(13).strip();
          mtime = v.equals("-") ? null : Instant.parse(v);
        } else if (line.equals("held") || line.startsWith("held ")) {
          held = new ArrayList<>();
          for (String s : line.substring(4).strip().split(" ")) {
            if (!s.isEmpty()) {
              int dash = s.indexOf('-');
              held.add(new Span(Long.parseLong(s.substring(0, dash)), Long.parseLong(s.substring(dash + 1))));
            }
          }
        }
      }
    } catch (RuntimeException e) {
      // NumberFormatException, DateTimeParseException, IndexOutOfBounds, IllegalArgumentException: not a record
      return null;
    }
    long remoteSize = size;
    if (remoteSize < 0 || held == null || held.stream().anyMatch(s -> s.end() > remoteSize)
        || bootBound != (boot != null)) {
      return null;
    }
    try {
      return new PartRecord(remoteSize, mtime, held, boot);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Reads the record beside {@code localFile} (for a plan, which writes nothing), or null. */
  public static @Nullable PartRecord readBeside(Path localFile) {
    Path p = pathOf(localFile);
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      return read(ch);
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads a record from the start of {@code ch}, or null when it holds none that can be read. */
  public static @Nullable PartRecord read(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size > MAX_BYTES) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    while (buf.hasRemaining() && ch.read(buf) >= 0) {
      // read it all
    }
    return decode(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
  }
}
