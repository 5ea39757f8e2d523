package io.shotsync.core.internal.plan;

import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.spi.ConflictContext;
import io.shotsync.api.spi.ConflictDecision;
import io.shotsync.api.spi.ConflictStrategy;
import io.shotsync.core.internal.files.BootId;
import io.shotsync.core.internal.files.PartFiles;
import io.shotsync.core.internal.files.PartRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What becomes of one remote file, decided from everything that is known before a byte moves: the remote entry (its
 * mtime made exact where the strategy compares mtimes and the listing is coarse), the local file, the temporary file
 * and its record, the record of an earlier run that finished it, and the conflict strategy. The dry-run planner and
 * the run ask this one decision; the run then carries it out, the planner only reports it.
 *
 * @param action what the run counts the file as: its item statistics category, or null when it fails before fetching
 * @param reason why, for the task log and the plan
 * @param remote the remote entry as the strategy saw it
 * @param earlier true when an earlier run of the task finished the file and it is still in place: nothing is fetched
 * @param fetch true when bytes are fetched
 * @param offset where fetching starts: the confirmed prefix of the temporary file, or 0
 * @param partFate what happens to an existing temporary file (or to the local file a RESUME answer makes one)
 * @param partWhy why the temporary file is dropped or started over, or null
 * @param keepAside true when the existing local file is renamed aside before the new one lands (keep_both)
 * @param localAsPart true when the local file itself is moved into the temporary file and resumed (a RESUME answer)
 * @param strategyReason the conflict strategy's own reason when it was asked, or null
 * @param held the spans of the temporary file that are kept when it is continued (empty otherwise); a temporary
 *     file fetched in ranges may hold spans after a gap, which are kept too
 */
public record FileDecision(@Nullable FileAction action, String reason, RemoteEntry remote, boolean earlier,
    boolean fetch, long offset, PartFate partFate, @Nullable String partWhy, boolean keepAside, boolean localAsPart,
    @Nullable String strategyReason, List<PartRecord.Span> held) {

  /** Copies the spans. */
  public FileDecision {
    held = List.copyOf(held);
  }

  /** A decision that continues no temporary file. */
  FileDecision(@Nullable FileAction action, String reason, RemoteEntry remote, boolean earlier, boolean fetch,
      long offset, PartFate partFate, @Nullable String partWhy, boolean keepAside, boolean localAsPart,
      @Nullable String strategyReason) {
    this(action, reason, remote, earlier, fetch, offset, partFate, partWhy, keepAside, localAsPart, strategyReason,
        List.of());
  }

  /** The bytes held in the spans kept. */
  public long heldBytes() {
    return held.stream().mapToLong(PartRecord.Span::length).sum();
  }

  /** What happens to the temporary file. */
  public enum PartFate {
    /** There is none (or it does not matter). */
    NONE,
    /** It is continued from {@link #offset()}. */
    RESUME,
    /** It is deleted: the file is not fetched now, or it cannot be continued and is started over. */
    DROP
  }

  /**
   * The facts one decision is made from.
   *
   * @param remote the remote entry from the listing
   * @param localExists whether anything is at the final name
   * @param localRegular whether that is a regular file
   * @param localSize its size
   * @param localModified its mtime, or null when absent
   * @param partSize the temporary file's size, or -1 when there is none
   * @param finished the record of an earlier run of this task that finished the file, or null
   * @param restUnreliable true once the server was seen to ignore or refuse REST in this run
   * @param record the record kept beside the temporary file (any task's), or null: the only account of what the
   *     temporary file holds that a resume trusts
   */
  public record Facts(RemoteEntry remote, boolean localExists, boolean localRegular, long localSize,
      @Nullable Instant localModified, long partSize, @Nullable FileRecord finished, boolean restUnreliable,
      @Nullable PartRecord record) {

    /** Facts without a record beside the temporary file. */
    public Facts(RemoteEntry remote, boolean localExists, boolean localRegular, long localSize,
        @Nullable Instant localModified, long partSize, @Nullable FileRecord finished, boolean restUnreliable) {
      this(remote, localExists, localRegular, localSize, localModified, partSize, finished, restUnreliable, null);
    }

    /**
     * The facts as the disk has them now: the local file at {@code local}, its temporary sibling and the record
     * beside that.
     */
    public static Facts read(RemoteEntry remote, Path local, @Nullable FileRecord finished,
        boolean restUnreliable) {
      BasicFileAttributes p = attributes(PartFiles.partOf(local));
      return of(remote, attributes(local), p, finished, restUnreliable,
          p != null && p.isRegularFile() ? PartRecord.readBeside(local) : null);
    }

    /**
     * The facts from the attributes of the local file and of its temporary sibling, read without following a link
     * at their names (null when absent), and the record beside the temporary file (null when there is none).
     */
    public static Facts of(RemoteEntry remote, @Nullable BasicFileAttributes a, @Nullable BasicFileAttributes p,
        @Nullable FileRecord finished, boolean restUnreliable, @Nullable PartRecord record) {
      return new Facts(remote, a != null, a != null && a.isRegularFile(), a == null ? 0 : a.size(),
          a == null ? null : a.lastModifiedTime().toInstant(), p == null ? -1 : p.size(), finished, restUnreliable,
          record);
    }

    private static @Nullable BasicFileAttributes attributes(Path p) {
      try {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        return null;
      }
    }
  }

  /** Thrown by {@link #decide} when the conflict strategy fails; the run fails the file, the plan reports it. */
  public static final class StrategyFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RuntimeException strategyError;

    StrategyFailed(String message, RuntimeException cause) {
      super(message, cause);
      this.strategyError = cause;
    }

    /** What the strategy threw, also the cause. */
    public RuntimeException strategyError() {
      return strategyError;
    }
  }

  /**
   * Decides for one file.
   *
   * @param strategyId the id the task names the strategy by (a function registered as one has no useful id())
   * @param exactMtimes whether the task's options allow asking exact mtimes
   * @param times asks the server for an exact mtime
   * @throws StrategyFailed when the strategy throws or answers nothing
   */
  public static FileDecision decide(Facts f, ConflictStrategy strategy, String strategyId, boolean exactMtimes,
      RemoteTimes times) {
    RemoteEntry remote = f.remote();
    if (f.localExists() && !f.localRegular()) {
      return new FileDecision(null, "something other than a file is in the way", remote, false, false, 0,
          PartFate.NONE, null, false, false, null);
    }
    FileRecord earlier = f.finished();
    if (f.localExists() && earlier != null && earlier.action() != null && earlier.size() == remote.size()
        && Objects.equals(earlier.remoteModified(), remote.modified()) && f.localSize() == remote.size()) {
      return new FileDecision(earlier.action(), "finished in an earlier run", remote, true, false, 0,
          f.partSize() >= 0 ? PartFate.DROP : PartFate.NONE, "the file was finished in an earlier run", false, false,
          null);
    }
    if (!f.localExists()) {
      return fetch(f, FileAction.DOWNLOADED, "not present locally", remote, false, false, null);
    }
    RemoteEntry seen = needsExact(remote, strategy, exactMtimes) ? times.exact(remote) : remote;
    ConflictDecision d = ask(strategy, strategyId, new ConflictContext(remote.path(), seen, f.localSize(),
        Objects.requireNonNull(f.localModified(), "localModified")));
    return switch (d.action()) {
      case SKIP -> new FileDecision(FileAction.SKIPPED, d.reason(), seen, false, false, 0,
          f.partSize() >= 0 ? PartFate.DROP : PartFate.NONE, "the existing file is kept", false, false, d.reason());
      case OVERWRITE -> fetch(f, FileAction.OVERWRITTEN, d.reason(), seen, false, false, d.reason());
      case KEEP_BOTH -> fetch(f, FileAction.KEPT_BOTH, d.reason(), seen, true, false, d.reason());
      case RESUME -> fetch(f, FileAction.RESUMED, d.reason(), seen, false, f.partSize() < 0, d.reason());
    };
  }

  /** Whether the strategy compares mtimes, the listing's is coarser than a second and the options allow MDTM. */
  static boolean needsExact(RemoteEntry remote, ConflictStrategy strategy, boolean exactMtimes) {
    return exactMtimes && remote.precision().compareTo(Duration.ofSeconds(1)) > 0 && strategy.comparesRemoteMtimes();
  }

  private static ConflictDecision ask(ConflictStrategy strategy, String strategyId, ConflictContext c) {
    try {
      return Objects.requireNonNull(strategy.decide(c), "decision");
    } catch (RuntimeException e) {
      throw new StrategyFailed("conflict strategy '" + strategyId + "' failed for " + c.path() + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  /**
   * A fetch: continues the temporary file (or the local file itself after a RESUME answer) when it still holds a
   * confirmed prefix of this remote file, and otherwise starts over.
   */
  private static FileDecision fetch(Facts f, FileAction action, String reason, RemoteEntry seen, boolean keepAside,
      boolean localAsPart, @Nullable String strategyReason) {
    RemoteEntry remote = f.remote();
    long len = localAsPart ? f.localSize() : f.partSize();
    if (len < 0) {
      return new FileDecision(action, reason, seen, false, true, 0, PartFate.NONE, null, keepAside, false,
          strategyReason);
    }
    PartRecord rec = localAsPart ? new PartRecord(remote.size(), remote.modified(), List.of(
        new PartRecord.Span(0, len))) : f.record();
    String why = startOverWhy(f, len, rec);
    if (why == null) {
      PartRecord kept = Objects.requireNonNull(rec).clip(len);
      long offset = kept.prefix();
      String how = kept.held().size() <= 1 && offset == kept.heldBytes() ? "resumed at byte " + offset + " of "
          + remote.size() : "resumed with " + kept.heldBytes() + " of " + remote.size() + " bytes held";
      return new FileDecision(FileAction.RESUMED, how, seen, false, true, offset, PartFate.RESUME, null, keepAside,
          localAsPart, strategyReason, kept.held());
    }
    if (action == FileAction.RESUMED) {
      // the local file (or the temporary one) is no prefix of the remote one: fetch the whole file beside it and
      // replace it only once the new one is complete
      return new FileDecision(FileAction.OVERWRITTEN, reason + "; the local file could not be resumed, so it is"
          + " replaced once the new one is complete", seen, false, true, 0, localAsPart ? PartFate.NONE : PartFate.DROP,
          why, keepAside, false, strategyReason);
    }
    return new FileDecision(action, reason, seen, false, true, 0, PartFate.DROP, why, keepAside, false,
        strategyReason);
  }

  /** Why a temporary file of {@code len} bytes described by {@code rec} cannot be continued, or null when it can. */
  private static @Nullable String startOverWhy(Facts f, long len, @Nullable PartRecord rec) {
    RemoteEntry remote = f.remote();
    if (f.restUnreliable()) {
      return "the server does not resume reliably";
    } else if (rec == null) {
      return "no record of what it held";
    } else if (rec.fromAnotherBoot(BootId.current())) {
      return "its record was written before the machine restarted, without forcing the bytes to disk";
    } else if (rec.remoteSize() != remote.size()) {
      return "the remote size changed from " + rec.remoteSize() + " to " + remote.size();
    } else if (!Objects.equals(rec.remoteModified(), remote.modified())) {
      return "the remote mtime changed from " + rec.remoteModified() + " to " + remote.modified();
    } else if (len > remote.size()) {
      return "it is larger (" + len + ") than the remote file (" + remote.size() + ")";
    } else if (rec.clip(len).heldBytes() <= 0) {
      return "it holds no confirmed bytes";
    }
    return null;
  }
}
