package io.shotsync.api.spi;

import io.shotsync.api.event.LogLevel;

/**
 * Which log records of a task to read. Pass the last sequence number seen as {@code afterSequence} to tail forward;
 * pass the first one seen as {@code beforeSequence} to page back. Records come oldest first either way: with only
 * {@code afterSequence}, the first {@code limit} records after it; with {@code beforeSequence}, the last
 * {@code limit} records before it (and after {@code afterSequence}).
 *
 * @param taskId the task
 * @param minLevel records at or above this level
 * @param afterSequence records with a greater sequence number (0 for all)
 * @param limit at most this many, oldest first
 * @param beforeSequence records with a smaller sequence number, the ones nearest to it (0 for no bound)
 */
public record LogQuery(String taskId, LogLevel minLevel, long afterSequence, int limit, long beforeSequence) {

  /** Checks the limit and the cursors. */
  public LogQuery {
    if (limit < 1) {
      throw new io.shotsync.api.InvalidInputException("log limit must be at least 1: " + limit);
    }
    if (afterSequence < 0 || beforeSequence < 0) {
      throw new io.shotsync.api.InvalidInputException(
          "log cursors must not be negative: after " + afterSequence + ", before " + beforeSequence);
    }
  }

  /** Records after a cursor, oldest first, with no upper bound. */
  public LogQuery(String taskId, LogLevel minLevel, long afterSequence, int limit) {
    this(taskId, minLevel, afterSequence, limit, 0);
  }

  /** The first {@code limit} records of a task at INFO or above. */
  public static LogQuery of(String taskId, int limit) {
    return new LogQuery(taskId, LogLevel.INFO, 0, limit);
  }

  /** The last {@code limit} records before {@code beforeSequence} at or above a level, oldest first. */
  public static LogQuery before(String taskId, LogLevel minLevel, long beforeSequence, int limit) {
    return new LogQuery(taskId, minLevel, 0, limit, beforeSequence);
  }

  /** True when the query reads backwards from {@link #beforeSequence}. */
  public boolean backwards() {
    return beforeSequence > 0;
  }
}
