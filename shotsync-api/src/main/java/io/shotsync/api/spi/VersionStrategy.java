package io.shotsync.api.spi;

/**
 * Chooses which versions of one item to fetch, or skips the item with a reason.
 *
 * <p>Found by {@link #id()} through {@link java.util.ServiceLoader}; a lambda or a Groovy closure can be
 * one when registered explicitly under an id. Implementations must be thread-safe and fast: they run once
 * per item while a task is planned.
 */
@FunctionalInterface
public interface VersionStrategy {

  /** Decides for one item. Must not throw for an item it cannot serve: answer {@link VersionDecision#skip}. */
  VersionDecision select(VersionContext context);

  /** The id users name this strategy by, such as {@code latest}. Discovered strategies must override it. */
  default String id() {
    return getClass().getName();
  }

  /** One line for help texts. */
  default String description() {
    return "";
  }
}
