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

  /**
   * Whether {@link #decide} reads the remote mtime, so the engine should make it exact first: where the listing gives
   * a coarse one (a day or a minute, as {@code LIST} does for older files), it asks the server ({@code MDTM}) before
   * deciding, in a dry run and in the run alike. The default is {@code true}, since a strategy that says nothing may
   * look at mtimes; one that never does (like {@code skip}, {@code overwrite} and {@code keep_both}) answers
   * {@code false} and saves a round trip per existing file.
   */
  default boolean comparesRemoteMtimes() {
    return true;
  }

  /** One line for help texts. */
  default String description() {
    return "";
  }
}
