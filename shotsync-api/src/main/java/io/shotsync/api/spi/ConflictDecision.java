package io.shotsync.api.spi;

import java.util.Objects;

/**
 * A {@link ConflictStrategy}'s answer for one file, with the reason that goes to the task log. Files a SKIP leaves
 * unchanged are not logged one by one: their item's log gets one line counting them by reason, which groups by the
 * part of the reason before a {@code " ("}, so per-file detail belongs in a trailing parenthesis
 * ({@code same size and mtime (remote 2024-01-01T00:00:00Z, local 2024-01-01T00:00:00Z)}).
 */
public record ConflictDecision(Action action, String reason) {

  /** What to do with the existing local file. */
  public enum Action {
    /** Leave it; fetch nothing. */
    SKIP,
    /** Fetch the remote file and replace it. */
    OVERWRITE,
    /** Rename it aside under a name that never collides, then fetch the remote file. */
    KEEP_BOTH,
    /** The local file is a prefix of the remote one: fetch only the rest. */
    RESUME
  }

  /** Checks the fields. */
  public ConflictDecision {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
  }

  /** Skip, because... */
  public static ConflictDecision skip(String reason) {
    return new ConflictDecision(Action.SKIP, reason);
  }

  /** Overwrite, because... */
  public static ConflictDecision overwrite(String reason) {
    return new ConflictDecision(Action.OVERWRITE, reason);
  }

  /** Keep both, because... */
  public static ConflictDecision keepBoth(String reason) {
    return new ConflictDecision(Action.KEEP_BOTH, reason);
  }

  /** Resume, because... */
  public static ConflictDecision resume(String reason) {
    return new ConflictDecision(Action.RESUME, reason);
  }
}
