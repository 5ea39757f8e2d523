package io.shotsync.core.internal.transfer;

import io.shotsync.api.RemoteException;
import io.shotsync.api.event.LogLevel;
import io.shotsync.core.internal.ftp.Capabilities;
import io.shotsync.core.internal.ftp.Connections;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;

/**
 * The verify step: the temporary file must have the listing's size, and the server's checksum where it offers one
 * (HASH, XMD5 or XCRC) and the options ask for it.
 */
final class VerifyStep {
  private VerifyStep() {}

  /**
   * Checks the fetched file.
   *
   * @return why the checksum does not match, or null when the file is good
   * @throws RemoteException (permanent) when the size does not match; the temporary file is dropped
   */
  static @Nullable String verify(FileJob job) {
    Path part = job.part();
    long size;
    try {
      BasicFileAttributes a = job.dir().attributes(job.partName);
      if (a == null) {
        throw new NoSuchFileException(part.toString());
      }
      size = a.size();
    } catch (IOException e) {
      throw job.localError("cannot read " + part, e);
    }
    if (size != job.remote.size()) {
      job.discardPart();
      throw new RemoteException(RemoteException.Kind.PERMANENT, 0, "size of " + job.rel + " does not match: got "
          + size + " bytes, listing says " + job.remote.size(), null);
    }
    return checksumMismatch(job, part);
  }

  private static @Nullable String checksumMismatch(FileJob job, Path part) {
    RunContext ctx = job.ctx;
    if (!ctx.options.verifyChecksums()) {
      return null;
    }
    Capabilities caps = ctx.connections.pool().capabilities();
    if (caps.hashAlgorithms().isEmpty()) {
      return null;
    }
    String theirs = serverChecksum(job);
    if (theirs == null) {
      return null;
    }
    String ours;
    try (FileChannel ch = job.dir().open(job.partName, StandardOpenOption.READ)) {
      ours = Checksums.of(ch, Checksums.algorithmOf(theirs));
    } catch (IOException e) {
      throw job.localError("cannot read " + part + " to check it", e);
    }
    if (ours == null) {
      return null;
    }
    if (Checksums.same(ours, theirs)) {
      job.log(LogLevel.DEBUG, "checksum of " + job.rel + " matches (" + theirs + ")");
      return null;
    }
    return "checksum of " + job.rel + " does not match: server " + theirs + ", local " + ours;
  }

  private static @Nullable String serverChecksum(FileJob job) {
    Connections.Lease lease = job.ctx.connections.acquire(job.ctx::cancelled);
    if (lease == null) {
      throw job.cancelled();
    }
    try {
      return lease.session().checksum(job.abs);
    } catch (RemoteException e) {
      if (e.isRetryable()) {
        lease.broken();
      }
      job.log(LogLevel.DEBUG, "no server checksum for " + job.rel + ": " + e.getMessage());
      return null;
    } finally {
      lease.release();
    }
  }
}
