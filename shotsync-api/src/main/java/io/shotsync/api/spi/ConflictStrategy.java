package io.shotsync.api.spi;

/**
 * Decides what to do with one local file that already exists under the name a remote file would take.
 *
 * <p>Found by {@link #id()} through {@link java.util.ServiceLoader}; a lambda can be one when registered
 * explicitly. Runs once per existing file, on transfer threads: it must be thread-safe and fast.
 */
@FunctionalInterface
public interface ConflictStrategy {

  /** Decides for one file. */
  ConflictDecision decide(ConflictContext context);

  /** The id users name this strategy by, such as {@code skip}. Discovered strategies must override it. */
  default String id() {
    return getClass().getName();
  }

  /** One line for help texts. */
  default String description() {
    return "";
  }
}
