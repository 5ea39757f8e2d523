package io.shotsync.api.event;

import io.shotsync.api.FileAction;
import io.shotsync.api.ItemKey;
import org.jspecify.annotations.Nullable;

/**
 * One file of an item starting, finishing or failing.
 *
 * @param taskId the task
 * @param itemId the item
 * @param item shot and department
 * @param path path relative to the root
 * @param size remote size
 * @param offset where the transfer started (non-zero for a resume)
 * @param action what was done; null in {@code fileStarted}
 * @param reason why (the conflict decision, or the error)
 */
public record FileEvent(
    String taskId, long itemId, ItemKey item, String path, long size, long offset, @Nullable FileAction action,
    String reason) {}
