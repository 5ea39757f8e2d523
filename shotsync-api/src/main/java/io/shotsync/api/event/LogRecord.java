package io.shotsync.api.event;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of a task's log.
 *
 * @param sequence increasing per store, assigned when stored (0 before); the cursor for tailing
 * @param time when it happened
 * @param level severity
 * @param taskId the task, or an empty string for a scan outside any task
 * @param itemId the item, or null
 * @param file the file path relative to the root, or null
 * @param message what happened and why
 */
public record LogRecord(
    long sequence, Instant time, LogLevel level, String taskId, @Nullable Long itemId, @Nullable String file,
    String message) {

  /** Checks the fields. */
  public LogRecord {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(message, "message");
  }

  /** This record with the sequence number the store gave it. */
  public LogRecord withSequence(long seq) {
    return new LogRecord(seq, time, level, taskId, itemId, file, message);
  }
}
