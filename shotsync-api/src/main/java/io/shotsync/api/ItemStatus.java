package io.shotsync.api;

/** Where one item (shot x department) stands. */
public enum ItemStatus {
  /** Not started. */
  PENDING,
  /** Being fetched. */
  RUNNING,
  /** Every file is in place. */
  COMPLETED,
  /** The version strategy chose not to fetch it; the item's message says why. */
  SKIPPED,
  /** At least one file failed; the item's message says why. */
  FAILED,
  /** Stopped on request. */
  CANCELLED;

  /** True for the statuses an item ends in. */
  public boolean isFinal() {
    return this == COMPLETED || this == SKIPPED || this == FAILED || this == CANCELLED;
  }
}
