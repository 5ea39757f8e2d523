package io.shotsync.api;

/** The state of one planned file, kept so a later run can resume it. */
public enum FileStatus {
  /** Planned, not started. */
  PENDING,
  /** Some bytes are in the temporary file; {@link FileRecord#bytesDone()} says how many. */
  PARTIAL,
  /** In place under its final name. */
  DONE,
  /**
   * Left as it was by the conflict strategy, recorded only where it replaces a record the task held of the file
   * (a temporary file of an earlier run); a file a run leaves unchanged otherwise has no record: its item's
   * statistics count it.
   */
  SKIPPED,
  /** Could not be fetched; the record's message says why. */
  FAILED
}
