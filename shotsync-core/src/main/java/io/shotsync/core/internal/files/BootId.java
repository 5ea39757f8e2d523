package io.shotsync.core.internal.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The id of this boot of the machine (Linux's {@code /proc/sys/kernel/random/boot_id}), and whether a local root may
 * keep resume records without forcing its temporary files to disk: only where a restart of the machine is the one
 * thing that loses what the page cache holds, that is a local file system on a machine whose boot is known.
 */
public final class BootId {
  private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
  /**
   * File systems whose unforced writes only a restart of this machine can lose, and which no other machine reads
   * (a network file system shows another client only what was flushed to its server).
   */
  private static final Set<String> LOCAL_TYPES = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "f2fs",
      "tmpfs", "overlay", "jfs", "reiserfs", "bcachefs");
  private static final @Nullable String CURRENT = read();

  private BootId() {}

  /** This boot's id, or null where the system does not tell it. */
  public static @Nullable String current() {
    return CURRENT;
  }

  /** True when {@code id} can stand in a resume record as a boot id: not empty, printable ASCII without spaces. */
  public static boolean wellFormed(String id) {
    return !id.isEmpty() && id.chars().allMatch(c -> c > ' ' && c <= '~');
  }

  /**
   * The boot id to write in the resume records of temporary files under {@code localRoot} instead of forcing them to
   * disk, or null when every record must follow a forced temporary file (another system, a network or unknown file
   * system, or the property {@code shotsync.forceResumeRecords=true}).
   */
  public static @Nullable String forUnforcedRecords(Path localRoot) {
    if (CURRENT == null || Boolean.getBoolean("shotsync.forceResumeRecords")) {
      return null;
    }
    try {
      Path p = localRoot.toAbsolutePath();
      while (p != null && !Files.exists(p)) {
        p = p.getParent();
      }
      if (p == null) {
        return null;
      }
      FileStore store = Files.getFileStore(p);
      return LOCAL_TYPES.contains(store.type().toLowerCase(Locale.ROOT)) ? CURRENT : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static @Nullable String read() {
    try {
      String id = new String(Files.readAllBytes(BOOT_ID), StandardCharsets.US_ASCII).strip();
      return wellFormed(id) ? id : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
