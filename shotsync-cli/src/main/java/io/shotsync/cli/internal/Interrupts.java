package io.shotsync.cli.internal;

import io.shotsync.core.TaskHandle;
import java.io.PrintStream;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Cancels the running task when the process is interrupted (Ctrl-C, SIGTERM): the task ends CANCELLED with its
 * {@code .part} files kept for resume; the hook waits up to about three seconds for that.
 */
public final class Interrupts {
  private static volatile @Nullable TaskHandle running;
  private static volatile @Nullable Runnable cleanup;
  private static boolean installed;

  private Interrupts() {}

  /** Cancels {@code handle} if the process is interrupted before {@link #done()}. */
  public static synchronized void watch(TaskHandle handle, PrintStream err) {
    running = handle;
    if (!installed) {
      installed = true;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> onExit(err), "shotsync-interrupt"));
    }
  }

  /** Runs {@code action} (close the store, stop a server) in the hook after the task stopped. */
  public static synchronized void atExit(Runnable action) {
    cleanup = action;
  }

  /** The task ended by itself; nothing to cancel any more. */
  public static synchronized void done() {
    running = null;
    cleanup = null;
  }

  private static void onExit(PrintStream err) {
    TaskHandle h = running;
    if (h != null && !h.isDone()) {
      err.println();
      err.println("shotsync: interrupted; cancelling task " + h.taskId() + " (partial files are kept for resume)");
      err.flush();
      h.cancel();
      try {
        h.await(Duration.ofSeconds(3));
      } catch (RuntimeException e) {
        err.println("shotsync: task " + h.taskId() + " did not stop within 3 s");
      }
      Runnable c = cleanup;
      if (c != null) {
        try {
          c.run();
        } catch (RuntimeException ignored) {
          // exiting anyway
        }
      }
    }
  }
}
