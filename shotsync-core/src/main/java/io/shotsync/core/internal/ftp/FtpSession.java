package io.shotsync.core.internal.ftp;

import io.shotsync.api.RemoteEntry;
import io.shotsync.core.internal.files.SafePaths;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One logged-in control connection, used by one thread at a time. Paths are absolute remote paths.
 * Every failure is a {@link io.shotsync.api.RemoteException} whose kind says whether a retry may help.
 */
public interface FtpSession extends AutoCloseable {

  /** What the server supports (read once from FEAT, shared by the pool). */
  Capabilities capabilities();

  /**
   * Lists a directory. Entry paths are absolute. A failed data connection or a final reply that is not
   * 2xx is an error, never an empty list; unparsable lines and refused names go to {@code warnings}.
   */
  List<RemoteEntry> list(String directory, Warnings warnings);

  /** The exact mtime by MDTM, or null when the server cannot tell. */
  @Nullable Instant modificationTime(String path);

  /**
   * The exact mtimes of several files (by MDTM), in the order of {@code paths}; an element is null when the server
   * cannot tell or the file is gone. A session may pipeline the commands (send a batch, then read the replies).
   */
  default List<@Nullable Instant> modificationTimes(List<String> paths) {
    List<@Nullable Instant> out = new java.util.ArrayList<>(paths.size());
    for (String p : paths) {
      Instant t;
      try {
        t = modificationTime(p);
      } catch (io.shotsync.api.RemoteException e) {
        if (e.isRetryable()) {
          throw e;
        }
        t = null;
      }
      out.add(t);
    }
    return out;
  }

  /** The size by SIZE. */
  long size(String path);

  /**
   * Copies the file from {@code offset} to the end (or {@code length} bytes when not negative) into {@code out},
   * calling {@code progress} with the size of each chunk as it arrives (a delta, not a running total). Answers the bytes copied. When {@code offset} &gt; 0
   * and the server refuses REST, throws a {@link io.shotsync.api.RemoteException} of kind PERMANENT with reply 350
   * not seen, so the caller can start over.
   */
  long retrieve(String path, long offset, long length, OutputStream out, LongConsumer progress);

  /** The server's checksum of the file as {@code ALGO:hex} (HASH, XMD5 or XCRC), or null when it has none. */
  @Nullable String checksum(String path);

  /** True while the control connection answers. */
  boolean isAlive();

  /** Logs out and closes (never throws). */
  @Override
  void close();

  /** Collects what a listing could not use: refused names (warnings) and entries that cannot be read. */
  @FunctionalInterface
  interface Warnings {
    /** Records one warning. */
    void warn(String message);

    /**
     * Records an entry the server lists that cannot be read: a line no parser understands, or a file whose date
     * neither the line nor MDTM gives. {@code directory} is the absolute path listed, {@code line} the line as the
     * server sent it. Such an entry may be a file of a shot, so a scan must not take it lightly: the scanner and the
     * engine record it as an error. This default only warns, for callers that merely look.
     */
    default void unreadable(String directory, String line, String reason) {
      warn(unreadableMessage(directory, line, reason));
    }

    /** The text naming an unreadable entry: where, the line, and why. */
    static String unreadableMessage(String directory, String line, String reason) {
      return "cannot read an entry the server lists in " + SafePaths.printable(directory)
          + ": '" + SafePaths.printable(line) + "' (" + reason + ")";
    }

    /** Drops every warning. */
    Warnings IGNORE = m -> {};
  }
}
