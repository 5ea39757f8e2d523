package io.shotsync.core.internal.transfer;

import java.util.concurrent.atomic.AtomicBoolean;

/** Wakes a run's claim loop when an item or a file ends; an interrupt while it waits cancels the run. */
final class RunSignal {
  private final AtomicBoolean cancelled;

  RunSignal(AtomicBoolean cancelled) {
    this.cancelled = cancelled;
  }

  /** Waits up to 100 ms for a {@link #wake}. */
  synchronized void pause() {
    try {
      wait(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelled.set(true);
    }
  }

  /** Sleeps, without being woken. */
  void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelled.set(true);
    }
  }

  /** Wakes every waiting {@link #pause}. */
  synchronized void wake() {
    notifyAll();
  }
}
