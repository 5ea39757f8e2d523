package io.shotsync.core.internal.transfer;

import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStats;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.event.LogLevel;
import io.shotsync.core.Structure;
import io.shotsync.core.internal.event.ProgressMeter;
import io.shotsync.core.internal.event.TaskLog;
import io.shotsync.core.internal.plan.Destination;
import io.shotsync.core.internal.plan.Planner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One worker's run of one task: claims items from the store in small batches (so workers in other processes
 * sharing the store take the rest), resolves each to files, fetches the files in parallel, and, when every item
 * of the task is final, sets the task's final status.
 */
final class TaskRun {
  /** What the run uses of its engine: store, writer, listeners, strategies, the endpoints' collaborators, claims. */
  private final EngineContext engine;
  private final String taskId;
  private final boolean eager;
  final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean requeue = new AtomicBoolean();
  private final Set<Long> seen = new HashSet<>();
  private final AtomicInteger inFlightItems = new AtomicInteger();
  private final AtomicInteger queuedFiles = new AtomicInteger();
  private final AtomicInteger processed = new AtomicInteger();
  private final RunSignal signal = new RunSignal(cancelled);
  private volatile boolean started;
  /** Whether the task was planned within relistAfter: its items' local versions are then taken as planned. */
  private boolean planFresh;
  private @Nullable TaskLog log;
  private @Nullable TaskLifecycle lifecycle;
  private SyncOptions options = SyncOptions.defaults();
  private @Nullable Destination destination;

  /** A run; an eager one starts (and reports) the task even before it claims an item. */
  TaskRun(EngineContext engine, String taskId, boolean eager) {
    this.engine = engine;
    this.taskId = taskId;
    this.eager = eager;
  }

  String taskId() {
    return taskId;
  }

  boolean started() {
    return started;
  }

  int processed() {
    return processed.get();
  }

  void cancel() {
    cancelled.set(true);
    signal.wake();
  }

  /** Stops the run; with {@code requeue} the task goes back to QUEUED instead of ending CANCELLED. */
  void stop(boolean requeue) {
    if (requeue) {
      this.requeue.set(true);
    }
    cancel();
  }

  /** Runs until no item is left to claim; answers the task's snapshot at the end. */
  Task run() {
    Task task = engine.store().task(taskId).orElseThrow(() -> new NotFoundException("no task " + taskId));
    TaskSpec spec = task.spec();
    TaskLog tlog = new TaskLog(taskId, engine.listener(), engine.writer()::log, engine.clock());
    this.log = tlog;
    this.lifecycle = new TaskLifecycle(engine, taskId, tlog);
    if (eager) {
      markStarted();
    }
    RunInputs in;
    try {
      in = RunInputs.of(engine, spec);
    } catch (ShotSyncException e) {
      return failEarly(e);
    }
    this.options = in.setup().options();
    this.destination = in.setup().destination();
    tlog.info("runs into " + in.setup().summary());
    for (String dead : engine.claims().takeOverDeadWorkers(taskId)) {
      tlog.warn("took over the items of worker " + dead + ": its process on this host is gone");
    }
    for (String w : in.structure().warnings()) {
      tlog.warn("scan warning: " + w);
    }
    for (Structure.ListingError e : in.structure().errors()) {
      tlog.error("scan error: " + e.message());
    }
    planFresh = withinRelistAfter(task.createdAt(), engine.clock().instant());
    List<TaskItem> all = engine.store().items(taskId);
    long totalBytes = all.stream().mapToLong(TaskItem::totalBytes).sum();
    int totalFiles = all.stream().mapToInt(TaskItem::fileCount).sum();
    EarlierRecords earlier = EarlierRecords.of(engine.store(), taskId);
    return transfer(spec, in, tlog, totalBytes, totalFiles, earlier.partials(), earlier.finished());
  }

  /** Opens the local root and the thread pools, claims and runs items until none is left, and finishes. */
  private Task transfer(TaskSpec spec, RunInputs in, TaskLog tlog, long totalBytes, int totalFiles,
      Map<String, FileRecord> partials, Map<String, FileRecord> finished) {
    int threads = options.connections();
    ExecutorService files = new java.util.concurrent.ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS,
        new java.util.concurrent.PriorityBlockingQueue<>(), DaemonThreads.named("shotsync-file-" + taskId));
    ExecutorService ranges = Executors.newCachedThreadPool(DaemonThreads.named("shotsync-range-" + taskId));
    LocalTree tree;
    try {
      tree = LocalTree.open(dest().root(), dest().resolver());
    } catch (ShotSyncException e) {
      files.shutdown();
      ranges.shutdown();
      return failEarly(e);
    }
    RunContext c = new RunContext(taskId, spec, options, in.connections(), in.setup().remoteRoot(), in.conflict(),
        tree, tlog, engine.listener(), engine.writer(),
        new ProgressMeter(taskId, engine.listener(), totalBytes, totalFiles), engine.rate(options), engine.clock(),
        ranges, partials, finished, cancelled);
    try {
      claimLoop(c, in.structure(), files, threads);
    } catch (RuntimeException e) {
      tlog.error("task run stopped: " + e.getMessage());
      cancelled.set(true);
      throw e;
    } finally {
      files.shutdown();
      ranges.shutdown();
      try {
        files.awaitTermination(30, TimeUnit.SECONDS);
        ranges.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      tree.close();
    }
    return lifecycle().finish(started, eager, cancelled, requeue.get());
  }

  private void claimLoop(RunContext c, Structure structure, ExecutorService files, int threads) {
    while (!cancelled.get()) {
      // read before the flush: when no item was in flight then, every item this run finished has its final
      // state (and its release) written by the flush, so the claim below sees the store as it is
      int held = inFlightItems.get();
      engine.writer().flush();
      int want = Math.max(2, threads);
      List<TaskItem> claimed = engine.claims().claim(taskId, held + want);
      List<TaskItem> fresh = new ArrayList<>();
      for (TaskItem i : claimed) {
        if (seen.add(i.id())) {
          fresh.add(i);
        }
      }
      if (fresh.isEmpty()) {
        if (held > 0) {
          // items were in flight at the flush: their final state may not be in the store yet, so a claim that
          // answered only them says nothing about the rest; wait for one to end, flush and claim again
          if (inFlightItems.get() > 0) {
            signal.pause();
          }
          continue;
        }
        // nothing was in flight at the flush and nothing new was claimable: every item not final is held by
        // another worker. An in-process run waits for those (they end, or their lease runs out and this run
        // claims them); a worker among several leaves them to their holders.
        if (!eager || engine.store().items(taskId).stream().allMatch(i -> i.status().isFinal())) {
          break;
        }
        signal.sleep(250);
        continue;
      }
      if (!started) {
        markStarted();
      }
      for (TaskItem item : fresh) {
        if (cancelled.get()) {
          engine.writer().release(engine.claims().workerId(), item.id());
          continue;
        }
        startItem(c, structure, files, item);
      }
      while (!cancelled.get() && queuedFiles.get() >= 2 * threads && inFlightItems.get() >= 2 * threads) {
        signal.pause();
      }
    }
    while (inFlightItems.get() > 0) {
      signal.pause();
    }
  }

  private void startItem(RunContext c, Structure structure, ExecutorService files, TaskItem claimed) {
    inFlightItems.incrementAndGet();
    // a task planned moments ago read the local versions then; one planned earlier reads them again
    ItemStart start = ItemStart.of(claimed, planFresh ? claimed.localVersion() : dest().localVersion(claimed.key()),
        c.spec, structure, dest(), engine.planner());
    TaskItem item = start.item();
    Planner.Resolution r = start.resolution();
    List<Structure.ListingError> unreadable = start.unreadable();
    if (!unreadable.isEmpty() && (r instanceof Planner.Skip || start.plannedFiles().isEmpty())) {
      // an entry that cannot be read may be the version or the file this item lacks: never a quiet skip
      engine.listener().itemStarted(item);
      String reason = ItemStart.unreadableReason(unreadable);
      c.log.log(LogLevel.ERROR, item.id(), null, "failed " + item.key() + ": " + reason);
      finishItem(item.withPlan(r instanceof Planner.Fetch f ? f.versions() : List.of(), 0, 0), ItemStatus.FAILED,
          reason);
      return;
    }
    if (r instanceof Planner.Skip s) {
      engine.listener().itemStarted(item);
      c.log.log(LogLevel.INFO, item.id(), null, "skipped " + item.key() + ": " + s.reason());
      finishItem(item.withPlan(List.of(), 0, 0), ItemStatus.SKIPPED, s.reason());
      return;
    }
    if (r instanceof Planner.Failure f) {
      engine.listener().itemStarted(item);
      c.log.log(LogLevel.ERROR, item.id(), null, "failed " + item.key() + ": " + f.reason());
      finishItem(item.withPlan(List.of(), 0, 0), ItemStatus.FAILED, f.reason());
      return;
    }
    Planner.Fetch fetch = (Planner.Fetch) r;
    if (fetch.files().isEmpty()) {
      item = item.withPlan(fetch.versions(), 0, 0);
      engine.writer().item(item);
      engine.listener().itemStarted(item);
      c.log.log(LogLevel.INFO, item.id(), null, item.key() + ": fetching " + versions(fetch) + " (0 files, 0 bytes): "
          + fetch.reason());
      finishItem(item, ItemStatus.COMPLETED, null);
      return;
    }
    // unless the scan is younger than relistAfter, the item's directories are listed again on a transfer thread
    // (items in parallel over the pool), so the files fetched are the server's current ones, not the cached scan's
    boolean relist = !withinRelistAfter(structure.scannedAt(), engine.clock().instant());
    queuedFiles.incrementAndGet();
    TaskItem planned = item;
    files.execute(new Spread(0, () -> relistAndFetch(c, files, planned, fetch, start.deptRel(), unreadable, relist)));
  }

  /** Lists the item's directories again (unless {@code relist} is false), then queues its files. */
  private void relistAndFetch(RunContext c, ExecutorService files, TaskItem planned, Planner.Fetch fetch,
      String deptRel, List<Structure.ListingError> unreadable, boolean relist) {
    queuedFiles.decrementAndGet();
    List<Planner.FileSpec> current;
    List<Structure.ListingError> relisted = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      current = c.cancelled() || !relist ? fetch.files() : Relister.refresh(c, planned.id(),
          dest().layout().department(planned.key().department()).orElse(null), deptRel, fetch.files(), relisted);
    } catch (RuntimeException e) {
      c.log.log(LogLevel.WARN, planned.id(), null, "could not list " + planned.key() + " again before fetching ("
          + e.getMessage() + "); using the scanned entries");
      current = fetch.files();
    }
    List<Structure.ListingError> all = new ArrayList<>(unreadable);
    for (Structure.ListingError e : relisted) {
      if (!all.contains(e)) {
        all.add(e);
      }
    }
    fetchFiles(c, files, planned, fetch, current, all.isEmpty() ? null : ItemStart.unreadableReason(all));
  }

  /**
   * True when {@code since} lies less than {@link io.shotsync.api.SyncOptions#relistAfter} before {@code now}: a
   * scan or a plan that young is used as it is.
   */
  private boolean withinRelistAfter(java.time.Instant since, java.time.Instant now) {
    return java.time.Duration.between(since, now).compareTo(options.relistAfter()) < 0;
  }

  private Destination dest() {
    Destination d = destination;
    if (d == null) {
      throw new IllegalStateException("task run " + taskId + " has no destination yet");
    }
    return d;
  }

  private static String versions(Planner.Fetch fetch) {
    return fetch.versions().stream().map(Object::toString).collect(Collectors.joining(", "));
  }

  private void fetchFiles(RunContext c, ExecutorService files, TaskItem planned, Planner.Fetch fetch,
      List<Planner.FileSpec> current, @Nullable String unreadable) {
    long bytes = current.stream().mapToLong(f -> f.entry().size()).sum();
    TaskItem item = planned.withPlan(fetch.versions(), current.size(), bytes);
    engine.writer().item(item);
    engine.listener().itemStarted(item);
    c.log.log(LogLevel.INFO, item.id(), null, item.key() + ": fetching " + versions(fetch) + " (" + current.size()
        + " files, " + bytes + " bytes): " + fetch.reason());
    ItemProgress progress = new ItemProgress(item, current.size(), unreadable, engine.writer(), c.log,
        this::finishItem);
    if (unreadable != null) {
      c.log.log(LogLevel.ERROR, item.id(), null, item.key() + ": " + unreadable);
    }
    Map<String, Integer> perDirectory = new java.util.HashMap<>();
    for (Planner.FileSpec fs : current) {
      queuedFiles.incrementAndGet();
      TaskItem forFile = item;
      int rank = perDirectory.merge(Relister.directoryOf(fs.entry().path()), 1, Integer::sum);
      files.execute(new Spread(rank, () -> {
        queuedFiles.decrementAndGet();
        signal.wake();
        FileTransfer.Outcome o;
        try {
          o = new FileTransfer(c, forFile.id(), forFile.key(), fs.version(), fs.entry()).run();
        } catch (RuntimeException | Error e) {
          o = new FileTransfer.Outcome(FileAction.FAILED, 0, 0,
              new ShotSyncException("unexpected failure fetching " + fs.entry().path() + ": " + e, e), false, 0);
        }
        progress.done(fs.entry().path(), o);
      }));
    }
  }

  private void finishItem(TaskItem item, ItemStatus status, @Nullable String message) {
    TaskItem done = item.withStatus(status, message);
    engine.writer().item(done);
    engine.writer().release(engine.claims().workerId(), done.id());
    engine.listener().itemFinished(done);
    if (log != null && status != ItemStatus.SKIPPED) {
      FileStats s = done.stats();
      log.log(status == ItemStatus.FAILED ? LogLevel.ERROR : LogLevel.INFO, done.id(), null, done.key() + " "
          + status.name().toLowerCase(java.util.Locale.ROOT) + ": " + s.downloaded() + " downloaded, " + s.skipped()
          + " skipped, " + s.overwritten() + " overwritten, " + s.keptBoth() + " kept both, " + s.resumed()
          + " resumed, " + s.failed() + " failed" + (message == null ? "" : " (" + message + ")"));
    }
    processed.incrementAndGet();
    inFlightItems.decrementAndGet();
    signal.wake();
  }

  private void markStarted() {
    started = true;
    lifecycle().started();
  }

  private Task failEarly(ShotSyncException e) {
    if (!started) {
      markStarted();
    }
    return lifecycle().failedEarly(e);
  }

  private TaskLifecycle lifecycle() {
    TaskLifecycle l = lifecycle;
    if (l == null) {
      throw new IllegalStateException("task run " + taskId + " has not begun");
    }
    return l;
  }

}
