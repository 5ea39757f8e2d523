package io.shotsync.server.internal;

import io.javalin.http.Context;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.FileEvent;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.event.ScanProgress;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.event.TransferProgress;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.ShotSync;
import io.shotsync.core.SyncJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event stream behind {@code GET /api/v1/events}: a listener on the {@link ShotSync} and a follower of its store
 * turn what happens into {@code task}, {@code item}, {@code progress}, {@code scan} and {@code log} events with
 * increasing ids, kept in a bounded ring buffer that clients reconnecting with {@code Last-Event-ID} replay from.
 *
 * <p>One thread (the pump) makes every event, so ids follow the order things were seen in: the listener only queues
 * what it hears (it must return fast), and the pump turns it into events, emits throttled progress (at most 4 a
 * second per task) and follows the store: every 250 ms the new log records of running tasks (records at INFO and
 * above; they carry the store's sequence numbers), and every second the status, items and bytes of tasks other
 * processes run on the same store.
 *
 * <p>A client too far behind for the buffer gets the log records it missed from the store (with their original
 * ids, which a per-task trail remembers) and the current state of each task whose events it missed, then the buffer.
 */
public final class EventStream implements SyncListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  /** Default number of events kept for reconnecting clients. */
  public static final int DEFAULT_BUFFER = 10_000;
  static final long TICK_MILLIS = 250;
  static final long POLL_MILLIS = 1000;
  static final long KEEPALIVE_MILLIS = 15_000;
  private static final int LOG_BATCH = 1000;
  private static final int RECENT_TASKS = 50;
  private static final int MAX_TRAIL_TASKS = 1000;
  private static final int MAX_TRAIL = 100_000;

  /** One event as sent. */
  record Event(long id, String type, @Nullable String taskId, String data) {}

  private final ShotSync sync;
  private final TaskStore store;
  private final int capacity;
  private final Event[] ring;
  private int head;   // index of the oldest event
  private int size;
  private long nextId;
  private final Object lock = new Object();
  private volatile boolean closed;

  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final Thread pump;

  // ---- state of the pump thread only
  private final Map<String, Tracked> tracked = new LinkedHashMap<>();
  private final Map<String, ScanProgress> scans = new HashMap<>();
  private final Map<String, Long> scanEmitted = new HashMap<>();
  private long lastPoll;
  private boolean followed;

  // ---- replay state, under lock
  private final Map<String, LogTrail> trails = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Long> evictedTaskEvents = new HashMap<>();

  /** A stream over this facade (it adds itself as a listener), keeping {@code capacity} events. */
  public EventStream(ShotSync sync, int capacity) {
    if (capacity < 16) {
      throw new IllegalArgumentException("the event buffer needs at least 16 events: " + capacity);
    }
    this.sync = Objects.requireNonNull(sync, "sync");
    this.store = sync.store();
    this.capacity = capacity;
    this.ring = new Event[capacity];
    // ids go on from the clock, so a page reconnecting after a restart never takes new events for old ones
    this.nextId = System.currentTimeMillis() * 1000;
    this.pump = new Thread(this::pumpLoop, "shotsync-server-events");
    pump.setDaemon(true);
    pump.start();
    sync.addListener(this);
  }

  // ==================================================================================== listener (transfer threads)

  @Override
  public void scanProgress(ScanProgress progress) {
    queue.add(() -> onScan(progress));
  }

  @Override
  public void taskStarted(Task task) {
    queue.add(() -> onTaskStarted(task));
  }

  @Override
  public void itemStarted(TaskItem item) {
    queue.add(() -> onItem(item, true));
  }

  @Override
  public void fileStarted(FileEvent event) {
    queue.add(() -> tracked(event.taskId()).fileStarted(event));
  }

  @Override
  public void progress(TransferProgress progress) {
    queue.add(() -> tracked(progress.taskId()).progress(progress));
  }

  @Override
  public void fileFinished(FileEvent event) {
    queue.add(() -> tracked(event.taskId()).fileEnded(event));
  }

  @Override
  public void fileFailed(FileEvent event, ShotSyncException error) {
    queue.add(() -> tracked(event.taskId()).fileEnded(event));
  }

  @Override
  public void itemFinished(TaskItem item) {
    queue.add(() -> onItem(item, false));
  }

  @Override
  public void taskFinished(Task task) {
    queue.add(() -> onTaskFinished(task));
  }

  @Override
  public void log(LogRecord record) {
    // logs come from the store, which gives them their sequence numbers (see tailLogs)
  }

  // ==================================================================================== the pump

  private void pumpLoop() {
    long nextTick = System.currentTimeMillis() + TICK_MILLIS;
    while (!closed) {
      try {
        long wait = nextTick - System.currentTimeMillis();
        Runnable r = wait > 0 ? queue.poll(wait, TimeUnit.MILLISECONDS) : null;
        if (r != null) {
          r.run();
          continue;
        }
        long now = System.currentTimeMillis();
        if (now >= nextTick) {
          nextTick = now + TICK_MILLIS;
          tick(now);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("the event stream failed to follow a change (it goes on): {}", e.toString());
      }
    }
  }

  private Tracked tracked(String taskId) {
    return tracked.computeIfAbsent(taskId, Tracked::new);
  }

  private void onScan(ScanProgress p) {
    long now = System.currentTimeMillis();
    Long last = scanEmitted.get(p.endpointId());
    if (p.done() || last == null || now - last >= TICK_MILLIS) {
      scans.remove(p.endpointId());
      scanEmitted.put(p.endpointId(), now);
      emitScan(p);
    } else {
      scans.put(p.endpointId(), p);   // the newest waits for the next tick
    }
  }

  private void emitScan(ScanProgress p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("endpointId", p.endpointId());
    m.put("directories", p.directoriesListed());
    m.put("files", p.entriesSeen());
    m.put("done", p.done());
    emit("scan", null, SyncJson.write(m));
  }

  private void onTaskStarted(Task task) {
    Tracked t = tracked(task.id());
    t.local = true;
    t.finished = false;
    emitTask(t, task, store.items(task.id()));
  }

  private void onItem(TaskItem item, boolean started) {
    Tracked t = tracked(item.taskId());
    t.localItems.add(item.id());
    if (started) {
      t.started(item);
    } else {
      t.itemEnded(item.id());
    }
    t.items.put(item.id(), Snapshot.of(item));
    emit("item", item.taskId(), SyncJson.write(SyncJson.item(item)));
  }

  private void onTaskFinished(Task task) {
    Tracked t = tracked(task.id());
    emitProgress(t, System.currentTimeMillis(), true);
    tailLogs(t, true);
    List<TaskItem> items = sync.items(task.id());   // flushes the writer: the store has the final state now
    for (TaskItem i : items) {
      t.items.put(i.id(), Snapshot.of(i));
    }
    t.local = false;
    t.finished = task.status().isFinal();
    emitTask(t, task, items);
  }

  private void emitTask(Tracked t, Task task, List<TaskItem> items) {
    t.status = task.status();
    t.storeBytes = task.transferredBytes();
    emit("task", task.id(), SyncJson.write(SyncJson.task(task, items)));
  }

  private void tick(long now) {
    for (ScanProgress p : List.copyOf(scans.values())) {
      scans.remove(p.endpointId());
      scanEmitted.put(p.endpointId(), now);
      emitScan(p);
    }
    for (Tracked t : List.copyOf(tracked.values())) {
      emitProgress(t, now, false);
      if (t.local) {
        tailLogs(t, false);
      }
    }
    if (now - lastPoll >= POLL_MILLIS) {
      lastPoll = now;
      followStore(now);
    }
  }

  /** Progress of a task running here: the task's and that of its running items that moved, at most every tick. */
  private void emitProgress(Tracked t, long now, boolean force) {
    TransferProgress p = t.progress;
    if (p == null || (!t.progressChanged && !force) || (!force && now - t.progressAt < TICK_MILLIS)) {
      return;
    }
    t.progressChanged = false;
    t.progressAt = now;
    Double eta = p.bytesPerSecond() > 0 && p.taskTotal() >= p.taskBytes()
        ? Math.ceil((p.taskTotal() - p.taskBytes()) / p.bytesPerSecond()) : null;
    emit("progress", t.id, progress(t.id, null, p.filesDone(), p.filesTotal(), p.taskBytes(), p.taskTotal(),
        p.bytesReceived(), p.bytesPerSecond(), eta));
    for (ItemProgress ip : t.running.values()) {
      long bytes = ip.bytes();
      if (bytes == ip.emittedBytes && ip.files == ip.emittedFiles) {
        continue;
      }
      double seconds = Math.max(1, now - ip.emittedAt) / 1000.0;
      double rate = ip.emittedAt == 0 ? 0 : Math.max(0, bytes - ip.emittedBytes) / seconds;
      ip.emittedBytes = bytes;
      ip.emittedFiles = ip.files;
      ip.emittedAt = now;
      Double itemEta = rate > 0 ? Math.ceil(Math.max(0, ip.totalBytes - bytes) / rate) : null;
      emit("progress", t.id, progress(t.id, ip.itemId, ip.files, ip.fileCount, bytes, ip.totalBytes, null, rate,
          itemEta));
    }
  }

  private static String progress(String taskId, @Nullable Long itemId, int files, int filesTotal, long bytes,
      long bytesTotal, @Nullable Long received, double rate, @Nullable Double eta) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("taskId", taskId);
    m.put("itemId", itemId);
    m.put("files", files);
    m.put("filesTotal", filesTotal);
    m.put("bytes", bytes);
    m.put("bytesTotal", bytesTotal);
    m.put("bytesReceived", received);
    m.put("rate", Math.round(rate * 10) / 10.0);
    m.put("etaSeconds", eta == null ? null : eta.longValue());
    return SyncJson.write(m);
  }

  /** The task's new log records at INFO and above, from the store (flushed first when {@code flush}). */
  private void tailLogs(Tracked t, boolean flush) {
    while (true) {
      LogQuery q = new LogQuery(t.id, LogLevel.INFO, t.logCursor, LOG_BATCH);
      List<LogRecord> records = flush ? sync.logs(q) : store.logs(q);
      for (LogRecord r : records) {
        t.logCursor = Math.max(t.logCursor, r.sequence());
        long id = emit("log", t.id, SyncJson.write(SyncJson.logRecord(r)));
        synchronized (lock) {
          LogTrail trail = trails.computeIfAbsent(t.id, k -> new LogTrail());
          trail.add(id, r.sequence());
          if (trails.size() > MAX_TRAIL_TASKS) {
            Iterator<String> it = trails.keySet().iterator();
            it.next();
            it.remove();
          }
        }
      }
      if (records.size() < LOG_BATCH) {
        return;
      }
    }
  }

  /**
   * Follows the store: the newest tasks and those running or queued (in any process), and those still followed;
   * what changed since the last look becomes events. Items and tasks this process runs come from the listener
   * instead. The first look only learns what is there.
   */
  private void followStore(long now) {
    Map<String, Task> seen = new LinkedHashMap<>();
    for (Task task : store.tasks(new TaskQuery(Set.of(TaskStatus.RUNNING, TaskStatus.QUEUED), null, 500))) {
      seen.put(task.id(), task);
    }
    for (Task task : store.tasks(new TaskQuery(Set.of(), null, RECENT_TASKS))) {
      seen.putIfAbsent(task.id(), task);
    }
    for (Tracked t : List.copyOf(tracked.values())) {
      if (!seen.containsKey(t.id) && !t.finished) {
        store.task(t.id).ifPresentOrElse(task -> seen.put(t.id, task), () -> tracked.remove(t.id));
      }
    }
    for (Task task : seen.values()) {
      Tracked t = tracked.get(task.id());
      if (t == null) {
        t = tracked(task.id());
        if (!followed) {
          // already there when the server started: its state and logs so far are history (REST has them)
          t.status = task.status();
          t.storeBytes = task.transferredBytes();
          t.finished = task.status().isFinal();
          t.logCursor = lastLogSequence(task.id());
          for (TaskItem i : store.items(task.id())) {
            t.items.put(i.id(), Snapshot.of(i));
          }
          continue;
        }
      }
      followTask(t, task, now);
    }
    followed = true;
    // forget tasks that ended and are no longer among the newest
    tracked.values().removeIf(t -> t.finished && !t.local && !seen.containsKey(t.id));
  }

  private long lastLogSequence(String taskId) {
    List<LogRecord> last = store.logs(LogQuery.before(taskId, LogLevel.DEBUG, Long.MAX_VALUE, 1));
    return last.isEmpty() ? 0 : last.get(0).sequence();
  }

  private void followTask(Tracked t, Task task, long now) {
    if (!t.local && task.status() == t.status && task.status().isFinal()) {
      return;   // ended, and already told
    }
    List<TaskItem> items = store.items(task.id());
    boolean changed = !t.local && task.status() != t.status;
    if (changed && !task.status().isFinal()) {
      emitTask(t, task, items);   // a start comes before what the run does
      t.storeBytesAt = now;
    }
    if (!t.local) {
      tailLogs(t, false);
    }
    for (TaskItem i : items) {
      if (t.local && t.localItems.contains(i.id())) {
        continue;   // the listener reports it
      }
      Snapshot s = Snapshot.of(i);
      if (!s.equals(t.items.get(i.id()))) {
        boolean known = t.items.containsKey(i.id()) || !changed;
        t.items.put(i.id(), s);
        if (known) {
          emit("item", t.id, SyncJson.write(SyncJson.item(i)));
        }
      }
    }
    if (t.local) {
      return;
    }
    if (changed && task.status().isFinal()) {
      emitTask(t, task, items);   // an end comes after what the run did
      t.finished = true;
      return;
    }
    long bytes = 0;
    long received = 0;
    int files = 0;
    int filesTotal = 0;
    for (TaskItem i : items) {
      bytes += i.transferredBytes();
      received += i.bytesReceived();
      files += i.stats().total();
      filesTotal += i.fileCount();
    }
    bytes = Math.max(bytes, task.transferredBytes());
    if (task.status() == TaskStatus.RUNNING && bytes != t.storeBytes) {
      double seconds = t.storeBytesAt == 0 ? 0 : (now - t.storeBytesAt) / 1000.0;
      double rate = seconds > 0 ? Math.max(0, bytes - t.storeBytes) / seconds : 0;
      t.storeBytes = bytes;
      t.storeBytesAt = now;
      Double eta = rate > 0 ? Math.ceil(Math.max(0, task.totalBytes() - bytes) / rate) : null;
      emit("progress", t.id, progress(t.id, null, files, filesTotal, bytes, task.totalBytes(), received, rate,
          eta));
    }
  }

  // ==================================================================================== the ring buffer

  /** Adds an event; answers its id. */
  long emit(String type, @Nullable String taskId, String data) {
    synchronized (lock) {
      long id = nextId++;
      if (size == capacity) {
        evict(ring[head]);
        ring[head] = null;
        head = (head + 1) % capacity;
        size--;
      }
      ring[(head + size) % capacity] = new Event(id, type, taskId, data);
      size++;
      lock.notifyAll();
      return id;
    }
  }

  private void evict(Event e) {
    if (e.taskId() != null) {
      evictedTaskEvents.put(e.taskId(), e.id());
      if (evictedTaskEvents.size() > MAX_TRAIL_TASKS) {
        evictedTaskEvents.values().removeIf(id -> id < e.id() - (long) capacity * 100);
      }
    }
  }

  /** The id of the newest event (the one before the next). */
  long lastId() {
    synchronized (lock) {
      return nextId - 1;
    }
  }

  /** Events after {@code after}, waiting up to {@code millis} for one; empty when none came or closed. */
  List<Event> after(long after, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    synchronized (lock) {
      while (!closed) {
        if (nextId - 1 > after) {
          long oldest = size == 0 ? nextId : ring[head].id();
          long from = Math.max(after + 1, oldest);
          List<Event> out = new ArrayList<>((int) Math.min(1024, nextId - from));
          for (long id = from; id < nextId && out.size() < 1024; id++) {
            out.add(ring[(int) ((head + (id - oldest)) % capacity)]);
          }
          return out;
        }
        long wait = deadline - System.currentTimeMillis();
        if (wait <= 0) {
          return List.of();
        }
        lock.wait(wait);
      }
      return List.of();
    }
  }

  /**
   * What a client that saw everything up to {@code lastSeen} missed beyond the buffer: the log records from the
   * store with their original ids, then the current state of each task whose events it missed; empty when the
   * buffer still holds everything after {@code lastSeen}.
   */
  List<Event> missed(long lastSeen, @Nullable String taskFilter) {
    long oldest;
    Map<String, long[][]> logs = new LinkedHashMap<>();
    Set<String> tasks = new LinkedHashSet<>();
    synchronized (lock) {
      oldest = size == 0 ? nextId : ring[head].id();
      if (lastSeen + 1 >= oldest || lastSeen >= nextId) {
        return List.of();
      }
      for (Map.Entry<String, LogTrail> e : trails.entrySet()) {
        if (taskFilter == null || taskFilter.equals(e.getKey())) {
          long[][] between = e.getValue().between(lastSeen, oldest);
          if (between[0].length > 0) {
            logs.put(e.getKey(), between);
          }
        }
      }
      evictedTaskEvents.forEach((task, id) -> {
        if (id > lastSeen && (taskFilter == null || taskFilter.equals(task))) {
          tasks.add(task);
        }
      });
    }
    List<Event> out = new ArrayList<>();
    logs.forEach((task, between) -> {
      long[] ids = between[0];
      long[] seqs = between[1];
      Map<Long, Long> idOf = new HashMap<>();
      for (int i = 0; i < ids.length; i++) {
        idOf.put(seqs[i], ids[i]);
      }
      List<LogRecord> records = store.logs(new LogQuery(task, LogLevel.INFO, seqs[0] - 1, ids.length,
          seqs[seqs.length - 1] + 1));
      for (LogRecord r : records) {
        Long id = idOf.get(r.sequence());
        if (id != null) {
          out.add(new Event(id, "log", task, SyncJson.write(SyncJson.logRecord(r))));
        }
      }
    });
    out.sort(Comparator.comparingLong(Event::id));
    long stateId = oldest - 1;   // the state stands for every event up to the buffer's start
    for (String task : tasks) {
      store.task(task).ifPresent(t -> {
        List<TaskItem> items = store.items(task);
        if (items.size() <= 1000) {
          for (TaskItem i : items) {
            out.add(new Event(stateId, "item", task, SyncJson.write(SyncJson.item(i))));
          }
        }
        out.add(new Event(stateId, "task", task, SyncJson.write(SyncJson.task(t, items))));
      });
    }
    return out;
  }

  // ==================================================================================== the HTTP side

  /**
   * Streams events to one client until it goes away or the server stops; answers null (the answer is written).
   *
   * @throws ApiException 400 for a malformed {@code Last-Event-ID}
   */
  @Nullable Reply stream(Context ctx, @Nullable String taskFilter) throws IOException {
    String header = ctx.header("Last-Event-ID");
    long cursor;
    if (header != null && !header.isBlank()) {
      try {
        cursor = Long.parseLong(header.trim());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid_input", "malformed Last-Event-ID '" + ApiJson.printable(header)
            + "': expected the id of an event");
      }
    } else {
      cursor = lastId();
    }
    ctx.status(200);
    ctx.res().setContentType("text/event-stream; charset=utf-8");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    OutputStream out = ctx.res().getOutputStream();
    try {
      out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (!closed) {
        List<Event> missed = missed(cursor, taskFilter);
        if (!missed.isEmpty()) {
          write(out, missed, taskFilter);
          cursor = missed.get(missed.size() - 1).id();
        }
        List<Event> events = after(cursor, KEEPALIVE_MILLIS);
        if (events.isEmpty()) {
          out.write(":\n\n".getBytes(StandardCharsets.UTF_8));
        } else {
          write(out, events, taskFilter);
          cursor = events.get(events.size() - 1).id();
        }
        out.flush();
      }
    } catch (IOException e) {
      LOG.debug("an event stream client went away: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  private static void write(OutputStream out, List<Event> events, @Nullable String taskFilter) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Event e : events) {
      if (taskFilter != null && !taskFilter.equals(e.taskId())) {
        continue;
      }
      b.append("id: ").append(e.id()).append("\nevent: ").append(e.type()).append("\ndata: ").append(e.data())
          .append("\n\n");
    }
    if (!b.isEmpty()) {
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Stops the pump and ends every stream. */
  @Override
  public void close() {
    sync.removeListener(this);
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    pump.interrupt();
    try {
      pump.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ==================================================================================== state

  /** What the pump knows of one task. */
  private static final class Tracked {
    final String id;
    boolean local;
    boolean finished;
    @Nullable TaskStatus status;
    long storeBytes;
    long storeBytesAt;
    long logCursor;
    @Nullable TransferProgress progress;
    boolean progressChanged;
    long progressAt;
    final Set<Long> localItems = new HashSet<>();
    final Map<Long, Snapshot> items = new HashMap<>();
    final Map<Long, ItemProgress> running = new LinkedHashMap<>();
    final Map<String, Long> itemOfPath = new HashMap<>();

    Tracked(String id) {
      this.id = id;
    }

    void started(TaskItem item) {
      running.put(item.id(), new ItemProgress(item.id(), item.fileCount(), item.totalBytes()));
    }

    void itemEnded(long itemId) {
      running.remove(itemId);
      itemOfPath.values().removeIf(v -> v == itemId);
    }

    void fileStarted(FileEvent e) {
      itemOfPath.put(e.path(), e.itemId());
      ItemProgress ip = running.get(e.itemId());
      if (ip != null) {
        ip.inFlight.put(e.path(), e.offset());
      }
    }

    void fileEnded(FileEvent e) {
      itemOfPath.remove(e.path());
      ItemProgress ip = running.get(e.itemId());
      if (ip != null) {
        ip.inFlight.remove(e.path());
        ip.files++;
        ip.doneBytes += e.size();
      }
    }

    void progress(TransferProgress p) {
      progress = p;
      progressChanged = true;
      Long itemId = itemOfPath.get(p.path());
      ItemProgress ip = itemId == null ? null : running.get(itemId);
      if (ip != null && ip.inFlight.containsKey(p.path())) {
        ip.inFlight.put(p.path(), p.fileBytes());
      }
    }
  }

  /** Progress of an item running here. */
  private static final class ItemProgress {
    final long itemId;
    final int fileCount;
    final long totalBytes;
    final Map<String, Long> inFlight = new HashMap<>();
    int files;
    long doneBytes;
    long emittedBytes;
    int emittedFiles;
    long emittedAt;

    ItemProgress(long itemId, int fileCount, long totalBytes) {
      this.itemId = itemId;
      this.fileCount = fileCount;
      this.totalBytes = totalBytes;
    }

    long bytes() {
      long b = doneBytes;
      for (long v : inFlight.values()) {
        b += v;
      }
      return b;
    }
  }

  /** What an item event reports, to tell whether it changed. */
  private record Snapshot(ItemStatus status, Object stats, long transferred, int files, long bytes) {
    static Snapshot of(TaskItem i) {
      return new Snapshot(i.status(), i.stats(), i.transferredBytes(), i.fileCount(), i.totalBytes());
    }
  }

  /** The ids and store sequence numbers of one task's log events, oldest first (bounded). */
  private static final class LogTrail {
    private final ArrayDeque<long[]> entries = new ArrayDeque<>();

    void add(long id, long sequence) {
      entries.addLast(new long[] {id, sequence});
      if (entries.size() > MAX_TRAIL) {
        entries.removeFirst();
      }
    }

    /** The ids and sequences of entries with {@code after < id < before}. */
    long[][] between(long after, long before) {
      long[] ids = new long[entries.size()];
      long[] seqs = new long[entries.size()];
      int n = 0;
      for (long[] e : entries) {
        if (e[0] > after && e[0] < before) {
          ids[n] = e[0];
          seqs[n] = e[1];
          n++;
        }
      }
      return new long[][] {Arrays.copyOf(ids, n), Arrays.copyOf(seqs, n)};
    }
  }
}
