package io.shotsync.core.internal.event;

import io.shotsync.api.event.SyncListener;
import io.shotsync.api.event.TransferProgress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts a task's bytes and files and reports {@link TransferProgress} at most every 200 ms. */
public final class ProgressMeter {
  private static final long INTERVAL_NANOS = 200_000_000L;

  private final String taskId;
  private final SyncListener listener;
  private final long taskTotal;
  private final int filesTotal;
  private final AtomicLong taskBytes = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicInteger filesDone = new AtomicInteger();
  private final AtomicLong lastEmit;
  private volatile long lastBytes;

  /** A meter for one task run. */
  public ProgressMeter(String taskId, SyncListener listener, long taskTotal, int filesTotal) {
    this.taskId = taskId;
    this.listener = listener;
    this.taskTotal = taskTotal;
    this.filesTotal = filesTotal;
    this.lastEmit = new AtomicLong(System.nanoTime());
  }

  /** Bytes moved (or found in place) for one file. */
  public void bytes(String path, long fileBytes, long fileSize, long delta) {
    taskBytes.addAndGet(delta);
    maybeEmit(path, fileBytes, fileSize);
  }

  /** Bytes received over the network, kept or not. */
  public void received(long n) {
    received.addAndGet(n);
  }

  /** Bytes received over the network in this run so far. */
  public long bytesReceived() {
    return received.get();
  }

  /** A file finished, whatever its action. */
  public void fileDone(String path, long fileSize) {
    filesDone.incrementAndGet();
    maybeEmit(path, fileSize, fileSize);
  }

  /** Files of the run not finished yet (including those in flight). */
  public int filesLeft() {
    return filesTotal - filesDone.get();
  }

  /** Bytes counted so far. */
  public long taskBytes() {
    return taskBytes.get();
  }

  private void maybeEmit(String path, long fileBytes, long fileSize) {
    long now = System.nanoTime();
    long last = lastEmit.get();
    if (now - last < INTERVAL_NANOS || !lastEmit.compareAndSet(last, now)) {
      return;
    }
    long bytes = taskBytes.get();
    double rate = (bytes - lastBytes) * 1e9 / Math.max(1, now - last);
    lastBytes = bytes;
    listener.progress(new TransferProgress(taskId, path, fileBytes, fileSize, bytes, taskTotal, filesDone.get(),
        filesTotal, rate, received.get()));
  }
}
