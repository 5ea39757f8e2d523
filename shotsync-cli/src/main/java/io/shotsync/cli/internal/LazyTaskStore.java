package io.shotsync.cli.internal;

import io.shotsync.api.Endpoint;
import io.shotsync.api.FileRecord;
import io.shotsync.api.ShotKey;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSummary;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A store that is opened on a background thread as soon as it is created, so that opening a database (class
 * loading, migrations) overlaps with connecting to and scanning the FTP server. Saving an endpoint (which building
 * a {@code ShotSync} does first) is queued behind the open instead of waiting for it; every other call waits for
 * the open and for the saves queued before it, in order.
 */
public final class LazyTaskStore implements TaskStore {
  private final CompletableFuture<TaskStore> opening;
  /** The open followed by the writes queued behind it; every call waits for it. */
  private volatile CompletableFuture<TaskStore> ready;

  private LazyTaskStore(Supplier<TaskStore> opener) {
    this.opening = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        opening.complete(opener.get());
      } catch (Throwable e) {
        opening.completeExceptionally(e);
      }
    }, "shotsync-store-open");
    t.setDaemon(true);
    this.ready = opening;
    t.start();
  }

  /** Starts opening the store with {@code opener} on a background thread. */
  public static LazyTaskStore start(Supplier<TaskStore> opener) {
    return new LazyTaskStore(opener);
  }

  private TaskStore store() {
    try {
      return ready.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ShotSyncException s) {
        throw s;
      }
      throw new ShotSyncException("cannot open the task store: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public synchronized void saveEndpoint(Endpoint endpoint) {
    ready = ready.thenApply(s -> {
      s.saveEndpoint(endpoint);
      return s;
    });
  }

  @Override
  public Optional<Endpoint> endpoint(String id) {
    return store().endpoint(id);
  }

  @Override
  public List<Endpoint> endpoints() {
    return store().endpoints();
  }

  @Override
  public void saveStructure(String endpointId, String json, Instant scannedAt) {
    store().saveStructure(endpointId, json, scannedAt);
  }

  @Override
  public Optional<StoredStructure> structure(String endpointId) {
    return store().structure(endpointId);
  }

  @Override
  public Optional<Instant> structureScannedAt(String endpointId) {
    return store().structureScannedAt(endpointId);
  }

  @Override
  public void createTask(Task task, List<TaskItem> items) {
    store().createTask(task, items);
  }

  @Override
  public long nextItemIds(int count) {
    return store().nextItemIds(count);
  }

  @Override
  public void updateTask(Task task) {
    store().updateTask(task);
  }

  @Override
  public void updateItems(Collection<TaskItem> items) {
    store().updateItems(items);
  }

  @Override
  public Optional<Task> task(String id) {
    return store().task(id);
  }

  @Override
  public List<Task> tasks(TaskQuery query) {
    return store().tasks(query);
  }

  @Override
  public List<TaskItem> items(String taskId) {
    return store().items(taskId);
  }

  @Override
  public List<TaskSummary> taskSummaries(TaskQuery query) {
    return store().taskSummaries(query);
  }

  @Override
  public int deleteTasks(Collection<String> ids) {
    return store().deleteTasks(ids);
  }

  @Override
  public List<TaskItem> claimItems(String taskId, String worker, Duration lease, int max) {
    return store().claimItems(taskId, worker, lease, max);
  }

  @Override
  public int renewLeases(String worker, Duration lease) {
    return store().renewLeases(worker, lease);
  }

  @Override
  public void releaseItems(String worker, Collection<Long> itemIds) {
    store().releaseItems(worker, itemIds);
  }

  @Override
  public void saveFiles(Collection<FileRecord> files) {
    store().saveFiles(files);
  }

  @Override
  public List<FileRecord> files(String taskId) {
    return store().files(taskId);
  }

  @Override
  public List<FileRecord> history(ShotKey shot) {
    return store().history(shot);
  }

  @Override
  public void appendLogs(Collection<LogRecord> records) {
    store().appendLogs(records);
  }

  @Override
  public boolean hasLiveClaims(String taskId) {
    return store().hasLiveClaims(taskId);
  }

  @Override
  public java.util.Set<String> claimHolders(String taskId) {
    return store().claimHolders(taskId);
  }

  @Override
  public int releaseWorker(String worker) {
    return store().releaseWorker(worker);
  }

  @Override
  public List<LogRecord> logs(LogQuery query) {
    return store().logs(query);
  }

  @Override
  public void close() {
    try {
      ready.join();
    } catch (RuntimeException e) {
      // a queued save failed, or the store never opened: it is closed below if it did open
    }
    if (!opening.isCompletedExceptionally()) {
      opening.join().close();
    }
  }
}
