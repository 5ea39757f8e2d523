package io.shotsync.server.internal;

import io.shotsync.core.ShotSync;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's worker: runs queued and scheduled tasks and automatic retries from the store (its own and those of
 * other processes sharing it) through {@link ShotSync#runQueued}, until closed.
 */
public final class QueueWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);

  private final ShotSync sync;
  private final Thread thread;
  private volatile boolean stopped;

  /** Starts the loop on a daemon thread. */
  public QueueWorker(ShotSync sync) {
    this.sync = sync;
    this.thread = new Thread(this::loop, "shotsync-server-worker");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!stopped && !sync.isClosed()) {
      try {
        sync.runQueued(Duration.ofSeconds(1));
      } catch (RuntimeException e) {
        if (stopped || sync.isClosed()) {
          return;
        }
        LOG.warn("the queue worker failed and starts again in a second: {}", e.getMessage());
        pause();
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      stopped = true;
      Thread.currentThread().interrupt();
    }
  }

  /** Stops taking new work and waits up to five seconds for the loop to end. */
  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
