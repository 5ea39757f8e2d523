package io.shotsync.core.internal.transfer;


import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStatus;
import io.shotsync.api.ItemKey;
import io.shotsync.api.LocalStorageException;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.RemoteException;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Version;
import io.shotsync.api.event.FileEvent;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.spi.ConflictContext;
import io.shotsync.api.spi.ConflictDecision;
import io.shotsync.core.internal.ftp.Capabilities;
import io.shotsync.core.strategy.KeepBothConflictStrategy;
import io.shotsync.core.strategy.OverwriteConflictStrategy;
import io.shotsync.core.strategy.SkipConflictStrategy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Fetches one file of an item: asks the conflict strategy about an existing file, resumes a temporary file when
 * it still matches the remote one, fetches the rest (in ranges on several connections for a large file), checks
 * size and checksum, sets the mtime, and renames it into place. Transient errors are retried with backoff.
 */
final class FileTransfer {
  private static final long SAVE_EVERY = 1L << 20;
  private static final long MIN_RANGE = 1L << 20;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** What became of one file. */
  record Outcome(@Nullable FileAction action, long fetched, long inPlace, @Nullable ShotSyncException error,
      boolean cancelled) {
    static Outcome notStarted() {
      return new Outcome(null, 0, 0, null, true);
    }
  }

  private final RunContext ctx;
  private final long itemId;
  private final ItemKey item;
  private final Version version;
  private final RemoteEntry remote;
  private final String rel;
  private final String abs;
  private final AtomicLong fileBytes = new AtomicLong();
  private volatile long lastSaved;
  private volatile @Nullable List<Range> ranges;
  private volatile long sequentialPos;
  private volatile long baseOffset;
  /** Set when a retry in this run continued from a non-zero offset. */
  private volatile long resumedMidway;
  private volatile @Nullable Path partPath;
  private volatile @Nullable Path localPath;
  /** Set while the local file sits in the temporary file because the conflict strategy said RESUME. */
  private volatile boolean movedAside;

  FileTransfer(RunContext ctx, long itemId, ItemKey item, Version version, RemoteEntry remote) {
    this.ctx = ctx;
    this.itemId = itemId;
    this.item = item;
    this.version = version;
    this.remote = remote;
    this.rel = remote.path();
    this.abs = ctx.remotePath(rel);
  }

  Outcome run() {
    if (ctx.cancelled()) {
      return Outcome.notStarted();
    }
    ctx.listener.fileStarted(event(0, null, ""));
    try {
      return transfer();
    } catch (CancelledException e) {
      long prefix = restoreAside() ? 0 : prefix();
      if (prefix > 0) {
        record(FileStatus.PARTIAL, null, prefix, "cancelled");
      }
      ctx.log.log(LogLevel.INFO, itemId, rel, "cancelled " + rel + (prefix > 0 ? "; " + prefix
          + " bytes kept in its temporary file for resume" : ""));
      ctx.listener.fileFailed(event(baseOffset, FileAction.FAILED, "cancelled"), e);
      return new Outcome(null, 0, 0, e, true);
    } catch (ShotSyncException e) {
      return failed(e);
    } catch (RuntimeException e) {
      return failed(new ShotSyncException("unexpected failure fetching " + rel + ": " + e, e));
    }
  }

  private Outcome failed(ShotSyncException e) {
    long prefix = restoreAside() ? 0 : prefix();
    Path part = partPath;
    if (prefix <= 0 && part != null) {
      deleteQuietly(part);
    }
    record(prefix > 0 ? FileStatus.PARTIAL : FileStatus.FAILED, FileAction.FAILED, prefix, e.getMessage());
    ctx.log.log(LogLevel.ERROR, itemId, rel, "failed " + rel + ": " + e.getMessage());
    ctx.listener.fileFailed(event(baseOffset, FileAction.FAILED, String.valueOf(e.getMessage())), e);
    ctx.meter.fileDone(rel, remote.size());
    return new Outcome(FileAction.FAILED, 0, 0, e, false);
  }

  /**
   * Puts a local file that a RESUME decision moved into the temporary file back under its own name, when this
   * transfer ends without replacing it (failed, cancelled, or not resumable after all): a resume decision never
   * costs the local file. Answers whether it did.
   */
  private boolean restoreAside() {
    Path part = partPath;
    Path local = localPath;
    if (!movedAside || part == null || local == null) {
      return false;
    }
    try {
      Files.move(part, local);
      movedAside = false;
      ctx.partials.remove(rel);
      ctx.log.log(LogLevel.INFO, itemId, rel, "put the local " + rel + " back as it was");
      return true;
    } catch (IOException e) {
      ctx.log.log(LogLevel.WARN, itemId, rel, "could not put the local " + rel + " back (" + e.getMessage()
          + "); its bytes stay in " + part.getFileName());
      return false;
    }
  }

  private Outcome transfer() {
    Path local = ctx.resolver.apply(rel);
    Path part = PartFiles.partOf(local);
    partPath = part;
    localPath = local;
    BasicFileAttributes existing = attributes(local);
    FileAction action = FileAction.DOWNLOADED;
    String reason = "not present locally";
    boolean keepBoth = false;
    if (existing != null && !existing.isRegularFile()) {
      throw new LocalStorageException("cannot write " + local + ": something other than a file is in the way", null);
    }
    FileRecord earlier = ctx.finished.get(rel);
    if (existing != null && earlier != null && earlier.action() != null && earlier.size() == remote.size()
        && Objects.equals(earlier.remoteModified(), remote.modified()) && existing.size() == remote.size()) {
      // finished by an earlier run of this task and still in place: count it as it was counted then
      dropStalePart(part, "the file was finished in an earlier run");
      ctx.writer.file(earlier);
      ctx.meter.bytes(rel, existing.size(), remote.size(), existing.size());
      ctx.meter.fileDone(rel, remote.size());
      ctx.listener.fileFinished(event(0, earlier.action(), "finished in an earlier run"));
      long fetched = earlier.action() == FileAction.SKIPPED ? 0 : remote.size();
      return new Outcome(earlier.action(), fetched, existing.size(), null, false);
    }
    if (existing != null) {
      RemoteEntry r = exactMtime(remote);
      ConflictDecision d;
      try {
        d = Objects.requireNonNull(ctx.conflict.decide(new ConflictContext(rel, r, existing.size(),
            existing.lastModifiedTime().toInstant())), "decision");
      } catch (RuntimeException e) {
        throw new ShotSyncException("conflict strategy '" + ctx.spec.conflictStrategy() + "' failed for " + rel + ": "
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
      }
      reason = d.reason();
      switch (d.action()) {
        case SKIP -> {
          dropStalePart(part, "the existing file is kept");
          record(FileStatus.SKIPPED, FileAction.SKIPPED, existing.size(), reason);
          ctx.log.log(LogLevel.DEBUG, itemId, rel, "skipped " + rel + ": " + reason);
          ctx.meter.bytes(rel, existing.size(), remote.size(), existing.size());
          ctx.meter.fileDone(rel, remote.size());
          ctx.listener.fileFinished(event(0, FileAction.SKIPPED, reason));
          return new Outcome(FileAction.SKIPPED, 0, existing.size(), null, false);
        }
        case OVERWRITE -> action = FileAction.OVERWRITTEN;
        case KEEP_BOTH -> {
          action = FileAction.KEPT_BOTH;
          keepBoth = true;
        }
        case RESUME -> {
          action = FileAction.RESUMED;
          try {
            if (!Files.exists(part)) {
              Files.move(local, part);
              movedAside = true;
              ctx.partials.put(rel, fileRecord(FileStatus.PARTIAL, null, existing.size(), "resume of local file"));
            }
          } catch (IOException e) {
            throw local("cannot move " + local + " aside to resume it", local, e);
          }
        }
      }
      ctx.log.log(LogLevel.DEBUG, itemId, rel, action.name().toLowerCase(java.util.Locale.ROOT) + " " + rel + ": "
          + reason);
    }
    long offset = resumeOffset(part);
    if (offset == 0 && action == FileAction.RESUMED && restoreAside()) {
      // the local file was no prefix of the remote one: fetch the whole file beside it and replace it at the end
      action = FileAction.OVERWRITTEN;
      reason = reason + "; the local file could not be resumed, so it is replaced once the new one is complete";
    }
    baseOffset = offset;
    if (offset > 0) {
      action = FileAction.RESUMED;
      reason = "resumed at byte " + offset + " of " + remote.size();
    }
    try {
      ctx.resolver.createParents(local);
    } catch (IOException e) {
      throw local("cannot create " + local.getParent(), local, e);
    }
    record(FileStatus.PARTIAL, null, offset, null);
    ctx.meter.bytes(rel, offset, remote.size(), offset);
    fileBytes.set(offset);
    long fetched = fetchVerified(part, offset, local);
    if (resumedMidway > 0 && action != FileAction.RESUMED) {
      action = FileAction.RESUMED;
      reason = reason + "; resumed at byte " + resumedMidway + " after an interruption";
    }
    try {
      if (remote.modified() != null) {
        Files.setLastModifiedTime(part, FileTime.from(remote.modified()));
      }
      if (keepBoth && Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
        Path kept = PartFiles.keepAside(local, ctx.clock.instant());
        ctx.log.log(LogLevel.INFO, itemId, rel, "kept the existing " + rel + " as " + kept.getFileName());
      }
      try {
        Files.move(part, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(part, local, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw local("cannot move " + rel + " into place", local, e);
    }
    ctx.partials.remove(rel);
    record(FileStatus.DONE, action, remote.size(), reason);
    ctx.log.log(LogLevel.DEBUG, itemId, rel, action.name().toLowerCase(java.util.Locale.ROOT) + " " + rel + " ("
        + remote.size() + " bytes" + (offset > 0 ? ", resumed at " + offset : "") + ")");
    ctx.meter.fileDone(rel, remote.size());
    ctx.listener.fileFinished(event(offset, action, reason));
    return new Outcome(action, fetched, remote.size(), null, false);
  }

  /** Fetches into the temporary file and checks size and checksum; a checksum mismatch starts over once. */
  private long fetchVerified(Path part, long offset, Path local) {
    boolean again = false;
    while (true) {
      long fetched = fetch(part, offset, local);
      long size;
      try {
        size = Files.size(part);
      } catch (IOException e) {
        throw local("cannot read " + part, local, e);
      }
      if (size != remote.size()) {
        deleteQuietly(part);
        throw new RemoteException(RemoteException.Kind.PERMANENT, 0, "size of " + rel + " does not match: got "
            + size + " bytes, listing says " + remote.size(), null);
      }
      String mismatch = checksumMismatch(part, local);
      if (mismatch == null) {
        return fetched;
      }
      deleteQuietly(part);
      ctx.partials.remove(rel);
      if (again) {
        throw new RemoteException(RemoteException.Kind.PERMANENT, 0, mismatch, null);
      }
      ctx.log.log(LogLevel.WARN, itemId, rel, mismatch + "; fetching it again from the start");
      again = true;
      offset = 0;
      baseOffset = 0;
      resumedMidway = 0;
      fileBytes.set(0);
    }
  }

  private @Nullable String checksumMismatch(Path part, Path local) {
    if (!ctx.options.verifyChecksums()) {
      return null;
    }
    Capabilities caps = ctx.connections.pool().capabilities();
    if (caps.hashAlgorithms().isEmpty()) {
      return null;
    }
    Connections.Lease lease = ctx.connections.acquire(ctx::cancelled);
    if (lease == null) {
      throw cancelled();
    }
    String theirs;
    try {
      theirs = lease.session().checksum(abs);
    } catch (RemoteException e) {
      if (e.isRetryable()) {
        lease.broken();
      }
      ctx.log.log(LogLevel.DEBUG, itemId, rel, "no server checksum for " + rel + ": " + e.getMessage());
      return null;
    } finally {
      lease.release();
    }
    if (theirs == null) {
      return null;
    }
    String ours;
    try {
      ours = Checksums.of(part, Checksums.algorithmOf(theirs));
    } catch (IOException e) {
      throw local("cannot read " + part + " to check it", local, e);
    }
    if (ours == null) {
      return null;
    }
    if (Checksums.same(ours, theirs)) {
      ctx.log.log(LogLevel.DEBUG, itemId, rel, "checksum of " + rel + " matches (" + theirs + ")");
      return null;
    }
    return "checksum of " + rel + " does not match: server " + theirs + ", local " + ours;
  }

  /** The exact mtime by MDTM when the listing's is coarse, the strategy may look at mtimes and options allow it. */
  private RemoteEntry exactMtime(RemoteEntry r) {
    if (!ctx.options.exactMtimes() || r.precision().compareTo(Duration.ofSeconds(1)) <= 0
        || ctx.conflict instanceof SkipConflictStrategy || ctx.conflict instanceof OverwriteConflictStrategy
        || ctx.conflict instanceof KeepBothConflictStrategy || !ctx.connections.pool().capabilities().mdtm()) {
      return r;
    }
    Connections.Lease lease = ctx.connections.acquire(ctx::cancelled);
    if (lease == null) {
      throw cancelled();
    }
    try {
      Instant exact = lease.session().modificationTime(abs);
      if (exact == null) {
        return r;
      }
      ctx.log.log(LogLevel.DEBUG, itemId, rel, "MDTM " + rel + ": " + exact + " (listing said " + r.modified()
          + " within " + r.precision() + ")");
      return RemoteEntry.file(r.path(), r.size(), exact, Duration.ZERO);
    } catch (RemoteException e) {
      if (e.isRetryable()) {
        lease.broken();
      }
      ctx.log.log(LogLevel.DEBUG, itemId, rel, "MDTM failed for " + rel + ", using the listing's mtime: "
          + e.getMessage());
      return r;
    } finally {
      lease.release();
    }
  }

  /** Where to continue an existing temporary file, or 0 after deleting one that no longer matches. */
  private long resumeOffset(Path part) {
    BasicFileAttributes pa = attributes(part);
    if (pa == null) {
      return 0;
    }
    long len = pa.size();
    FileRecord rec = ctx.partials.get(rel);
    String why = null;
    if (ctx.restUnreliable.get()) {
      why = "the server does not resume reliably";
    } else if (rec == null) {
      why = "no record of what it held";
    } else if (rec.size() != remote.size()) {
      why = "the remote size changed from " + rec.size() + " to " + remote.size();
    } else if (!Objects.equals(rec.remoteModified(), remote.modified())) {
      why = "the remote mtime changed from " + rec.remoteModified() + " to " + remote.modified();
    } else if (len > remote.size()) {
      why = "it is larger (" + len + ") than the remote file (" + remote.size() + ")";
    } else if (Math.min(len, rec.bytesDone()) <= 0) {
      why = "it holds no confirmed bytes";
    }
    if (why != null) {
      ctx.log.log(LogLevel.INFO, itemId, rel, "starting " + rel + " over instead of resuming: " + why);
      if (!movedAside) {
        deleteQuietly(part); // a local file moved aside by a RESUME decision is put back instead
      }
      return 0;
    }
    long offset = Math.min(len, rec.bytesDone());
    ctx.log.log(LogLevel.INFO, itemId, rel, "resuming " + rel + " at byte " + offset + " of " + remote.size());
    return offset;
  }

  // ---- fetching

  private long fetch(Path part, long offset, Path local) {
    long size = remote.size();
    long threshold = ctx.options.segmentThreshold();
    int conns = Math.min(ctx.options.connections(), ctx.connections.pool().concurrency());
    // Ranges only pay off when connections would otherwise idle: while at least as many files are left as there
    // are connections, each connection streams a whole file (vsftpd also sends past a range's end before its 426).
    if (threshold > 0 && size >= threshold && conns > 1 && ctx.meter.filesLeft() < conns
        && !ctx.restUnreliable.get() && size - offset >= 2 * MIN_RANGE) {
      try {
        return fetchRanges(part, offset, local, conns);
      } catch (RemoteException e) {
        if (e.isRetryable() || ctx.cancelled()) {
          throw e;
        }
        ctx.log.log(LogLevel.WARN, itemId, rel, "ranged transfer of " + rel + " failed (" + e.getMessage()
            + "); fetching it again on one connection from the start");
        ctx.restUnreliable.set(true);
        ranges = null;
        deleteQuietly(part);
        baseOffset = 0;
        resumedMidway = 0;
        fileBytes.set(0);
        return fetchSequential(part, 0, local);
      }
    }
    return fetchSequential(part, offset, local);
  }

  private long fetchSequential(Path part, long offset, Path local) {
    int failures = 0;
    boolean restarted = false;
    long start = offset;
    while (true) {
      if (ctx.cancelled()) {
        sequentialPos = offset;
        throw cancelled();
      }
      Connections.Lease lease = ctx.connections.acquire(ctx::cancelled);
      if (lease == null) {
        sequentialPos = offset;
        throw cancelled();
      }
      long attemptOffset = offset;
      Sink out = null;
      try (FileChannel ch = openPart(part, local)) {
        if (ch.size() != offset) {
          ch.truncate(offset);
        }
        out = new Sink(ch, offset, remote.size(), false);
        sequentialPos = offset;
        try {
          lease.session().retrieve(abs, offset, -1, out, n -> {});
        } finally {
          offset = out.pos;
          sequentialPos = offset;
        }
        if (offset == remote.size()) {
          return offset - start;
        }
        throw new RemoteException(RemoteException.Kind.TRANSIENT, 0, "transfer of " + rel + " ended at byte " + offset
            + " of " + remote.size(), null);
      } catch (IOException e) {
        throw local("cannot write " + part, local, e);
      } catch (RuntimeException e) {
        if (out != null && out.localError != null) {
          throw local("cannot write " + part, local, out.localError);
        }
        if (ctx.cancelled()) {
          lease.broken();
          throw cancelled();
        }
        if (out != null && out.overrun) {
          lease.broken();
          if (restarted) {
            throw new RemoteException(RemoteException.Kind.PERMANENT, 0, "server sent more bytes of " + rel
                + " than its listing says (" + remote.size() + "); it may be changing", e);
          }
          ctx.log.log(LogLevel.WARN, itemId, rel, "server ignored REST " + attemptOffset + " for " + rel
              + " (sent the file from its start); starting over");
          ctx.restUnreliable.set(true);
          restarted = true;
          offset = 0;
          start = 0;
          baseOffset = 0;
          resumedMidway = 0;
          fileBytes.set(0);
          continue;
        }
        boolean retryable = e instanceof ShotSyncException s && s.isRetryable();
        if (!retryable && attemptOffset > 0 && !restarted && e instanceof RemoteException) {
          ctx.log.log(LogLevel.WARN, itemId, rel, "server refused to resume " + rel + " at byte " + attemptOffset
              + " (" + e.getMessage() + "); starting over");
          ctx.restUnreliable.set(true);
          restarted = true;
          offset = 0;
          start = 0;
          baseOffset = 0;
          resumedMidway = 0;
          fileBytes.set(0);
          continue;
        }
        if (!retryable) {
          throw e instanceof ShotSyncException s ? s : new ShotSyncException("fetching " + rel + " failed: " + e, e);
        }
        lease.broken();
        failures++;
        if (failures > ctx.options.retries()) {
          throw new RemoteException(RemoteException.Kind.TRANSIENT, replyCode(e), "gave up on " + rel + " after "
              + failures + " attempts: " + e.getMessage(), e);
        }
        backoff(failures, offset, e);
        if (offset > 0) {
          resumedMidway = offset;
        }
      } finally {
        lease.release();
      }
    }
  }

  /**
   * Opens the temporary file for writing. The resolver remembers directories it created; when one was removed
   * since (a user cleaned the local tree between tasks), the cache is dropped and the parents made again.
   */
  private FileChannel openPart(Path part, Path local) throws IOException {
    try {
      return FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (java.nio.file.NoSuchFileException e) {
      ctx.resolver.forgetDirectories();
      ctx.resolver.createParents(local);
      return FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
  }

  private static final class Range {
    final long start;
    final long end;
    final AtomicLong done = new AtomicLong();

    Range(long start, long end) {
      this.start = start;
      this.end = end;
    }

    long length() {
      return end - start;
    }
  }

  private long fetchRanges(Path part, long offset, Path local, int conns) {
    long span = remote.size() - offset;
    long each = Math.max(MIN_RANGE, (span + conns - 1) / conns);
    List<Range> list = new ArrayList<>();
    for (long p = offset; p < remote.size(); p += each) {
      list.add(new Range(p, Math.min(remote.size(), p + each)));
    }
    ranges = list;
    ctx.log.log(LogLevel.DEBUG, itemId, rel, "fetching " + rel + " in " + list.size() + " ranges from byte " + offset);
    ConcurrentLinkedQueue<Range> queue = new ConcurrentLinkedQueue<>(list);
    AtomicReference<RuntimeException> error = new AtomicReference<>();
    try (FileChannel ch = openPart(part, local)) {
      if (ch.size() > offset) {
        ch.truncate(offset);
      }
      List<Future<?>> helpers = new ArrayList<>();
      for (int i = 1; i < list.size(); i++) {
        Connections.Lease extra = ctx.connections.tryAcquire();
        if (extra == null) {
          break;
        }
        helpers.add(ctx.segmentExecutor.submit(() -> rangeWorker(extra, ch, queue, error, local)));
      }
      Connections.Lease own = ctx.connections.acquire(ctx::cancelled);
      if (own == null) {
        error.compareAndSet(null, cancelled());
      } else {
        rangeWorker(own, ch, queue, error, local);
      }
      for (Future<?> f : helpers) {
        try {
          f.get();
        } catch (ExecutionException e) {
          error.compareAndSet(null, new ShotSyncException("range worker failed: " + e.getCause(), e.getCause()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          error.compareAndSet(null, cancelled());
        }
      }
    } catch (IOException e) {
      throw local("cannot write " + part, local, e);
    }
    RuntimeException e = error.get();
    if (e != null) {
      throw e;
    }
    if (ctx.cancelled()) {
      throw cancelled();
    }
    return span;
  }

  private void rangeWorker(Connections.Lease lease, FileChannel ch, ConcurrentLinkedQueue<Range> queue,
      AtomicReference<RuntimeException> error, Path local) {
    try {
      Range r;
      while (error.get() == null && !ctx.cancelled() && (r = queue.poll()) != null) {
        fetchRange(lease, ch, r, local);
      }
    } catch (RuntimeException e) {
      error.compareAndSet(null, e);
    } finally {
      lease.release();
    }
  }

  private void fetchRange(Connections.Lease lease, FileChannel ch, Range r, Path local) {
    int failures = 0;
    while (r.done.get() < r.length()) {
      if (ctx.cancelled()) {
        throw cancelled();
      }
      long from = r.start + r.done.get();
      Sink out = new Sink(ch, from, r.end, true);
      out.range = r;
      try {
        try {
          lease.session().retrieve(abs, from, r.end - from, out, n -> {});
        } finally {
          r.done.set(out.pos - r.start);
        }
        if (r.done.get() < r.length()) {
          throw new RemoteException(RemoteException.Kind.TRANSIENT, 0, "range of " + rel + " ended at byte " + out.pos
              + " of " + r.end, null);
        }
      } catch (RuntimeException e) {
        if (out.localError != null) {
          throw local("cannot write " + rel, local, out.localError);
        }
        if (ctx.cancelled()) {
          lease.broken();
          throw cancelled();
        }
        if (r.done.get() >= r.length()) {
          // an early close of a ranged read (426 from vsftpd) after every byte arrived is fine
          lease.broken();
          return;
        }
        if (!(e instanceof ShotSyncException s && s.isRetryable())) {
          throw e instanceof ShotSyncException s2 ? s2 : new ShotSyncException("fetching " + rel + " failed: " + e, e);
        }
        lease.broken();
        failures++;
        if (failures > ctx.options.retries()) {
          throw new RemoteException(RemoteException.Kind.TRANSIENT, replyCode(e), "gave up on a range of " + rel
              + " after " + failures + " attempts: " + e.getMessage(), e);
        }
        backoff(failures, from, e);
        if (r.done.get() > 0) {
          resumedMidway = r.start + r.done.get();
        }
      }
    }
  }

  private void backoff(int failures, long offset, RuntimeException e) {
    Duration first = ctx.options.retryBackoff();
    long millis = first.toMillis() << Math.min(20, failures - 1);
    millis = Math.min(millis, MAX_BACKOFF.toMillis());
    ctx.log.log(LogLevel.WARN, itemId, rel, "retry " + failures + " of " + ctx.options.retries() + " for " + rel
        + " in " + millis + " ms from byte " + offset + ": " + e.getMessage());
    long until = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < until) {
      if (ctx.cancelled()) {
        throw cancelled();
      }
      try {
        Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000L)));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw cancelled();
      }
    }
  }

  /** Writes at a position of the temporary file: counts, limits the rate, notices cancel and overruns. */
  private final class Sink extends OutputStream {
    private final FileChannel ch;
    private final long limit;
    private final boolean ranged;
    private @Nullable Range range;
    volatile long pos;
    volatile @Nullable IOException localError;
    volatile boolean overrun;

    Sink(FileChannel ch, long pos, long limit, boolean ranged) {
      this.ch = ch;
      this.pos = pos;
      this.limit = limit;
      this.ranged = ranged;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len <= 0) {
        return;
      }
      if (ctx.cancelled()) {
        throw new IOException("cancelled");
      }
      if (pos + len > limit) {
        if (!ranged) {
          overrun = true;
          throw new IOException("more bytes than the listing's size " + limit);
        }
        len = (int) (limit - pos);
        if (len <= 0) {
          throw new IOException("range complete");
        }
      }
      if (!ctx.rate.acquire(len, ctx::cancelled)) {
        throw new IOException("cancelled");
      }
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      long p = pos;
      try {
        while (buf.hasRemaining()) {
          p += ch.write(buf, p);
        }
      } catch (IOException e) {
        localError = e;
        throw e;
      }
      pos = p;
      // the confirmed prefix moves with every write, so the periodic PARTIAL record (what a later process resumes
      // from after a kill) holds the bytes on disk, not the offset the transfer started at
      if (range != null) {
        range.done.set(p - range.start);
      } else if (!ranged) {
        sequentialPos = p;
      }
      long now = fileBytes.addAndGet(len);
      ctx.meter.bytes(rel, now, remote.size(), len);
      if (now - lastSaved >= SAVE_EVERY) {
        lastSaved = now;
        record(FileStatus.PARTIAL, null, prefix(), null);
      }
    }
  }

  // ---- records, events, errors

  /** Bytes known good from the start of the temporary file. */
  private long prefix() {
    List<Range> rs = ranges;
    if (rs == null) {
      return sequentialPos;
    }
    long p = rs.isEmpty() ? 0 : rs.get(0).start;
    for (Range r : rs) {
      long d = r.done.get();
      if (d >= r.length()) {
        p = r.end;
      } else {
        return r.start + d;
      }
    }
    return p;
  }

  private void record(FileStatus status, @Nullable FileAction action, long bytesDone, @Nullable String message) {
    FileRecord rec = fileRecord(status, action, bytesDone, message);
    if (status == FileStatus.PARTIAL) {
      ctx.partials.put(rel, rec);
    }
    ctx.writer.file(rec);
  }

  private FileRecord fileRecord(FileStatus status, @Nullable FileAction action, long bytesDone,
      @Nullable String message) {
    return new FileRecord(ctx.taskId, itemId, rel, version, remote.size(), remote.modified(), status, action,
        bytesDone, message, ctx.clock.instant());
  }

  private FileEvent event(long offset, @Nullable FileAction action, String reason) {
    return new FileEvent(ctx.taskId, itemId, item, rel, remote.size(), offset, action, reason);
  }

  private CancelledException cancelled() {
    return new CancelledException("task " + ctx.taskId + " cancelled while fetching " + rel);
  }

  private LocalStorageException local(String what, Path path, IOException e) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : msg;
    if (reason.contains("No space left on device") || msg.contains("No space left on device")) {
      deleteQuietly(PartFiles.partOf(path));
      ctx.partials.remove(rel);
      sequentialPos = 0;
      ranges = null;
      return new LocalStorageException("no space left on device writing " + path, e);
    }
    return new LocalStorageException(what + ": " + (reason.isEmpty() ? e.getClass().getSimpleName() : reason), e);
  }

  private static int replyCode(RuntimeException e) {
    return e instanceof RemoteException r ? r.replyCode() : 0;
  }

  private static @Nullable BasicFileAttributes attributes(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Deletes a temporary file left by an earlier interrupted run when this file will not be fetched now, so no
   * {@code .part} outlives a task that ends without needing it.
   */
  private void dropStalePart(Path part, String why) {
    if (Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
      deleteQuietly(part);
      ctx.partials.remove(rel);
      ctx.log.log(LogLevel.INFO, itemId, rel, "deleted the stale temporary file of " + rel + ": " + why);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
