package io.shotsync.api;

/** Where a task stands; {@link #COMPLETED} and {@link #PARTIAL} tell a full success from a partial one. */
public enum TaskStatus {
  /** Created, not yet run. */
  PENDING,
  /** Waiting for a worker (and for its not-before time, if any). */
  QUEUED,
  /** Items are being fetched. */
  RUNNING,
  /** Every item completed or was skipped by its strategy. */
  COMPLETED,
  /** Some items completed and some failed. */
  PARTIAL,
  /** No item completed, or the task could not run at all. */
  FAILED,
  /** Stopped on request; temporary files kept for resume. */
  CANCELLED;

  /** True for the statuses a task ends in. */
  public boolean isFinal() {
    return this == COMPLETED || this == PARTIAL || this == FAILED || this == CANCELLED;
  }
}
