package io.shotsync.core;

import io.shotsync.api.ItemKey;
import io.shotsync.api.Version;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A dry run: what a task would fetch, skip or replace, without touching disk.
 *
 * @param items one per selected shot x department
 */
public record TaskPlan(List<PlannedItem> items) {

  /** Copies the list. */
  public TaskPlan {
    items = List.copyOf(items);
  }

  /** Files that would be fetched (any action but skip). */
  public int filesToFetch() {
    return (int) items.stream().flatMap(i -> i.files().stream()).filter(f -> f.action() != PlannedAction.SKIP).count();
  }

  /** Bytes that would be fetched. */
  public long bytesToFetch() {
    return items.stream().flatMap(i -> i.files().stream()).filter(f -> f.action() != PlannedAction.SKIP)
        .mapToLong(PlannedFile::size).sum();
  }

  /** What would happen to one file. */
  public enum PlannedAction {
    /** Nothing is there: fetch it. */
    DOWNLOAD,
    /** Leave the local file. */
    SKIP,
    /** Replace the local file. */
    OVERWRITE,
    /** Rename the local file aside, then fetch. */
    KEEP_BOTH,
    /** Continue a partial file. */
    RESUME
  }

  /**
   * One item of the plan.
   *
   * @param item shot and department
   * @param versions the versions the strategy chose (empty when skipped)
   * @param skipReason why the item is skipped, or null
   * @param files what would happen to each file
   */
  public record PlannedItem(ItemKey item, List<Version> versions, @Nullable String skipReason, List<PlannedFile> files) {
    /** Copies the lists. */
    public PlannedItem {
      versions = List.copyOf(versions);
      files = List.copyOf(files);
    }
  }

  /**
   * One file of the plan.
   *
   * @param path relative to the root
   * @param size remote size
   * @param action what would happen
   * @param reason why
   */
  public record PlannedFile(String path, long size, PlannedAction action, String reason) {}
}
