package io.shotsync.api.spi;

import io.shotsync.api.event.LogLevel;

/**
 * Which log records of a task to read; pass the last sequence number seen as {@code afterSequence} to tail.
 *
 * @param taskId the task
 * @param minLevel records at or above this level
 * @param afterSequence records with a greater sequence number (0 for all)
 * @param limit at most this many, oldest first
 */
public record LogQuery(String taskId, LogLevel minLevel, long afterSequence, int limit) {

  /** Checks the limit. */
  public LogQuery {
    if (limit < 1) {
      throw new io.shotsync.api.InvalidInputException("log limit must be at least 1: " + limit);
    }
  }

  /** The first {@code limit} records of a task at INFO or above. */
  public static LogQuery of(String taskId, int limit) {
    return new LogQuery(taskId, LogLevel.INFO, 0, limit);
  }
}
