package io.shotsync.core.internal.transfer;

import io.shotsync.api.RemoteException;
import io.shotsync.core.internal.ftp.Connections;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;

/**
 * A whole file (or its rest from a confirmed offset) on one connection, retried by the {@link RetryPolicy} from where
 * it stopped. A server that ignores REST (sends the file from its start) or refuses it starts the file over once.
 */
final class SequentialFetch {
  private final FileJob job;
  private final RetryPolicy retry;
  private boolean restarted;
  private long offset;
  private long start;

  SequentialFetch(FileJob job) {
    this.job = job;
    this.retry = new RetryPolicy(job, "");
  }

  /** Fetches from {@code from} to the end; answers the bytes fetched. */
  long fetch(long from) {
    offset = from;
    start = from;
    while (true) {
      if (job.ctx.cancelled()) {
        throw stopped();
      }
      Connections.Lease lease = job.ctx.connections.acquire(job.ctx::cancelled);
      if (lease == null) {
        throw stopped();
      }
      try {
        if (attempt(lease)) {
          return offset - start;
        }
      } finally {
        lease.release();
      }
    }
  }

  private CancelledException stopped() {
    job.sequentialAt(offset);
    return job.cancelled();
  }

  /** One RETR from {@link #offset}: true when the file is complete, false to try again. */
  private boolean attempt(Connections.Lease lease) {
    long attemptOffset = offset;
    PartSink out = null;
    try (FileChannel ch = openPart()) {
      attemptOffset = offset;
      if (offset > 0 && ch.size() != offset) {
        ch.truncate(offset); // from byte 0 the open cut it already
      }
      out = new PartSink(job, ch, offset, job.remote.size(), null);
      job.sequentialAt(offset);
      try {
        lease.session().retrieve(job.abs, offset, -1, out, n -> {});
      } finally {
        offset = out.pos;
        job.sequentialAt(offset);
      }
      if (offset == job.remote.size()) {
        return true;
      }
      throw job.endedShort("transfer", offset, job.remote.size());
    } catch (IOException e) {
      throw job.localError("cannot write " + job.part(), e);
    } catch (RuntimeException e) {
      return afterFailure(lease, out, attemptOffset, e);
    }
  }

  /**
   * Opens the temporary file; when it holds fewer bytes than were confirmed (its directory was removed and made
   * again), the file starts over rather than leave a hole.
   */
  private FileChannel openPart() throws IOException {
    FileChannel ch = FetchStep.openPart(job, offset == 0);
    if (offset > 0 && ch.size() < offset) {
      long had = ch.size();
      ch.close();
      job.restart("the temporary file of " + job.rel + " holds " + had + " of the " + offset
          + " bytes fetched (its directory was made again); starting over", false);
      offset = 0;
      start = 0;
      ch = FetchStep.openPart(job, true);
    }
    return ch;
  }

  private boolean afterFailure(Connections.Lease lease, @Nullable PartSink out,
      long attemptOffset, RuntimeException e) {
    if (out != null && out.localError != null) {
      throw job.localError("cannot write " + job.part(), out.localError);
    }
    if (job.ctx.cancelled()) {
      lease.broken();
      throw job.cancelled();
    }
    if (out != null && out.overrun) {
      lease.broken();
      // what this attempt wrote came from the file's start, not from attemptOffset: only the bytes before it count
      offset = attemptOffset;
      job.sequentialAt(attemptOffset);
      if (restarted) {
        throw new RemoteException(RemoteException.Kind.PERMANENT, 0, "server sent more bytes of " + job.rel
            + " than its listing says (" + job.remote.size() + "); it may be changing", e);
      }
      startOver("server ignored REST " + attemptOffset + " for " + job.rel + " (sent the file from its start)");
      return false;
    }
    boolean retryable = RetryPolicy.retryable(e);
    if (!retryable && attemptOffset > 0 && !restarted && e instanceof RemoteException) {
      startOver("server refused to resume " + job.rel + " at byte " + attemptOffset + " (" + e.getMessage() + ")");
      return false;
    }
    if (!retryable) {
      throw retry.fatal(e);
    }
    lease.broken();
    retry.failed(e, offset);
    if (offset > 0) {
      job.resumedMidway = offset;
    }
    return false;
  }

  private void startOver(String why) {
    job.restart(why + "; starting over", true);
    restarted = true;
    offset = 0;
    start = 0;
  }

}
