package io.shotsync.api.event;

import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;

/**
 * Sees a scan or task as it runs. Every method has a no-op default; override the ones you need.
 *
 * <p><b>Order.</b> For one run of a task: {@code taskStarted}, then for each item {@code itemStarted},
 * then for each of its files {@code fileStarted} followed by exactly one of {@code fileFinished} or
 * {@code fileFailed}, then {@code itemFinished} (whatever the item's final status, including SKIPPED,
 * which has no file events), and last {@code taskFinished}. Items and files run in parallel, so events of
 * different items and files interleave; the order holds per item and per file. {@code progress} and
 * {@code log} may come at any point between {@code taskStarted} and {@code taskFinished}; a scan reports
 * {@code scanProgress}, the last one with {@code done} true.
 *
 * <p><b>Several workers.</b> When workers share a store, each worker's listeners hear {@code taskStarted} and
 * the item and file events of the items that worker ran; {@code taskFinished} comes only from the worker that
 * saw every item reach a final status, and always carries a final status (or QUEUED, when an automatic retry
 * was queued). A worker that stops while others still hold items sends no {@code taskFinished}.
 *
 * <p><b>Rules.</b> Methods are called on transfer threads and must return fast. A listener that throws
 * is logged and ignored: it never breaks the transfer or the other listeners.
 */
public interface SyncListener {

  /** A listener that does nothing. */
  SyncListener NONE = new SyncListener() {};

  /** A scan listed more directories. */
  default void scanProgress(ScanProgress progress) {}

  /** A task run started. */
  default void taskStarted(Task task) {}

  /** An item started (after its versions were resolved). */
  default void itemStarted(TaskItem item) {}

  /** A file is about to be fetched or decided on. */
  default void fileStarted(FileEvent event) {}

  /** Bytes moved (throttled). */
  default void progress(TransferProgress progress) {}

  /** A file ended well: downloaded, skipped, overwritten, kept both or resumed. */
  default void fileFinished(FileEvent event) {}

  /** A file failed after its retries. */
  default void fileFailed(FileEvent event, ShotSyncException error) {}

  /** An item reached its final status. */
  default void itemFinished(TaskItem item) {}

  /** A task ended (every item final); its status tells how. Never sent with a RUNNING task. */
  default void taskFinished(Task task) {}

  /** A log record of the task (also sent to SLF4J and stored). */
  default void log(LogRecord record) {}
}
