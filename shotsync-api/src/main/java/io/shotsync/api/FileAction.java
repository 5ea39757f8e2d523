package io.shotsync.api;

/** What happened to one file of an item; each counts in {@link FileStats}. */
public enum FileAction {
  /** Fetched; nothing was there. */
  DOWNLOADED,
  /** Left as it was. */
  SKIPPED,
  /** Fetched over an existing file. */
  OVERWRITTEN,
  /** Fetched after the existing file was renamed aside. */
  KEPT_BOTH,
  /** Fetched from where an earlier attempt stopped. */
  RESUMED,
  /** Could not be fetched. */
  FAILED
}
