package io.shotsync.cli.internal;

import io.shotsync.core.TaskHandle;
import java.io.PrintStream;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM while a task runs: cancels the task (it ends CANCELLED with its {@code .part} files
 * kept for resume), waits up to about three seconds for that, closes the engine and the store, and exits with
 * 130 (143 for SIGTERM). The signal is handled before the JVM starts shutting down, so the embedded database is
 * still open while the cancellation is written; a second signal exits at once.
 */
public final class Interrupts {
  private static volatile @Nullable TaskHandle running;
  private static volatile @Nullable Runnable cleanup;
  private static volatile boolean stopping;
  private static boolean installed;

  private Interrupts() {}

  /** Cancels {@code handle} if the process is interrupted before {@link #done()}. */
  public static synchronized void watch(TaskHandle handle, PrintStream err) {
    running = handle;
    if (!installed) {
      installed = true;
      install("INT", ExitCodes.INTERRUPTED, err);
      install("TERM", 143, err);
    }
  }

  /**
   * For a process without one task to cancel (a worker): on SIGINT or SIGTERM, runs {@code action} (stop the runs
   * and send their tasks back to the queue) before exiting.
   */
  public static synchronized void onStop(Runnable action, PrintStream err) {
    cleanup = action;
    if (!installed) {
      installed = true;
      install("INT", ExitCodes.INTERRUPTED, err);
      install("TERM", 143, err);
    }
  }

  /** Runs {@code action} (close the engine and the store) after the task stopped, before exiting. */
  public static synchronized void atExit(Runnable action) {
    cleanup = action;
  }

  /**
   * The task ended; nothing to cancel any more. When it ended because of a signal, this waits for the signal
   * handler to close the store and exit, so the command does not report on a closing store.
   */
  public static void done() {
    if (stopping) {
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          // keep waiting for the exit
        }
      }
    }
    synchronized (Interrupts.class) {
      running = null;
      cleanup = null;
    }
  }

  private static void install(String name, int status, PrintStream err) {
    try {
      Signal.handle(new Signal(name), sig -> onSignal(status, err));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // this platform does not let us handle the signal: the JVM's default shutdown applies
    }
  }

  private static void onSignal(int status, PrintStream err) {
    if (stopping) {
      Runtime.getRuntime().halt(status);
    }
    stopping = true;
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
    }
    Runnable c = cleanup;
    if (c != null) {
      try {
        c.run();
      } catch (RuntimeException e) {
        err.println("shotsync: closing after the interrupt failed: " + e.getMessage());
      }
    }
    System.exit(status);
  }
}
