package io.shotsync.api.event;

/** Severity of a task log record, lowest first. */
public enum LogLevel {
  /** Per-file detail. */
  DEBUG,
  /** Decisions and milestones. */
  INFO,
  /** Something refused or retried; the task goes on. */
  WARN,
  /** Something failed. */
  ERROR;

  /** True when this level is at or above {@code min}. */
  public boolean atLeast(LogLevel min) {
    return compareTo(min) >= 0;
  }

  /** Parses a level name, case-insensitive ({@code warning} is WARN). */
  public static LogLevel parse(String text) {
    String t = text.trim().toUpperCase(java.util.Locale.ROOT);
    if (t.equals("WARNING")) {
      return WARN;
    }
    try {
      return valueOf(t);
    } catch (IllegalArgumentException e) {
      throw new io.shotsync.api.InvalidInputException(
          "unknown log level '" + text + "'; known: debug, info, warn, error");
    }
  }
}
