package io.shotsync.core.internal.store;

import io.shotsync.api.Endpoint;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStatus;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.ShotKey;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The default {@link TaskStore}: everything in memory, gone when the process ends.
 *
 * <p>Thread-safe through one lock; every read answers copies (records are immutable), so callers never see
 * a later change. Lease times come from the injected {@link Clock}.
 */
public final class InMemoryTaskStore implements TaskStore {
  private static final Comparator<Task> NEWEST_FIRST =
      Comparator.comparing(Task::createdAt).reversed().thenComparing(Task::id, Comparator.reverseOrder());

  private final Clock clock;
  private final Object lock = new Object();
  private final Map<String, Endpoint> endpoints = new TreeMap<>();
  private final Map<String, LazyStructure> structures = new HashMap<>();

  private final Map<String, Task> tasks = new HashMap<>();
  /** Items by task id, each map by item id in id order. */
  private final Map<String, TreeMap<Long, TaskItem>> items = new HashMap<>();
  /** The task of every item, by item id. */
  private final Map<Long, String> itemTasks = new HashMap<>();
  private final MemoryClaims claims = new MemoryClaims();
  /** Files by task id, then by path. */
  private final Map<String, TreeMap<String, FileRecord>> files = new HashMap<>();
  private final MemoryLogs logs = new MemoryLogs();
  private long nextItemId = 1;

  /** A store on the system clock. */
  public InMemoryTaskStore() {
    this(Clock.systemUTC());
  }

  /** A store whose leases run on the given clock. */
  public InMemoryTaskStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  // ---- endpoints and structures

  @Override
  public void saveEndpoint(Endpoint endpoint) {
    synchronized (lock) {
      endpoints.put(endpoint.id(), endpoint.withPassword(null));
    }
  }

  @Override
  public Optional<Endpoint> endpoint(String id) {
    synchronized (lock) {
      return Optional.ofNullable(endpoints.get(id));
    }
  }

  @Override
  public List<Endpoint> endpoints() {
    synchronized (lock) {
      return List.copyOf(endpoints.values());
    }
  }

  @Override
  public void saveStructure(String endpointId, String json, Instant scannedAt) {
    saveStructure(endpointId, () -> json, scannedAt);
  }

  /** Saves a snapshot whose JSON {@code json} writes only when the snapshot is first read. */
  public void saveStructure(String endpointId, Supplier<String> json, Instant scannedAt) {
    synchronized (lock) {
      structures.put(endpointId, new LazyStructure(endpointId, json, scannedAt));
    }
  }

  /** When the endpoint's snapshot was taken, without writing its JSON. */
  @Override
  public Optional<Instant> structureScannedAt(String endpointId) {
    synchronized (lock) {
      LazyStructure l = structures.get(endpointId);
      return l == null ? Optional.empty() : Optional.of(l.scannedAt());
    }
  }

  @Override
  public Optional<StoredStructure> structure(String endpointId) {
    LazyStructure l;
    synchronized (lock) {
      l = structures.get(endpointId);
    }
    return l == null ? Optional.empty() : Optional.of(l.stored());
  }

  // ---- tasks and items

  @Override
  public void createTask(Task task, List<TaskItem> newItems) {
    synchronized (lock) {
      if (tasks.containsKey(task.id())) {
        throw new ShotSyncException("task " + task.id() + " already exists");
      }
      TreeMap<Long, TaskItem> byId = new TreeMap<>();
      for (TaskItem item : newItems) {
        if (!item.taskId().equals(task.id())) {
          throw new InvalidInputException("item " + item.id() + " belongs to task " + item.taskId()
              + ", not to " + task.id());
        }
        if (byId.put(item.id(), item) != null || itemTasks.containsKey(item.id())) {
          throw new ShotSyncException("item id " + item.id() + " is already used");
        }
      }
      tasks.put(task.id(), task);
      items.put(task.id(), byId);
      byId.keySet().forEach(id -> itemTasks.put(id, task.id()));
      nextItemId = Math.max(nextItemId, byId.isEmpty() ? 0 : byId.lastKey() + 1);
    }
  }

  @Override
  public long nextItemIds(int count) {
    if (count < 0) {
      throw new InvalidInputException("item id count must not be negative: " + count);
    }
    synchronized (lock) {
      long first = nextItemId;
      nextItemId += count;
      return first;
    }
  }

  @Override
  public void updateTask(Task task) {
    synchronized (lock) {
      if (!tasks.containsKey(task.id())) {
        throw new NotFoundException("no task " + task.id());
      }
      tasks.put(task.id(), task);
    }
  }

  @Override
  public void updateItems(Collection<TaskItem> changed) {
    synchronized (lock) {
      for (TaskItem item : changed) {
        TreeMap<Long, TaskItem> byId = items.get(item.taskId());
        if (byId != null && byId.containsKey(item.id())) {
          byId.put(item.id(), item);
        }
      }
    }
  }

  @Override
  public Optional<Task> task(String id) {
    synchronized (lock) {
      return Optional.ofNullable(tasks.get(id));
    }
  }

  @Override
  public List<Task> tasks(TaskQuery query) {
    synchronized (lock) {
      return tasks.values().stream().filter(query::matches).sorted(NEWEST_FIRST).limit(Math.max(0, query.limit()))
          .toList();
    }
  }

  @Override
  public List<TaskItem> items(String taskId) {
    synchronized (lock) {
      TreeMap<Long, TaskItem> byId = items.get(taskId);
      return byId == null ? List.of() : List.copyOf(byId.values());
    }
  }

  @Override
  public int deleteTasks(Collection<String> ids) {
    synchronized (lock) {
      int deleted = 0;
      for (String id : new LinkedHashSet<>(ids)) {
        if (tasks.remove(id) != null) {
          deleted++;
        }
        TreeMap<Long, TaskItem> byId = items.remove(id);
        if (byId != null) {
          claims.remove(byId.keySet());
          byId.keySet().forEach(itemTasks::remove);
        }
        files.remove(id);
        logs.remove(id);
      }
      return deleted;
    }
  }

  // ---- claims

  @Override
  public List<TaskItem> claimItems(String taskId, String worker, Duration lease, int max) {
    Objects.requireNonNull(worker, "worker");
    synchronized (lock) {
      TreeMap<Long, TaskItem> byId = items.get(taskId);
      if (byId == null || max < 1) {
        return List.of();
      }
      return claims.claim(byId.values(), worker, clock.instant(), lease, max);
    }
  }

  @Override
  public int renewLeases(String worker, Duration lease) {
    synchronized (lock) {
      return claims.renew(worker, clock.instant().plus(lease));
    }
  }

  @Override
  public boolean hasLiveClaims(String taskId) {
    return !claimHolders(taskId).isEmpty();
  }

  @Override
  public Set<String> claimHolders(String taskId) {
    synchronized (lock) {
      TreeMap<Long, TaskItem> byId = items.get(taskId);
      return byId == null ? Set.of() : claims.holders(byId.keySet(), clock.instant());
    }
  }

  @Override
  public int releaseWorker(String worker) {
    synchronized (lock) {
      return claims.releaseWorker(worker);
    }
  }

  @Override
  public void releaseItems(String worker, Collection<Long> itemIds) {
    synchronized (lock) {
      claims.release(worker, itemIds);
    }
  }

  // ---- files

  @Override
  public void saveFiles(Collection<FileRecord> records) {
    synchronized (lock) {
      for (FileRecord f : records) {
        files.computeIfAbsent(f.taskId(), k -> new TreeMap<>()).put(f.path(), f);
      }
    }
  }

  @Override
  public List<FileRecord> files(String taskId) {
    synchronized (lock) {
      TreeMap<String, FileRecord> byPath = files.get(taskId);
      return byPath == null ? List.of() : List.copyOf(byPath.values());
    }
  }

  @Override
  public List<FileRecord> history(ShotKey shot) {
    synchronized (lock) {
      List<FileRecord> found = new ArrayList<>();
      for (Map.Entry<String, TreeMap<String, FileRecord>> e : files.entrySet()) {
        for (FileRecord f : e.getValue().values()) {
          if (f.status() != FileStatus.DONE) {
            continue;
          }
          TaskItem item = items.getOrDefault(e.getKey(), new TreeMap<>()).get(f.itemId());
          if (item != null && item.shot().equals(shot)) {
            found.add(f);
          }
        }
      }
      found.sort(Comparator.comparing(FileRecord::updatedAt).reversed().thenComparing(FileRecord::taskId)
          .thenComparing(FileRecord::path));
      return List.copyOf(found);
    }
  }

  // ---- logs

  @Override
  public void appendLogs(Collection<LogRecord> records) {
    synchronized (lock) {
      logs.append(records);
    }
  }

  @Override
  public List<LogRecord> logs(LogQuery query) {
    synchronized (lock) {
      return logs.query(query);
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "InMemoryTaskStore[" + tasks.size() + " tasks]";
    }
  }
}
