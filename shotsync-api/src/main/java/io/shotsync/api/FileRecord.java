package io.shotsync.api;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The stored state of one file of a task: enough to resume it after a crash and to answer which
 * versions of a shot were downloaded, and when.
 *
 * @param taskId the task
 * @param itemId the item
 * @param path path relative to the endpoint root, which is also the path under the local root
 * @param version the version this file belongs to
 * @param size remote size
 * @param remoteModified remote mtime, or null when the server gave none
 * @param status where it stands
 * @param action what was done, or null before it finished
 * @param bytesDone bytes in place (in the temporary file while partial)
 * @param message why it failed or was skipped, or null
 * @param updatedAt when this record last changed
 */
public record FileRecord(
    String taskId,
    long itemId,
    String path,
    @Nullable Version version,
    long size,
    @Nullable Instant remoteModified,
    FileStatus status,
    @Nullable FileAction action,
    long bytesDone,
    @Nullable String message,
    Instant updatedAt) {

  /** Checks the fields. */
  public FileRecord {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
