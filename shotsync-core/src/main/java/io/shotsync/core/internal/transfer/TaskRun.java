package io.shotsync.core.internal.transfer;

import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStats;
import io.shotsync.api.FileStatus;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.spi.ConflictStrategy;
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
import java.util.concurrent.ConcurrentHashMap;
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
  private final TransferEngine engine;
  private final String taskId;
  private final boolean eager;
  final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean requeue = new AtomicBoolean();
  private final Set<Long> seen = new HashSet<>();
  private final AtomicInteger inFlightItems = new AtomicInteger();
  private final AtomicInteger queuedFiles = new AtomicInteger();
  private final AtomicInteger processed = new AtomicInteger();
  private final Object signal = new Object();
  private volatile boolean started;
  /** Whether the task was planned within relistAfter: its items' local versions are then taken as planned. */
  private boolean planFresh;
  private @Nullable RunContext ctx;
  private @Nullable TaskLog log;
  private SyncOptions options = SyncOptions.defaults();
  private @Nullable Destination destination;

  /** A run; an eager one starts (and reports) the task even before it claims an item. */
  TaskRun(TransferEngine engine, String taskId, boolean eager) {
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
    wake();
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
    if (eager) {
      markStarted();
    }
    ConflictStrategy conflict;
    Structure structure;
    Connections connections;
    TransferEngine.RunSetup setup;
    try {
      conflict = engine.strategies().conflict(spec.conflictStrategy());
      engine.strategies().version(spec.versionStrategy());
      setup = engine.setup(spec);
      structure = engine.structure(spec.endpointId());
      connections = engine.connections(spec.endpointId());
      connections.ensure(setup.options().connections());
      checkWritable(setup.destination().root());
    } catch (ShotSyncException e) {
      return failEarly(e);
    }
    this.options = setup.options();
    this.destination = setup.destination();
    tlog.info("runs into " + setup.summary());
    for (String dead : engine.takeOverDeadWorkers(taskId)) {
      tlog.warn("took over the items of worker " + dead + ": its process on this host is gone");
    }
    for (String w : structure.warnings()) {
      tlog.warn("scan warning: " + w);
    }
    for (Structure.ListingError e : structure.errors()) {
      tlog.error("scan error: " + e.message());
    }
    planFresh = withinRelistAfter(task.createdAt(), engine.clock().instant());
    List<TaskItem> all = engine.store().items(taskId);
    long totalBytes = all.stream().mapToLong(TaskItem::totalBytes).sum();
    int totalFiles = all.stream().mapToInt(TaskItem::fileCount).sum();
    Map<String, FileRecord> partials = new ConcurrentHashMap<>();
    Map<String, FileRecord> finished = new ConcurrentHashMap<>();
    for (FileRecord f : engine.store().files(taskId)) {
      if (f.status() == FileStatus.PARTIAL) {
        partials.put(f.path(), f);
      } else if (f.status() == FileStatus.DONE || f.status() == FileStatus.SKIPPED) {
        finished.put(f.path(), f);
      }
    }
    int threads = options.connections();
    ExecutorService files = new java.util.concurrent.ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS,
        new java.util.concurrent.PriorityBlockingQueue<>(), TransferEngine.daemon("shotsync-file-" + taskId));
    ExecutorService ranges = Executors.newCachedThreadPool(TransferEngine.daemon("shotsync-range-" + taskId));
    LocalTree tree;
    try {
      tree = LocalTree.open(destination.root(), destination.resolver());
    } catch (ShotSyncException e) {
      files.shutdown();
      ranges.shutdown();
      return failEarly(e);
    }
    RunContext c = new RunContext(taskId, spec, options, connections,
        engine.endpoint(spec.endpointId()).root(), conflict, tree, tlog, engine.listener(),
        engine.writer(), new ProgressMeter(taskId, engine.listener(), totalBytes, totalFiles), engine.rate(options),
        engine.clock(), ranges, partials, finished, cancelled);
    this.ctx = c;
    try {
      claimLoop(c, structure, files, threads);
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
    return finish();
  }

  /** Fails before any transfer when nothing can be written under the local root. */
  private static void checkWritable(java.nio.file.Path root) {
    try {
      java.nio.file.Files.createDirectories(root);
      java.nio.file.Path probe = java.nio.file.Files.createTempFile(root, ".shotsync-probe-", ".part");
      java.nio.file.Files.delete(probe);
    } catch (java.io.IOException | RuntimeException e) {
      String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
          : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      throw new io.shotsync.api.LocalStorageException("local root " + root + " is not writable (" + why
          + "); nothing was fetched", e instanceof java.io.IOException io ? io : null);
    }
  }

  private void claimLoop(RunContext c, Structure structure, ExecutorService files, int threads) {
    while (!cancelled.get()) {
      // read before the flush: when no item was in flight then, every item this run finished has its final
      // state (and its release) written by the flush, so the claim below sees the store as it is
      int held = inFlightItems.get();
      engine.writer().flush();
      int want = Math.max(2, threads);
      List<TaskItem> claimed = engine.store().claimItems(taskId, engine.workerId(), engine.lease(), held + want);
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
            pause();
          }
          continue;
        }
        // nothing was in flight at the flush and nothing new was claimable: every item not final is held by
        // another worker. An in-process run waits for those (they end, or their lease runs out and this run
        // claims them); a worker among several leaves them to their holders.
        if (!eager || engine.store().items(taskId).stream().allMatch(i -> i.status().isFinal())) {
          break;
        }
        sleepQuietly(250);
        continue;
      }
      if (!started) {
        markStarted();
      }
      for (TaskItem item : fresh) {
        if (cancelled.get()) {
          engine.writer().release(engine.workerId(), item.id());
          continue;
        }
        startItem(c, structure, files, item);
      }
      while (!cancelled.get() && queuedFiles.get() >= 2 * threads && inFlightItems.get() >= 2 * threads) {
        pause();
      }
    }
    while (inFlightItems.get() > 0) {
      pause();
    }
  }

  private void startItem(RunContext c, Structure structure, ExecutorService files, TaskItem claimed) {
    inFlightItems.incrementAndGet();
    TaskSpec spec = c.spec;
    // a task planned moments ago read the local versions then; one planned earlier reads them again
    TaskItem item = claimed.withVersions(Planner.available(structure, claimed.key()),
        planFresh ? claimed.localVersion() : dest().localVersion(claimed.key()))
        .withProgress(0, 0, FileStats.ZERO).withStatus(ItemStatus.RUNNING, null);
    Planner.Resolution r = engine.planner().resolve(item, spec, structure, dest());
    String deptRel = structure.department(item.key()).map(Structure.DepartmentNode::path)
        .orElseGet(() -> dest().layout().department(claimed.key().department())
            .map(d -> dest().layout().departmentPath(claimed.key().shot(), d)).orElse(""));
    String shotRel = dest().layout().shotPath(item.key().shot());
    List<Planner.FileSpec> plannedFiles = r instanceof Planner.Fetch f ? f.files() : List.of();
    List<Structure.ListingError> unreadable = unreadable(structure.errors(), shotRel, deptRel, plannedFiles);
    if (!unreadable.isEmpty() && (r instanceof Planner.Skip || plannedFiles.isEmpty())) {
      // an entry that cannot be read may be the version or the file this item lacks: never a quiet skip
      engine.listener().itemStarted(item);
      String reason = unreadableReason(unreadable);
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
    files.execute(new Spread(0, () -> {
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
      fetchFiles(c, files, planned, fetch, current, all.isEmpty() ? null : unreadableReason(all));
    }));
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

  /**
   * The listing errors that may hide a file of this item: in a directory on the way from the shot's directory to the
   * department's (an unreadable line there may be the department or version directory), in the department directory
   * itself, or in a directory holding a planned file (or, with nothing planned, anywhere below the department).
   */
  static List<Structure.ListingError> unreadable(List<Structure.ListingError> errors, String shotRel, String deptRel,
      List<Planner.FileSpec> planned) {
    List<Structure.ListingError> out = new ArrayList<>();
    for (Structure.ListingError e : errors) {
      String d = e.directory();
      boolean onTheWay = (d.equals(shotRel) || d.startsWith(shotRel + "/")) && (deptRel.equals(d)
          || deptRel.startsWith(d + "/"));
      boolean below = d.startsWith(deptRel + "/") && (planned.isEmpty()
          || planned.stream().anyMatch(f -> f.entry().path().startsWith(d + "/")));
      if (onTheWay || below) {
        out.add(e);
      }
    }
    return out;
  }

  private static String unreadableReason(List<Structure.ListingError> errors) {
    return errors.size() + " listed entr" + (errors.size() == 1 ? "y" : "ies") + " cannot be read, so a file may be"
        + " missing; first: " + errors.get(0).message();
  }

  private void fetchFiles(RunContext c, ExecutorService files, TaskItem planned, Planner.Fetch fetch,
      List<Planner.FileSpec> current, @Nullable String unreadable) {
    long bytes = current.stream().mapToLong(f -> f.entry().size()).sum();
    TaskItem item = planned.withPlan(fetch.versions(), current.size(), bytes);
    engine.writer().item(item);
    engine.listener().itemStarted(item);
    c.log.log(LogLevel.INFO, item.id(), null, item.key() + ": fetching " + versions(fetch) + " (" + current.size()
        + " files, " + bytes + " bytes): " + fetch.reason());
    ItemProgress progress = new ItemProgress(item, current.size(), unreadable);
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
        wake();
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

  private static final java.util.concurrent.atomic.AtomicLong SUBMITTED = new java.util.concurrent.atomic.AtomicLong();

  /**
   * A queued piece of work ranked by its place in its local directory: the queue hands out the first file of every
   * queued directory before any second one, so connections write into different directories at once instead of
   * queueing on one directory's lock; equal ranks go first in, first out.
   */
  private static final class Spread implements Runnable, Comparable<Spread> {
    private final int rank;
    private final long order = SUBMITTED.incrementAndGet();
    private final Runnable work;

    Spread(int rank, Runnable work) {
      this.rank = rank;
      this.work = work;
    }

    @Override
    public void run() {
      work.run();
    }

    @Override
    public int compareTo(Spread o) {
      return rank != o.rank ? Integer.compare(rank, o.rank) : Long.compare(order, o.order);
    }
  }

  /** Counts the files of one item as they end; the last one finishes the item. */
  private final class ItemProgress {
    private TaskItem item;
    private int remaining;
    private FileStats stats = FileStats.ZERO;
    private long inPlace;
    private long received;
    private int failures;
    private int cancelledFiles;
    private @Nullable String firstError;

    /** {@code unreadable}, when not null, says why the item fails however its files end. */
    private final @Nullable String unreadable;

    ItemProgress(TaskItem item, int files, @Nullable String unreadable) {
      this.item = item;
      this.remaining = files;
      this.unreadable = unreadable;
    }

    void done(String path, FileTransfer.Outcome o) {
      TaskItem finished = null;
      ItemStatus status = null;
      String message = null;
      synchronized (this) {
        received += o.received();
        if (o.cancelled()) {
          cancelledFiles++;
        } else if (o.action() != null) {
          stats = stats.plus(o.action());
          inPlace += o.inPlace();
          if (o.action() == FileAction.FAILED) {
            failures++;
            if (firstError == null) {
              firstError = path + ": " + (o.error() == null ? "failed" : o.error().getMessage());
            }
          }
        }
        item = item.withProgress(inPlace, received, stats);
        remaining--;
        if (remaining == 0) {
          finished = item;
          if (failures > 0) {
            status = ItemStatus.FAILED;
            message = failures + " of " + item.fileCount() + " files failed; first: " + firstError
                + (unreadable == null ? "" : "; and " + unreadable);
          } else if (unreadable != null && cancelledFiles == 0) {
            status = ItemStatus.FAILED;
            message = unreadable;
          } else if (cancelledFiles > 0) {
            status = ItemStatus.CANCELLED;
            message = "cancelled";
          } else {
            status = ItemStatus.COMPLETED;
          }
        } else {
          engine.writer().item(item);
        }
      }
      if (finished != null && status != null) { // both are set when the last file ends
        finishItem(finished, status, message);
      }
    }
  }

  private void finishItem(TaskItem item, ItemStatus status, @Nullable String message) {
    TaskItem done = item.withStatus(status, message);
    engine.writer().item(done);
    engine.writer().release(engine.workerId(), done.id());
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
    wake();
  }

  private void markStarted() {
    started = true;
    Task t = engine.store().task(taskId).orElseThrow(() -> new NotFoundException("no task " + taskId));
    if (t.status() != TaskStatus.RUNNING) {
      t = t.started(engine.clock().instant());
      engine.store().updateTask(t);
    }
    engine.listener().taskStarted(t);
    if (log != null) {
      log.info("task " + (t.name().isEmpty() ? taskId : "'" + t.name() + "'") + " started by worker "
          + engine.workerId() + " (attempt " + t.attempts() + "): version strategy " + t.spec().versionStrategy()
          + (t.spec().specificVersion() == null ? "" : " " + t.spec().specificVersion()) + ", conflict strategy "
          + t.spec().conflictStrategy());
    }
  }

  private Task failEarly(ShotSyncException e) {
    if (!started) {
      markStarted();
    }
    if (log != null) {
      log.error("task cannot run: " + e.getMessage());
    }
    engine.writer().flush();
    Task t = engine.store().task(taskId).orElseThrow(() -> new NotFoundException("no task " + taskId));
    t = t.finished(TaskStatus.FAILED, engine.clock().instant(), e.getMessage());
    engine.store().updateTask(t);
    engine.listener().taskFinished(t);
    return t;
  }

  /** Sets the final status when every item is final (whoever finishes the last item does). */
  private Task finish() {
    engine.writer().flush();
    List<TaskItem> items = engine.store().items(taskId);
    if (requeue.get()) {
      return requeue(items);
    }
    if (cancelled.get()) {
      List<TaskItem> changed = new ArrayList<>();
      for (TaskItem i : items) {
        if (!i.status().isFinal()) {
          changed.add(i.withStatus(ItemStatus.CANCELLED, "cancelled before it started"));
        }
      }
      if (!changed.isEmpty()) {
        engine.store().updateItems(changed);
        engine.store().releaseItems(engine.workerId(), changed.stream().map(TaskItem::id).toList());
        items = engine.store().items(taskId);
      }
    }
    Task t = engine.store().task(taskId).orElseThrow(() -> new NotFoundException("no task " + taskId));
    boolean allFinal = items.stream().allMatch(i -> i.status().isFinal());
    if (!allFinal || (!started && t.status().isFinal())) {
      // another worker still holds items: it sets the final status and sends taskFinished to its listeners;
      // this worker's listeners saw taskStarted and the events of the items it ran, never a RUNNING "finish"
      return t;
    }
    int completed = 0;
    int skipped = 0;
    int failed = 0;
    int cancelledItems = 0;
    TaskItem firstFailed = null;
    for (TaskItem i : items) {
      switch (i.status()) {
        case COMPLETED -> completed++;
        case SKIPPED -> skipped++;
        case FAILED -> {
          failed++;
          if (firstFailed == null) {
            firstFailed = i;
          }
        }
        case CANCELLED -> cancelledItems++;
        default -> { }
      }
    }
    TaskStatus status;
    String message = null;
    if (cancelled.get() || cancelledItems > 0) {
      status = TaskStatus.CANCELLED;
      message = "cancelled; " + cancelledItems + " of " + items.size() + " items unfinished";
    } else if (firstFailed == null) { // no item failed
      status = TaskStatus.COMPLETED;
    } else {
      status = completed > 0 ? TaskStatus.PARTIAL : TaskStatus.FAILED;
      message = failed + " of " + items.size() + " items failed; first: " + firstFailed.key() + ": "
          + firstFailed.message();
    }
    long total = items.stream().mapToLong(TaskItem::totalBytes).sum();
    long transferred = items.stream().mapToLong(TaskItem::transferredBytes).sum();
    // items this run did not run were set to 0 when it started: the sum is what this run received
    long received = items.stream().mapToLong(TaskItem::bytesReceived).sum();
    t = t.withBytes(total, transferred, received).finished(status, engine.clock().instant(), message);
    if ((status == TaskStatus.PARTIAL || status == TaskStatus.FAILED)
        && t.autoRetriesUsed() < t.spec().autoRetries()) {
      // the budget counts automatic retries only: a run started by hand (execute, retry) set it back to 0
      TaskSpec again = t.spec().toBuilder().notBefore(engine.clock().instant().plus(t.spec().retryDelay())).build();
      List<TaskItem> reset = items.stream().filter(i -> i.status() == ItemStatus.FAILED)
          .map(i -> i.withStatus(ItemStatus.PENDING, null)).toList();
      List<TaskItem> kept = items.stream().filter(i -> i.status() != ItemStatus.FAILED && i.bytesReceived() != 0)
          .map(i -> i.withProgress(i.transferredBytes(), 0, i.stats())).toList();
      engine.store().updateItems(java.util.stream.Stream.concat(reset.stream(), kept.stream()).toList());
      int next = t.autoRetriesUsed() + 1;
      t = t.withSpec(again).withAutoRetriesUsed(next).withStatus(TaskStatus.QUEUED, message + "; retry " + next
          + " of " + t.spec().autoRetries() + " queued for " + again.notBefore());
    }
    engine.store().updateTask(t);
    if (log != null && (started || eager)) {
      log.log(status == TaskStatus.COMPLETED ? LogLevel.INFO : status == TaskStatus.CANCELLED ? LogLevel.WARN
          : LogLevel.ERROR, null, null, "task " + t.status().name().toLowerCase(java.util.Locale.ROOT) + ": "
          + completed + " items completed, " + skipped + " skipped, " + failed + " failed, " + cancelledItems
          + " cancelled" + (message == null ? "" : " (" + message + ")"));
    }
    engine.writer().flush();
    if (started) {
      engine.listener().taskFinished(t);
    }
    return t;
  }

  /** After a stop for shutdown: the unfinished items go back to PENDING and the task to QUEUED (not due-delayed). */
  private Task requeue(List<TaskItem> items) {
    List<TaskItem> back = items.stream().filter(i -> !i.status().isFinal() || i.status() == ItemStatus.CANCELLED)
        .map(i -> i.withStatus(ItemStatus.PENDING, null)).toList();
    engine.store().updateItems(back);
    engine.store().releaseItems(engine.workerId(), back.stream().map(TaskItem::id).toList());
    Task t = engine.store().task(taskId).orElseThrow(() -> new NotFoundException("no task " + taskId));
    if (t.status().isFinal()) {
      return t;   // cancelled or deleted meanwhile
    }
    String message = "stopped by the shutdown of worker " + engine.workerId() + "; queued to resume (" + back.size()
        + " of " + items.size() + " items unfinished, partial files kept)";
    t = t.withStatus(TaskStatus.QUEUED, message);
    engine.store().updateTask(t);
    if (log != null) {
      log.warn(message);
    }
    engine.writer().flush();
    if (started) {
      engine.listener().taskFinished(t);
    }
    return t;
  }

  private void pause() {
    synchronized (signal) {
      try {
        signal.wait(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancelled.set(true);
      }
    }
  }

  private void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelled.set(true);
    }
  }

  private void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }
}
