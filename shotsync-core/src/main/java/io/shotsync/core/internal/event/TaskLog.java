package io.shotsync.core.internal.event;

import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.event.SyncListener;
import java.time.Clock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one task: every decision becomes a {@link LogRecord} that goes to SLF4J (logger
 * {@code io.shotsync.task}), to the listeners and to the store (through a batching sink, off the byte path).
 */
public final class TaskLog {
  private static final Logger LOG = LoggerFactory.getLogger("io.shotsync.task");

  private final String taskId;
  private final SyncListener listener;
  private final Consumer<LogRecord> sink;
  private final Clock clock;

  /** A log for one task. */
  public TaskLog(String taskId, SyncListener listener, Consumer<LogRecord> sink, Clock clock) {
    this.taskId = taskId;
    this.listener = listener;
    this.sink = sink;
    this.clock = clock;
  }

  /** The task this log belongs to. */
  public String taskId() {
    return taskId;
  }

  /** Records one line. */
  public void log(LogLevel level, @Nullable Long itemId, @Nullable String file, String message) {
    LogRecord r = new LogRecord(0, clock.instant(), level, taskId, itemId, file, message);
    switch (level) {
      case DEBUG -> LOG.debug("[{}] {}", taskId, message);
      case INFO -> LOG.info("[{}] {}", taskId, message);
      case WARN -> LOG.warn("[{}] {}", taskId, message);
      case ERROR -> LOG.error("[{}] {}", taskId, message);
    }
    sink.accept(r);
    listener.log(r);
  }

  /**
   * A DEBUG line for SLF4J only: per-file detail that neither the store nor the listeners' {@code log} keep, such as
   * why a file was left unchanged (the item's summary line carries that).
   */
  public void detail(String message) {
    LOG.debug("[{}] {}", taskId, message);
  }

  /** A task-level line. */
  public void info(String message) {
    log(LogLevel.INFO, null, null, message);
  }

  /** A task-level warning. */
  public void warn(String message) {
    log(LogLevel.WARN, null, null, message);
  }

  /** A task-level error. */
  public void error(String message) {
    log(LogLevel.ERROR, null, null, message);
  }
}
