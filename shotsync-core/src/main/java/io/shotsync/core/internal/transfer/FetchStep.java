package io.shotsync.core.internal.transfer;

import io.shotsync.api.RemoteException;
import io.shotsync.core.internal.files.PartRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * The fetch step: the rest of the file from {@code offset} into the temporary file, in ranges on several connections
 * for a large file while connections would otherwise idle, else on one. A ranged fetch the server refuses starts the
 * file over on one connection.
 */
final class FetchStep {
  static final long MIN_RANGE = 1L << 20;

  private FetchStep() {}

  /**
   * Fetches what the temporary file lacks: from {@code offset} to the end, or only the spans missing between those it
   * holds from an earlier ranged run. Answers the bytes fetched.
   */
  static long fetch(FileJob job, long offset) {
    RunContext ctx = job.ctx;
    long size = job.remote.size();
    long threshold = ctx.options.segmentThreshold();
    int conns = Math.min(ctx.options.connections(), ctx.connections.pool().concurrency());
    if (job.holes()) {
      // spans after a gap are kept: fetch only the gaps, in ranges (on one connection when no more are free)
      List<PartRecord.Span> missing = PartRecord.missing(job.held(), size);
      try {
        return new RangedFetch(job).fetch(missing, Math.max(1, conns));
      } catch (RemoteException e) {
        if (e.isRetryable() || ctx.cancelled()) {
          throw e;
        }
        job.restart("ranged transfer of " + job.rel + " failed (" + e.getMessage()
            + "); fetching it again on one connection from the start", true);
        return new SequentialFetch(job).fetch(0);
      }
    }
    // Ranges only pay off when connections would otherwise idle: while at least as many files are left as there
    // are connections, each connection streams a whole file (vsftpd also sends past a range's end before its 426).
    if (threshold > 0 && size >= threshold && conns > 1 && ctx.meter.filesLeft() < conns
        && !ctx.restUnreliable.get() && size - offset >= 2 * MIN_RANGE) {
      try {
        return new RangedFetch(job).fetch(offset, conns);
      } catch (RemoteException e) {
        if (e.isRetryable() || ctx.cancelled()) {
          throw e;
        }
        job.restart("ranged transfer of " + job.rel + " failed (" + e.getMessage()
            + "); fetching it again on one connection from the start", true);
        return new SequentialFetch(job).fetch(0);
      }
    }
    return new SequentialFetch(job).fetch(offset);
  }

  /**
   * Opens the temporary file for writing, in the directory handle of the file. When that directory was removed since
   * it was opened (a user cleaned the local tree), it is opened (and made) again from the root. With {@code empty}
   * the file is cut to nothing as it is opened.
   */
  static FileChannel openPart(FileJob job, boolean empty) throws IOException {
    try {
      return job.openPart(empty);
    } catch (NoSuchFileException e) {
      job.dir().forget();
      job.releaseDir();
      job.dir = job.ctx.tree.make(job.dirRel);
      return job.openPart(empty);
    }
  }
}
