package io.shotsync.core.internal.transfer;

import io.shotsync.api.FileAction;
import io.shotsync.api.FileStats;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.TaskItem;
import io.shotsync.core.internal.event.TaskLog;
import io.shotsync.core.internal.store.StoreWriter;
import org.jspecify.annotations.Nullable;

/** Counts the files of one item as they end; the last one finishes the item. */
final class ItemProgress {
  /** What finishes an item: its final state with a status and a message. */
  @FunctionalInterface
  interface ItemEnd {
    void finish(TaskItem item, ItemStatus status, @Nullable String message);
  }

  private final StoreWriter writer;
  private final TaskLog log;
  private final ItemEnd end;
  private TaskItem item;
  private int remaining;
  private FileStats stats = FileStats.ZERO;
  private long inPlace;
  private long received;
  private int failures;
  private int cancelledFiles;
  private @Nullable String firstError;
  private final UnchangedFiles unchanged = new UnchangedFiles();

  /** {@code unreadable}, when not null, says why the item fails however its files end. */
  private final @Nullable String unreadable;

  ItemProgress(TaskItem item, int files, @Nullable String unreadable, StoreWriter writer, TaskLog log, ItemEnd end) {
    this.item = item;
    this.remaining = files;
    this.unreadable = unreadable;
    this.writer = writer;
    this.log = log;
    this.end = end;
  }

  void done(String path, FileTransfer.Outcome o) {
    TaskItem finished = null;
    ItemStatus status = null;
    String message = null;
    String summary = null;
    synchronized (this) {
      received += o.received();
      if (o.cancelled()) {
        cancelledFiles++;
      } else if (o.action() != null) {
        stats = stats.plus(o.action());
        inPlace += o.inPlace();
        String why = o.unchanged();
        if (why != null) {
          unchanged.add(why);
        }
        if (o.action() == FileAction.FAILED) {
          failures++;
          if (firstError == null) {
            firstError = path + ": " + (o.error() == null ? "failed" : o.error().getMessage());
          }
        }
      }
      item = item.withProgress(inPlace, received, stats);
      remaining--;
      if (remaining == 0) {
        finished = item;
        summary = unchanged.summary();
        if (failures > 0) {
          status = ItemStatus.FAILED;
          message = failures + " of " + item.fileCount() + " files failed; first: " + firstError
              + (unreadable == null ? "" : "; and " + unreadable);
        } else if (unreadable != null && cancelledFiles == 0) {
          status = ItemStatus.FAILED;
          message = unreadable;
        } else if (cancelledFiles > 0) {
          status = ItemStatus.CANCELLED;
          message = "cancelled";
        } else {
          status = ItemStatus.COMPLETED;
        }
      } else {
        writer.item(item);
      }
    }
    if (finished != null && status != null) { // both are set when the last file ends
      if (summary != null) {
        log.log(LogLevel.INFO, finished.id(), null, finished.key() + ": " + summary);
      }
      end.finish(finished, status, message);
    }
  }
}
