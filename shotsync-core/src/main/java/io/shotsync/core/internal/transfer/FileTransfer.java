package io.shotsync.core.internal.transfer;

import io.shotsync.api.FileAction;
import io.shotsync.api.FileStatus;
import io.shotsync.api.ItemKey;
import io.shotsync.api.LocalStorageException;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.RemoteException;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogLevel;
import io.shotsync.core.internal.files.PartFiles;
import io.shotsync.core.internal.files.PartRecord;
import io.shotsync.core.internal.plan.FileDecision;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Fetches one file of an item as a chain of single-job steps: decide (the {@link FileDecision} a dry run asks too),
 * prepare the temporary file (drop, resume, or move the local file into it for a RESUME answer), fetch
 * ({@link FetchStep}: sequential or ranged, one {@link RetryPolicy}), verify ({@link VerifyStep}: size, checksum),
 * commit ({@link CommitStep}: mtime, atomic move), and record. A file starts over only through
 * {@link FileJob#restart}.
 */
final class FileTransfer {

  /**
   * What became of one file; {@code received} counts the bytes that came over the network for it in this run, and
   * {@code unchanged}, for a file this run left as it was, says why ({@link UnchangedFiles#kind}), else null.
   */
  record Outcome(@Nullable FileAction action, long fetched, long inPlace, @Nullable ShotSyncException error,
      boolean cancelled, long received, @Nullable String unchanged) {
    /** An outcome of a file whose state this run changed (or tried to). */
    Outcome(@Nullable FileAction action, long fetched, long inPlace, @Nullable ShotSyncException error,
        boolean cancelled, long received) {
      this(action, fetched, inPlace, error, cancelled, received, null);
    }

    static Outcome notStarted() {
      return new Outcome(null, 0, 0, null, true, 0);
    }
  }

  private final FileJob job;
  private final RunContext ctx;
  private final String rel;

  FileTransfer(RunContext ctx, long itemId, ItemKey item, Version version, RemoteEntry remote) {
    this.job = new FileJob(ctx, itemId, item, version, remote);
    this.ctx = ctx;
    this.rel = remote.path();
  }

  Outcome run() {
    if (ctx.cancelled()) {
      return Outcome.notStarted();
    }
    ctx.listener.fileStarted(job.event(0, null, ""));
    try {
      return transfer();
    } catch (CancelledException e) {
      return cancelled(e);
    } catch (ShotSyncException e) {
      return failed(e);
    } catch (RuntimeException e) {
      return failed(new ShotSyncException("unexpected failure fetching " + rel + ": " + e, e));
    } finally {
      job.releaseDir();
    }
  }

  private Outcome cancelled(CancelledException e) {
    boolean restored = job.restoreAside();
    long prefix = restored ? 0 : job.prefix();
    if (!restored && !job.confirmed().isEmpty()) {
      job.saveHeld(null);
    }
    if (prefix > 0) {
      job.record(FileStatus.PARTIAL, null, prefix, "cancelled");
    }
    job.log(LogLevel.INFO, "cancelled " + rel + (prefix > 0 ? "; " + prefix
        + " bytes kept in its temporary file for resume" : ""));
    ctx.listener.fileFailed(job.event(job.baseOffset, FileAction.FAILED, "cancelled"), e);
    return new Outcome(null, 0, 0, e, true, job.received());
  }

  private Outcome failed(ShotSyncException e) {
    boolean restored = job.restoreAside();
    long prefix = restored ? 0 : job.prefix();
    if (!restored && !job.confirmed().isEmpty()) {
      job.saveHeld(null); // kept for a later run, which continues it from this record
    } else if (job.partPath != null) {
      job.deletePartQuietly();
    }
    job.record(prefix > 0 ? FileStatus.PARTIAL : FileStatus.FAILED, FileAction.FAILED, prefix, e.getMessage());
    job.log(LogLevel.ERROR, "failed " + rel + ": " + e.getMessage());
    ctx.listener.fileFailed(job.event(job.baseOffset, FileAction.FAILED, String.valueOf(e.getMessage())), e);
    ctx.meter.fileDone(rel, job.remote.size());
    return new Outcome(FileAction.FAILED, 0, 0, e, false, job.received());
  }

  /** The chain: decide, then either count the file as it is or prepare, fetch, verify, commit and record. */
  private Outcome transfer() {
    Path local = ctx.tree.path(rel);
    job.localPath = local;
    job.partPath = PartFiles.partOf(local);
    FileDecision.Facts facts = readFacts(local);
    FileDecision d = decide(facts);
    FileAction decided = d.action();
    if (decided == null) {
      throw new LocalStorageException("cannot write " + local + ": " + d.reason(), null);
    }
    if (d.earlier()) {
      return finishedEarlier(decided);
    }
    if (!d.fetch()) {
      return skipped(d, facts.localSize());
    }
    long offset = prepare(d, facts);
    long fetched = fetchVerified(offset);
    FileAction action = decided;
    String reason = d.reason();
    if (job.resumedMidway > 0 && action != FileAction.RESUMED) {
      action = FileAction.RESUMED;
      reason = reason + "; resumed at byte " + job.resumedMidway + " after an interruption";
    }
    CommitStep.commit(job, d.keepAside());
    return done(action, reason, offset, fetched);
  }

  /**
   * The local file and its temporary sibling as the file's directory handle sees them. A link planted at the
   * temporary name is removed (with a WARN), never followed; anything else there that is no file is an error.
   */
  private FileDecision.Facts readFacts(Path local) {
    BasicFileAttributes localAttrs = null;
    BasicFileAttributes partAttrs = null;
    PartRecord record = null;
    try {
      LocalTree.Dir dir = ctx.tree.find(job.dirRel);
      job.dir = dir;
      if (dir != null) {
        // a name the directory's listing does not hold costs no lookup
        localAttrs = dir.listedAttributes(job.name);
        partAttrs = dir.listedAttributes(job.partName);
      }
    } catch (IOException e) {
      throw job.localError("cannot read " + local, e);
    }
    if (partAttrs != null && !partAttrs.isRegularFile()) {
      if (!partAttrs.isSymbolicLink()) {
        throw new LocalStorageException("cannot write " + local + ": something other than a file is at its temporary"
            + " name " + job.partPath, null);
      }
      job.log(LogLevel.WARN, "the temporary name " + job.partPath + " of " + rel + " was a symbolic link; removed the"
          + " link, nothing was read or written through it");
      try {
        job.dir().delete(job.partName);
      } catch (IOException e) {
        throw job.localError("cannot remove the symbolic link " + job.partPath, e);
      }
      ctx.partials.remove(rel);
      partAttrs = null;
    }
    if (partAttrs != null) {
      record = PartRecordIo.read(job.dir(), job.recordName);
    }
    return FileDecision.Facts.of(job.remote, localAttrs, partAttrs, ctx.finished.get(rel),
        ctx.restUnreliable.get(), record);
  }

  /**
   * The decide step: the one decision a dry run asks too, with this run's records and MDTM where it is needed. The
   * MDTM answers go to the task log only for a file that is then fetched (or fails); for one left unchanged they go
   * to SLF4J alone.
   */
  private FileDecision decide(FileDecision.Facts facts) {
    List<String> mdtm = new ArrayList<>(1);
    ExactMtimes times = new ExactMtimes(ctx.connections, ctx.remoteRoot, ctx::cancelled, mdtm::add);
    FileDecision d;
    try {
      d = FileDecision.decide(facts, ctx.conflict, ctx.spec.conflictStrategy(), ctx.options.exactMtimes(), times);
    } catch (FileDecision.StrategyFailed e) {
      mdtm.forEach(m -> job.log(LogLevel.DEBUG, m));
      throw new ShotSyncException(String.valueOf(e.getMessage()), e.getCause());
    }
    boolean unchanged = d.action() != null && !d.fetch();
    mdtm.forEach(m -> {
      if (unchanged) {
        ctx.log.detail(m);
      } else {
        job.log(LogLevel.DEBUG, m);
      }
    });
    if (d.strategyReason() != null && d.action() != null && d.fetch()) {
      job.log(LogLevel.DEBUG, d.action().name().toLowerCase(Locale.ROOT) + " " + rel + ": " + d.strategyReason());
    }
    return d;
  }

  /**
   * Finished by an earlier run of this task and still in place: counted as it was counted then. Its record from
   * then stays as it is; this run adds none.
   */
  private Outcome finishedEarlier(FileAction earlier) {
    dropStalePart("the file was finished in an earlier run");
    String reason = "finished in an earlier run";
    ctx.log.detail(earlier.name().toLowerCase(Locale.ROOT) + " " + rel + ": " + reason);
    long size = job.remote.size();
    ctx.meter.bytes(rel, size, size, size);
    ctx.meter.fileDone(rel, size);
    ctx.listener.fileFinished(job.event(0, earlier, reason));
    return new Outcome(earlier, earlier == FileAction.SKIPPED ? 0 : size, size, null, false, job.received(), reason);
  }

  /**
   * Left as it is: no file record and no log record of its own (the item's statistics and summary line carry it),
   * unless the store holds a record of this task's of the file's temporary file (an earlier run's), which a SKIPPED
   * record then replaces: that temporary file is gone. A record of a download of an earlier run stays, for the
   * history.
   */
  private Outcome skipped(FileDecision d, long localSize) {
    boolean recorded = ctx.partials.containsKey(rel);
    dropStalePart("the existing file is kept");
    if (recorded) {
      job.record(FileStatus.SKIPPED, FileAction.SKIPPED, localSize, d.reason());
    }
    ctx.log.detail("skipped " + rel + ": " + d.reason());
    ctx.meter.bytes(rel, localSize, job.remote.size(), localSize);
    ctx.meter.fileDone(rel, job.remote.size());
    ctx.listener.fileFinished(job.event(0, FileAction.SKIPPED, d.reason()));
    return new Outcome(FileAction.SKIPPED, 0, localSize, null, false, job.received(),
        UnchangedFiles.kind(d.reason()));
  }

  /**
   * The prepare step: drops a temporary file that cannot be continued, or moves the local file into it when a RESUME
   * answer can continue it, and makes the parent directories. Answers where fetching starts.
   */
  private long prepare(FileDecision d, FileDecision.Facts facts) {
    Path local = job.local();
    if (job.dir == null) {
      try {
        job.dir = ctx.tree.make(job.dirRel);
      } catch (IOException e) {
        throw job.localError("cannot create " + local.getParent(), e);
      }
    }
    if (d.partWhy() != null) {
      job.log(LogLevel.INFO, "starting " + rel + " over instead of resuming: " + d.partWhy());
      if (d.partFate() == FileDecision.PartFate.DROP) {
        job.deletePartQuietly();
      }
    }
    if (d.localAsPart()) {
      try {
        job.dir().rename(job.name, job.partName);
      } catch (IOException e) {
        throw job.localError("cannot move " + local + " aside to resume it", e);
      }
      job.asideSize = facts.localSize();
      job.movedAside = true;
      ctx.partials.put(rel, job.fileRecord(FileStatus.PARTIAL, null, facts.localSize(), "resume of local file"));
    }
    long offset = d.offset();
    long held = d.heldBytes();
    if (held > offset) {
      job.log(LogLevel.INFO, "resuming " + rel + " with " + held + " of " + job.remote.size() + " bytes held ("
          + d.held().size() + " spans; the first ends at byte " + d.held().get(0).end() + ")");
    } else if (offset > 0) {
      job.log(LogLevel.INFO, "resuming " + rel + " at byte " + offset + " of " + job.remote.size());
    }
    job.record(FileStatus.PARTIAL, null, offset, null);
    ctx.meter.bytes(rel, held, job.remote.size(), held);
    job.startWith(offset, d.held());
    return offset;
  }

  /** Fetch and verify; a checksum mismatch starts the file over once. */
  private long fetchVerified(long offset) {
    boolean again = false;
    while (true) {
      long fetched = FetchStep.fetch(job, offset);
      String mismatch = VerifyStep.verify(job);
      if (mismatch == null) {
        return fetched;
      }
      if (again) {
        job.discardPart();
        throw new RemoteException(RemoteException.Kind.PERMANENT, 0, mismatch, null);
      }
      job.restart(mismatch + "; fetching it again from the start", false);
      again = true;
      offset = 0;
    }
  }

  /** The record step: the file is in place. */
  private Outcome done(FileAction action, String reason, long offset, long fetched) {
    long size = job.remote.size();
    job.record(FileStatus.DONE, action, size, reason);
    job.log(LogLevel.DEBUG, action.name().toLowerCase(Locale.ROOT) + " " + rel + " (" + size + " bytes"
        + (offset > 0 ? ", resumed at " + offset : "") + "): " + reason);
    ctx.meter.fileDone(rel, size);
    ctx.listener.fileFinished(job.event(offset, action, reason));
    return new Outcome(action, fetched, size, null, false, job.received());
  }

  /**
   * Deletes a temporary file left by an earlier interrupted run when this file will not be fetched now, so no
   * {@code .part} outlives a task that ends without needing it.
   */
  private void dropStalePart(String why) {
    LocalTree.Dir dir = job.dir;
    boolean exists;
    try {
      exists = dir != null && dir.listedAttributes(job.partName) != null;
    } catch (IOException e) {
      exists = false;
    }
    if (exists) {
      job.deletePartQuietly();
      ctx.partials.remove(rel);
      job.log(LogLevel.INFO, "deleted the stale temporary file of " + rel + ": " + why);
    }
  }
}
