package io.shotsync.core.internal.transfer;

import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStatus;
import io.shotsync.api.ItemKey;
import io.shotsync.api.LocalStorageException;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.RemoteException;
import io.shotsync.api.Version;
import io.shotsync.api.event.FileEvent;
import io.shotsync.api.event.LogLevel;
import io.shotsync.core.internal.files.PartFiles;
import io.shotsync.core.internal.files.PartRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One file being fetched, as the steps of a {@link FileTransfer} share it: where it goes, how far it got, and the
 * records, events and log lines it leaves. {@link #restart} is the one place a file starts over from byte 0.
 */
final class FileJob {
  /** Bounds of the bytes written between two records of what the temporary file holds (1/16 of the file). */
  private static final long RECORD_AT_LEAST = 64L << 10;
  private static final long RECORD_AT_MOST = 64L << 20;

  final RunContext ctx;
  final long itemId;
  final ItemKey item;
  final Version version;
  /** The remote entry from the listing: its size and mtime are what records and the final file carry. */
  final RemoteEntry remote;
  final String rel;
  final String abs;
  private final AtomicLong fileBytes = new AtomicLong();
  /** Bytes written since the last record of what the temporary file holds. */
  private final AtomicLong unrecorded = new AtomicLong();
  private final long recordEvery;
  private volatile boolean recordFailed;
  /** Spans of the temporary file kept from an earlier run, besides what the fetches of this run confirm. */
  private volatile List<PartRecord.Span> held = List.of();
  private volatile @Nullable List<Range> ranges;
  private volatile long sequentialPos;
  /** Bytes received over the network for this file in this run, kept or not. */
  private final AtomicLong received = new AtomicLong();
  /** Where this run's fetching started. */
  volatile long baseOffset;
  /** Set when a retry in this run continued from a non-zero offset. */
  volatile long resumedMidway;
  /** The file's name in its directory, and its temporary sibling's. */
  final String name;
  final String partName;
  /** The name of the record kept beside the temporary file ({@link PartRecord}). */
  final String recordName;
  /** The directory of the file relative to the local root, {@code ""} for the root. */
  final String dirRel;
  /** The local path and the temporary file's, for messages: every operation goes through {@link #dir}. */
  volatile @Nullable Path partPath;
  volatile @Nullable Path localPath;
  /** The directory the file is written in, leased from the run's {@link LocalTree}; null until it exists. */
  volatile LocalTree.@Nullable Dir dir;
  /** Set while the local file sits in the temporary file because the conflict strategy said RESUME. */
  volatile boolean movedAside;
  /** The size of the local file moved aside: what is put back when it has to be. */
  volatile long asideSize;

  FileJob(RunContext ctx, long itemId, ItemKey item, Version version, RemoteEntry remote) {
    this.ctx = ctx;
    this.itemId = itemId;
    this.item = item;
    this.version = version;
    this.remote = remote;
    this.rel = remote.path();
    this.abs = ctx.remotePath(rel);
    this.name = LocalTree.nameOf(rel);
    this.dirRel = LocalTree.parentOf(rel);
    this.partName = PartFiles.partName(name);
    this.recordName = PartRecord.nameOf(name);
    this.recordEvery = Math.max(RECORD_AT_LEAST, Math.min(RECORD_AT_MOST, remote.size() / 16));
  }

  /** The directory the file is written in; it exists once the prepare step ran. */
  LocalTree.Dir dir() {
    LocalTree.Dir d = dir;
    if (d == null) {
      throw new IllegalStateException("no local directory for " + rel + " yet");
    }
    return d;
  }

  /**
   * Opens the temporary file for writing, creating it; never follows a link at its name. With {@code empty} it is cut
   * to nothing in the same call (O_TRUNC), so a fetch from byte 0 needs no look at its size.
   */
  FileChannel openPart(boolean empty) throws IOException {
    return empty ? dir().open(partName, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING) : dir().open(partName, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  /** Gives the directory back to the tree. */
  void releaseDir() {
    LocalTree.Dir d = dir;
    if (d != null) {
      dir = null;
      d.close();
    }
  }

  Path part() {
    Path p = partPath;
    if (p == null) {
      throw new IllegalStateException("no temporary file for " + rel + " yet");
    }
    return p;
  }

  Path local() {
    Path p = localPath;
    if (p == null) {
      throw new IllegalStateException("no local path for " + rel + " yet");
    }
    return p;
  }

  // ---- progress

  /** Fetching starts (or starts again) at this offset, with nothing held beyond it. */
  void startAt(long offset) {
    startWith(offset, offset > 0 ? List.of(new PartRecord.Span(0, offset)) : List.of());
  }

  /** Fetching starts at {@code offset} (the held prefix), keeping the spans held from an earlier run. */
  void startWith(long offset, List<PartRecord.Span> spans) {
    baseOffset = offset;
    held = PartRecord.normalize(spans);
    fileBytes.set(held.stream().mapToLong(PartRecord.Span::length).sum());
  }

  /** The spans kept from an earlier run. */
  List<PartRecord.Span> held() {
    return held;
  }

  /** True when spans are held past a gap: only those missing are fetched, in ranges. */
  boolean holes() {
    List<PartRecord.Span> h = held;
    return h.size() > 1 || (h.size() == 1 && h.get(0).start() > 0);
  }

  /** Counts bytes that came over the network, whether they are kept or not. */
  void received(long n) {
    received.addAndGet(n);
    ctx.meter.received(n);
  }

  /** Bytes received for this file in this run. */
  long received() {
    return received.get();
  }

  void ranges(@Nullable List<Range> list) {
    ranges = list;
  }

  void sequentialAt(long pos) {
    sequentialPos = pos;
  }

  /**
   * Counts bytes written to {@code ch}, the temporary file; every 1/16 of the file (at least 64 KiB, at most 64 MiB)
   * it records what the temporary file holds, so any later run continues from the bytes on disk.
   */
  void wrote(int len, FileChannel ch) {
    long now = fileBytes.addAndGet(len);
    ctx.meter.bytes(rel, now, remote.size(), len);
    if (unrecorded.addAndGet(len) >= recordEvery && now < remote.size()) {
      saveHeld(ch);
    }
  }

  /** The spans of the temporary file known good: those kept from an earlier run and those this run wrote. */
  List<PartRecord.Span> confirmed() {
    List<PartRecord.Span> out = new java.util.ArrayList<>(held);
    List<Range> rs = ranges;
    if (rs == null) {
      long p = sequentialPos;
      if (p > 0) {
        out.add(new PartRecord.Span(0, p));
      }
    } else {
      for (Range r : rs) {
        long d = Math.min(r.done.get(), r.length());
        if (d > 0) {
          out.add(new PartRecord.Span(r.start, r.start + d));
        }
      }
    }
    return PartRecord.normalize(out);
  }

  /** Bytes known good from the start of the temporary file. */
  long prefix() {
    return PartRecord.prefixOf(confirmed());
  }

  /**
   * Records what the temporary file holds, beside it and in the store: the spans known good now. A record never
   * claims bytes a power loss could take: on a local file system of a machine whose boot is known it names that boot
   * (read in another boot, it holds nothing), elsewhere the temporary file is forced to disk first. {@code ch} is the
   * temporary file when it is open, else null. A record that cannot be written costs a later run only the bytes since
   * the last one (a WARN says so once).
   */
  synchronized void saveHeld(@Nullable FileChannel ch) {
    unrecorded.set(0);
    List<PartRecord.Span> spans = confirmed();
    LocalTree.Dir d = dir;
    if (spans.isEmpty() || d == null) {
      return;
    }
    String boot = ctx.unforcedBoot();
    try {
      if (boot == null && ch != null) {
        ch.force(false);
      } else if (boot == null) {
        try (FileChannel own = d.open(partName, StandardOpenOption.WRITE)) {
          own.force(false);
        }
      }
      PartRecordIo.write(new PartRecord(remote.size(), remote.modified(), spans, boot), d, recordName);
    } catch (IOException e) {
      if (!recordFailed) {
        recordFailed = true;
        log(LogLevel.WARN, "could not record what the temporary file of " + rel + " holds (" + e.getMessage()
            + "); a later run may fetch more of it again");
      }
      return;
    }
    record(FileStatus.PARTIAL, null, PartRecord.prefixOf(spans), null);
  }

  /**
   * Starts the file over from byte 0: the temporary file goes (a local file a RESUME answer moved there is put back
   * instead), and so does everything this run counted of it.
   *
   * @param why the WARN line for the task log, or null for none
   * @param restUnreliable true when the server was seen to ignore or refuse REST: no more resumes or ranges
   */
  void restart(@Nullable String why, boolean restUnreliable) {
    if (why != null) {
      ctx.log.log(LogLevel.WARN, itemId, rel, why);
    }
    if (restUnreliable) {
      ctx.restUnreliable.set(true);
    }
    discardPart();
    resumedMidway = 0;
    startAt(0);
  }

  /**
   * Deletes the temporary file and its records; a local file moved into it is put back instead. Nothing of it is
   * held any more.
   */
  void discardPart() {
    if (!restoreAside() && partPath != null) {
      deletePartQuietly();
      ctx.partials.remove(rel);
    }
    ranges = null;
    sequentialPos = 0;
    held = List.of();
  }

  /**
   * Deletes the temporary file (or a link at its name) if there is one, and the record beside it first, so no record
   * outlives its temporary file.
   */
  void deletePartQuietly() {
    dropRecordQuietly();
    LocalTree.Dir d = dir;
    if (d != null && d.mayHold(partName)) {
      try {
        d.delete(partName);
      } catch (IOException e) {
        // absent, or nothing more to do
      }
    }
  }

  /** Deletes the record beside the temporary file, if there is one (no call when the listing shows none). */
  void dropRecordQuietly() {
    LocalTree.Dir d = dir;
    if (d != null && d.mayHold(recordName)) {
      try {
        d.delete(recordName);
      } catch (IOException e) {
        // absent, or nothing more to do
      }
    }
  }

  /**
   * Puts a local file that a RESUME decision moved into the temporary file back under its own name, when this
   * transfer ends without replacing it: a resume decision never costs the local file. Answers whether it did.
   */
  boolean restoreAside() {
    Path part = partPath;
    LocalTree.Dir d = dir;
    if (!movedAside || part == null || d == null) {
      return false;
    }
    try {
      dropRecordQuietly();
      try (FileChannel ch = d.open(partName, StandardOpenOption.WRITE)) {
        if (ch.size() > asideSize) {
          ch.truncate(asideSize); // bytes appended to it by this run are not the local file's
        }
      }
      if (d.attributes(name) != null) {
        throw new FileAlreadyExistsException(String.valueOf(localPath));
      }
      d.rename(partName, name);
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

  // ---- records, events, errors

  void record(FileStatus status, @Nullable FileAction action, long bytesDone, @Nullable String message) {
    FileRecord rec = fileRecord(status, action, bytesDone, message);
    if (status == FileStatus.PARTIAL) {
      ctx.partials.put(rel, rec);
    }
    ctx.writer.file(rec);
  }

  FileRecord fileRecord(FileStatus status, @Nullable FileAction action, long bytesDone, @Nullable String message) {
    return new FileRecord(ctx.taskId, itemId, rel, version, remote.size(), remote.modified(), status, action,
        bytesDone, message, ctx.clock.instant());
  }

  FileEvent event(long offset, @Nullable FileAction action, String reason) {
    return new FileEvent(ctx.taskId, itemId, item, rel, remote.size(), offset, action, reason);
  }

  void log(LogLevel level, String message) {
    ctx.log.log(level, itemId, rel, message);
  }

  CancelledException cancelled() {
    return new CancelledException("task " + ctx.taskId + " cancelled while fetching " + rel);
  }

  /** Throws when the task was cancelled. */
  void checkCancelled() {
    if (ctx.cancelled()) {
      throw cancelled();
    }
  }

  /** A local storage error; a full disk also drops the temporary file, since nothing of it can be trusted. */
  LocalStorageException localError(String what, IOException e) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : msg;
    if (reason.contains("No space left on device") || msg.contains("No space left on device")) {
      discardPart();
      return new LocalStorageException("no space left on device writing " + localPath, e);
    }
    return new LocalStorageException(what + ": " + (reason.isEmpty() ? e.getClass().getSimpleName() : reason), e);
  }

  /** A transient error: the transfer of this file (or a range of it) stopped short. */
  RemoteException endedShort(String what, long at, long of) {
    return new RemoteException(RemoteException.Kind.TRANSIENT, 0, what + " of " + rel + " ended at byte " + at + " of "
        + of, null);
  }
}
