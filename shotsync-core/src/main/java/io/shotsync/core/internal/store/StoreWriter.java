package io.shotsync.core.internal.store;

import io.shotsync.api.FileRecord;
import io.shotsync.api.TaskItem;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.TaskStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches store writes off the byte path: item updates and file records are coalesced (the last value per item
 * and per file wins), log records are queued; a background flusher writes them every 200 ms, and
 * {@link #flush()} writes them at once (task end, before claiming, before releasing items).
 */
public final class StoreWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);

  private final TaskStore store;
  private final Map<Long, TaskItem> items = new ConcurrentHashMap<>();
  private final Map<String, FileRecord> files = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<LogRecord> logs = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Release> releases = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService flusher;
  /** Log records and releases of a flush whose write failed, written first by the next one (guarded by this). */
  private final List<LogRecord> retryLogs = new ArrayList<>();
  private final Map<String, List<Long>> retryReleases = new LinkedHashMap<>();

  private record Release(String worker, long itemId) {}

  /** A writer for one store, flushing every {@code periodMillis}. */
  public StoreWriter(TaskStore store, long periodMillis) {
    this.store = store;
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "shotsync-store-flusher");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flushQuietly, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Queues an item update; a later update of the same item replaces it. */
  public void item(TaskItem item) {
    items.put(item.id(), item);
  }

  /** Queues a file record; a later record of the same task and path replaces it. */
  public void file(FileRecord record) {
    files.put(record.taskId() + '\u0000' + record.path(), record);
  }

  /** Queues a log record. */
  public void log(LogRecord record) {
    logs.add(record);
  }

  /** Queues the release of an item claim, done after the item's last update is written. */
  public void release(String worker, long itemId) {
    releases.add(new Release(worker, itemId));
  }

  /**
   * Writes everything queued so far. When a write fails, what it had not written is queued again (an item or file
   * updated since keeps its newer value; log records keep their order) and the exception is thrown; releases wait
   * until their items' updates are written.
   */
  public synchronized void flush() {
    // releases first: a release is queued after its item's last update, so every release taken here has that
    // update in the batch below (or written by an earlier flush). Taken after the items, a release queued in
    // between would free an item whose store row still says RUNNING, and another worker could claim it again.
    Map<String, List<Long>> releaseBatch = new LinkedHashMap<>(retryReleases);
    retryReleases.clear();
    for (Release r; (r = releases.poll()) != null; ) {
      releaseBatch.computeIfAbsent(r.worker(), k -> new ArrayList<>()).add(r.itemId());
    }
    List<TaskItem> itemBatch = drain(items);
    List<FileRecord> fileBatch = drain(files);
    List<LogRecord> logBatch = new ArrayList<>(retryLogs);
    retryLogs.clear();
    for (LogRecord r; (r = logs.poll()) != null; ) {
      logBatch.add(r);
    }
    int written = 0;
    try {
      if (!itemBatch.isEmpty()) {
        store.updateItems(itemBatch);
      }
      written = 1;
      if (!fileBatch.isEmpty()) {
        store.saveFiles(fileBatch);
      }
      written = 2;
      if (!logBatch.isEmpty()) {
        store.appendLogs(logBatch);
      }
      written = 3;
      for (var it = releaseBatch.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        store.releaseItems(e.getKey(), e.getValue());
        it.remove();
      }
    } catch (RuntimeException e) {
      if (written < 1) {
        itemBatch.forEach(i -> items.putIfAbsent(i.id(), i));
      }
      if (written < 2) {
        fileBatch.forEach(f -> files.putIfAbsent(f.taskId() + '\u0000' + f.path(), f));
      }
      if (written < 3) {
        retryLogs.addAll(logBatch);
      }
      retryReleases.putAll(releaseBatch);
      throw e;
    }
  }

  private static <K, V> List<V> drain(Map<K, V> map) {
    if (map.isEmpty()) {
      return List.of();
    }
    List<V> out = new ArrayList<>(map.size());
    for (Map.Entry<K, V> e : new HashMap<>(map).entrySet()) {
      if (map.remove(e.getKey(), e.getValue())) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("could not write task state to the store; will retry: {}", e.toString());
    }
  }

  /** Flushes and stops the background flusher. */
  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }
}
