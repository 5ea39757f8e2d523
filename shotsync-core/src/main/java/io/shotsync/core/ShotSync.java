package io.shotsync.core;

import io.shotsync.api.BandwidthTimetable;
import io.shotsync.api.Endpoint;
import io.shotsync.api.FileRecord;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ItemKey;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.Selection;
import io.shotsync.api.ShotKey;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.spi.ConflictStrategy;
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.api.spi.VersionStrategy;
import io.shotsync.core.internal.compare.ShotComparator;
import io.shotsync.core.internal.event.ListenerFanout;
import io.shotsync.core.internal.ftp.FtpPool;
import io.shotsync.core.internal.ftp.FtpPools;
import io.shotsync.core.internal.plan.Destination;
import io.shotsync.core.internal.plan.Planner;
import io.shotsync.core.internal.scan.Scanner;
import io.shotsync.core.internal.scan.StructureJson;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.internal.transfer.Connections;
import io.shotsync.core.internal.transfer.RateLimiter;
import io.shotsync.core.internal.store.StoreWriter;
import io.shotsync.core.internal.transfer.TransferEngine;
import io.shotsync.core.internal.transfer.WorkerIds;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of shotsync: scans endpoints, compares them with local disk, and creates, runs, cancels and
 * inspects download tasks. Built once with {@link #builder()}; thread-safe, meant to be shared.
 *
 * <pre>{@code
 * try (ShotSync sync = ShotSync.builder().endpoint(Endpoint.fromUrl("studio", url)).localRoot(dir).build()) {
 *   Task done = sync.run(TaskSpec.builder("studio").shots("ep01/**").build()).await();
 * }
 * }</pre>
 */
public final class ShotSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShotSync.class);

  private final Map<String, EndpointConfig> configs;
  private final @Nullable Path localRoot;
  private final TaskStore store;
  private final boolean ownsStore;
  private final ListenerFanout listeners;
  private final SyncOptions options;
  private final Layout layout;
  private final Strategies strategies;
  private final Clock clock;
  private final String workerId;
  private final int maxConnections;
  private final @Nullable BandwidthTimetable maxBandwidth;
  private final Planner planner;
  private final StoreWriter writer;
  private final TransferEngine engine;
  private final Map<String, Connections> connections = new ConcurrentHashMap<>();
  private final Map<String, Structure> structures = new ConcurrentHashMap<>();
  private final Map<String, Destination> destinations = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private ShotSync(Builder b) {
    this.localRoot = b.localRoot == null ? null : b.localRoot.toAbsolutePath().normalize();
    this.clock = b.clock;
    this.ownsStore = b.store == null;
    this.store = b.store != null ? b.store : new InMemoryTaskStore(clock);
    this.listeners = new ListenerFanout(b.listeners);
    this.options = b.bandwidth == null ? b.options : b.options.withBandwidthTimetable(b.bandwidth);
    this.strategies = b.strategies != null ? b.strategies : Strategies.discover();
    b.versionStrategies.forEach(strategies::registerVersion);
    b.conflictStrategies.forEach(strategies::registerConflict);
    this.layout = b.layout != null ? b.layout : Layout.defaults();
    this.workerId = b.workerId != null ? b.workerId : WorkerIds.local();
    this.maxConnections = b.maxConnections;
    this.maxBandwidth = b.maxBandwidth;
    this.configs = new LinkedHashMap<>();
    for (Object e : b.endpoints.values()) {
      EndpointConfig c = e instanceof EndpointConfig ec ? ec : defaultConfig((Endpoint) e);
      configs.put(c.id(), c);
      store.saveEndpoint(c.endpoint());
    }
    this.planner = new Planner(strategies);
    this.writer = new StoreWriter(store, 200);
    RateLimiter cap = maxBandwidth == null || maxBandwidth.isUnlimited() ? null
        : new RateLimiter(maxBandwidth, clock);
    this.engine = new TransferEngine(new TransferEngine.Config(store, writer, listeners, strategies, planner,
        this::endpoint, this::connections, this::structureOrScan, this::setup, clock, workerId, b.lease, cap));
  }

  private EndpointConfig defaultConfig(Endpoint e) {
    return EndpointConfig.builder(e).localRoot(localRoot).layout(layout).options(options).build();
  }

  /** A builder; set at least one endpoint and, unless each endpoint has its own, a local root. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- endpoints

  /**
   * The endpoint with this id: one given to the builder (with its password), else one saved in the store
   * (without).
   *
   * @throws NotFoundException naming the known endpoints
   */
  public Endpoint endpoint(String id) {
    return endpointConfig(id).endpoint();
  }

  /**
   * The configuration of an endpoint: the builder's, or for an endpoint only the store knows (without its password)
   * this instance's default local root, layout and options.
   *
   * @throws NotFoundException naming the known endpoints
   */
  public EndpointConfig endpointConfig(String id) {
    EndpointConfig c = configs.get(id);
    if (c != null) {
      return c;
    }
    return store.endpoint(id).map(this::defaultConfig).orElseThrow(() -> new NotFoundException("unknown endpoint '"
        + id + "'; known: " + String.join(", ", endpoints().stream().map(Endpoint::id).toList())));
  }

  /** The configurations of every endpoint: the builder's and the store's, by id. */
  public List<EndpointConfig> endpointConfigs() {
    Map<String, EndpointConfig> all = new TreeMap<>();
    for (Endpoint e : store.endpoints()) {
      all.put(e.id(), defaultConfig(e));
    }
    all.putAll(configs);
    return List.copyOf(all.values());
  }

  /** Every endpoint: the builder's and the store's, by id. */
  public List<Endpoint> endpoints() {
    return endpointConfigs().stream().map(EndpointConfig::endpoint).toList();
  }

  // ---- structure

  /** The cached structure snapshot of an endpoint, from the store; no network. */
  public Optional<Structure> structure(String endpointId) {
    if (store instanceof InMemoryTaskStore memory) {
      // the snapshot this instance scanned is still the store's: no JSON written or read
      Structure cached = structures.get(endpointId);
      Optional<Instant> at = memory.structureScannedAt(endpointId);
      if (cached != null && at.isPresent() && cached.scannedAt().equals(at.get())) {
        return Optional.of(cached);
      }
    }
    Optional<TaskStore.StoredStructure> stored = store.structure(endpointId);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    Structure cached = structures.get(endpointId);
    if (cached != null && cached.scannedAt().equals(stored.get().scannedAt())) {
      return Optional.of(cached);
    }
    Structure s = StructureJson.read(stored.get().json());
    structures.put(endpointId, s);
    return Optional.of(s);
  }

  /** Scans an endpoint (in parallel over the connection pool), caches the result in the store and answers it. */
  public Structure scan(String endpointId) {
    EndpointConfig c = endpointConfig(endpointId);
    Structure s = new Scanner(connections(endpointId).pool(), c.endpoint(), c.layout(), c.options(), clock)
        .scan(listeners::scanProgress);
    if (store instanceof InMemoryTaskStore memory) {
      memory.saveStructure(endpointId, () -> StructureJson.write(s), s.scannedAt());
    } else {
      store.saveStructure(endpointId, StructureJson.write(s), s.scannedAt());
    }
    structures.put(endpointId, s);
    return s;
  }

  /** The structure as JSON. */
  public static String toJson(Structure s) {
    return StructureJson.write(s);
  }

  /** A structure read back from {@link #toJson}. */
  public static Structure structureFromJson(String json) {
    return StructureJson.read(json);
  }

  // ---- comparison

  /**
   * Compares the selected shots with the endpoint's local root, using the cached structure (scanning first if none is
   * cached).
   */
  public List<ComparisonRow> compare(String endpointId, Selection selection) {
    EndpointConfig c = endpointConfig(endpointId);
    return ShotComparator.compare(structureOrScan(endpointId), rootOf(c), c.layout(), selection);
  }

  /** "Set all to latest": each row's latest version, for the custom strategy. */
  public static Map<ItemKey, Version> allToLatest(List<ComparisonRow> rows) {
    Map<ItemKey, Version> out = new TreeMap<>();
    for (ComparisonRow r : rows) {
      if (r.latest() != null) {
        out.put(r.item(), r.latest());
      }
    }
    return out;
  }

  /** "Set all to vNNN": that version for each row that has it; rows without it are left out. */
  public static Map<ItemKey, Version> allTo(List<ComparisonRow> rows, Version v) {
    Map<ItemKey, Version> out = new TreeMap<>();
    for (ComparisonRow r : rows) {
      for (Version a : r.available()) {
        if (a.equals(v)) {
          out.put(r.item(), a);
        }
      }
    }
    return out;
  }

  // ---- tasks

  /**
   * Creates a task in PENDING: checks the strategy ids and the endpoint first (nothing is stored when they are
   * wrong), then resolves its items from the structure (scanning if none is cached).
   *
   * @throws io.shotsync.api.UnknownStrategyException when a strategy id is unknown, listing the known ones
   */
  public Task createTask(TaskSpec spec) {
    return create(spec, TaskStatus.PENDING);
  }

  /** Creates a task in QUEUED, for {@link #runQueued} workers (here or in other processes sharing the store). */
  public Task queueTask(TaskSpec spec) {
    return create(spec, TaskStatus.QUEUED);
  }

  private Task create(TaskSpec given, TaskStatus status) {
    checkOpen();
    planner.validate(given);
    TaskSpec spec = resolve(given);
    Destination dest = destination(spec);
    Structure s = structureOrScan(spec.endpointId());
    List<ItemKey> keys = planner.keys(spec, s);
    String id = UUID.randomUUID().toString();
    long first = store.nextItemIds(Math.max(1, keys.size()));
    List<TaskItem> items = planner.createItems(id, first, keys, spec, s, dest);
    long bytes = items.stream().mapToLong(TaskItem::totalBytes).sum();
    Task task = Task.create(id, spec, clock.instant()).withBytes(bytes, 0);
    if (status != TaskStatus.PENDING) {
      task = task.withStatus(status, null);
    }
    store.createTask(task, items);
    LOG.debug("created task {} with {} items", id, items.size());
    return task;
  }

  /** Tasks matching the query, newest first. */
  public List<Task> tasks(TaskQuery query) {
    return store.tasks(query);
  }

  /**
   * One task.
   *
   * @throws NotFoundException when the store does not hold it
   */
  public Task task(String taskId) {
    return store.task(taskId).orElseThrow(() -> new NotFoundException("no task " + taskId));
  }

  /** The items of a task with their statistics (pending writes are flushed first). */
  public List<TaskItem> items(String taskId) {
    task(taskId);
    writer.flush();
    return store.items(taskId);
  }

  /**
   * Runs a task in the background; cancelled items of an earlier run resume where they stopped. A task already
   * running here (started by {@code execute} or picked by {@link #runQueued}) answers a handle of that run.
   */
  public TaskHandle execute(String taskId) {
    checkOpen();
    return engine.execute(taskId, false);
  }

  /** Creates a task and runs it. */
  public TaskHandle run(TaskSpec spec) {
    return execute(createTask(spec).id());
  }

  /**
   * A dry run: what the spec would fetch, skip or replace now; writes nothing to disk or store. Each file goes through
   * the decision a run makes (a new task has no records, so a temporary file left by another task is started over).
   */
  public TaskPlan plan(TaskSpec spec) {
    planner.validate(spec);
    TaskSpec resolved = resolve(spec);
    return planner.plan(resolved, structureOrScan(resolved.endpointId()), destination(resolved),
        new Planner.Known(null, Map.of(), Map.of(), remoteTimes(resolved.endpointId())));
  }

  /**
   * A dry run of a stored task: what {@link #execute} would do now to the files of the items a run takes (those not
   * final, and cancelled ones), with the records of the task's earlier runs: a temporary file it can continue, a file
   * it finished. Writes nothing to disk or store.
   *
   * @throws NotFoundException when the store does not hold the task
   */
  public TaskPlan plan(String taskId) {
    Task task = task(taskId);
    writer.flush();
    TransferEngine.RunSetup setup = setup(task.spec());
    TaskSpec spec = task.spec().options() != null ? task.spec()
        : task.spec().toBuilder().options(setup.options()).build();
    Map<String, FileRecord> partials = new java.util.HashMap<>();
    Map<String, FileRecord> finished = new java.util.HashMap<>();
    for (FileRecord f : store.files(taskId)) {
      if (f.status() == io.shotsync.api.FileStatus.PARTIAL) {
        partials.put(f.path(), f);
      } else if (f.status() == io.shotsync.api.FileStatus.DONE || f.status() == io.shotsync.api.FileStatus.SKIPPED) {
        finished.put(f.path(), f);
      }
    }
    Structure s = structureOrScan(spec.endpointId());
    Destination dest = setup.destination();
    List<TaskItem> items = new ArrayList<>();
    for (TaskItem i : store.items(taskId)) {
      if (!i.status().isFinal() || i.status() == io.shotsync.api.ItemStatus.CANCELLED) {
        items.add(i.withVersions(Planner.available(s, i.key()), dest.localVersion(i.key())));
      }
    }
    return planner.plan(spec, s, dest, new Planner.Known(items, partials, finished, remoteTimes(spec.endpointId())));
  }

  /**
   * Exact mtimes for a dry run, asked on this endpoint's pool as a run asks them; a dry run that waits more than 30 s
   * for a connection (all busy with transfers) keeps the listing's mtime.
   */
  private io.shotsync.core.internal.plan.RemoteTimes remoteTimes(String endpointId) {
    return e -> {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      try {
        return new io.shotsync.core.internal.transfer.ExactMtimes(connections(endpointId),
            endpoint(endpointId).root(), () -> System.nanoTime() > deadline, m -> LOG.debug("plan: {}", m)).exact(e);
      } catch (io.shotsync.core.internal.transfer.CancelledException x) {
        return e;
      }
    };
  }

  /**
   * The spec as a task stores it: the local root, layout and options it leaves unset are taken from its endpoint's
   * configuration, so every process runs the task the same way.
   *
   * @throws NotFoundException when the endpoint is unknown
   * @throws InvalidInputException when neither the spec nor its endpoint has a local root
   */
  public TaskSpec resolve(TaskSpec spec) {
    EndpointConfig c = endpointConfig(spec.endpointId());
    TaskSpec.Builder b = spec.toBuilder();
    if (spec.localRoot() == null) {
      b.localRoot(rootOf(c));
    }
    if (spec.layout() == null) {
      b.layout(c.layout().json());
    } else {
      Layout.fromJson(spec.layout(), strategies);
    }
    if (spec.options() == null) {
      b.options(c.options());
    }
    return b.build();
  }

  /**
   * True when another process runs the task now: a worker elsewhere holds a live claim on its items. Claims of dead
   * processes of this host are released first, so a task whose worker was killed is not running; a run in this
   * process is not "elsewhere" ({@link #execute} answers its handle).
   */
  public boolean isRunningElsewhere(String taskId) {
    if (engine.isRunning(taskId)) {
      return false;
    }
    engine.takeOverDeadWorkers(taskId);
    return store.hasLiveClaims(taskId);
  }

  /**
   * Asks a task to stop: a transfer in flight stops at the next bytes it receives, before its file completes, and
   * keeps its temporary file for resume; the task ends CANCELLED. A task run by another process is marked in the
   * store, and its worker stops at its next lease renewal. Answers false for a task that is unknown or already ended.
   */
  public boolean cancel(String taskId) {
    return engine.cancel(taskId);
  }

  /** Deletes tasks with their items, files and logs, cancelling any running here first; answers how many existed. */
  public int delete(Collection<String> taskIds) {
    for (String id : taskIds) {
      if (!engine.stop(id, Duration.ofSeconds(10))) {
        LOG.debug("task {} did not stop within 10 s before its delete", id);
      }
    }
    writer.flush();
    return store.deleteTasks(taskIds);
  }

  /**
   * Deletes every task the query matches (statuses, created before a time, up to its limit), with their items,
   * files and logs; runs here are cancelled first, workers elsewhere stop when they notice. Answers how many were
   * deleted.
   */
  public int deleteTasks(TaskQuery query) {
    checkOpen();
    List<String> ids = store.tasks(query).stream().map(Task::id).toList();
    return ids.isEmpty() ? 0 : delete(ids);
  }

  /** Runs a task's FAILED and CANCELLED items again. */
  public TaskHandle retryFailed(String taskId) {
    checkOpen();
    return engine.execute(taskId, true);
  }

  /**
   * Runs the FAILED and CANCELLED items of several tasks again, each task in the background; answers their handles
   * in the order given.
   *
   * @throws NotFoundException when a task does not exist (no task is started then)
   */
  public List<TaskHandle> retryFailed(Collection<String> taskIds) {
    checkOpen();
    for (String id : taskIds) {
      task(id);
    }
    List<TaskHandle> handles = new ArrayList<>();
    for (String id : taskIds) {
      handles.add(engine.execute(id, true));
    }
    return handles;
  }

  /**
   * Cancels every task that is running or queued (also scheduled ones and automatic retries waiting for their
   * time), here and, through the store, in workers of other processes; answers the ids it cancelled.
   */
  public List<String> cancelAll() {
    Set<String> ids = new LinkedHashSet<>(engine.runningTaskIds());
    for (Task t : store.tasks(TaskQuery.withStatus(TaskStatus.RUNNING, TaskStatus.QUEUED))) {
      ids.add(t.id());
    }
    List<String> cancelled = new ArrayList<>();
    for (String id : ids) {
      if (engine.cancel(id)) {
        cancelled.add(id);
      }
    }
    return cancelled;
  }

  /** A task's log records: minimum level, after a cursor, up to a limit (pending records are flushed first). */
  public List<LogRecord> logs(LogQuery query) {
    writer.flush();
    return store.logs(query);
  }

  /** Every finished file of a shot across tasks, newest first. */
  public List<FileRecord> history(ShotKey shot) {
    writer.flush();
    return store.history(shot);
  }

  /**
   * Works as one worker: claims items of queued tasks from the store (shared with workers in other processes)
   * until nothing was claimable for {@code idleTimeout}; answers how many items it processed.
   */
  public int runQueued(Duration idleTimeout) {
    checkOpen();
    return engine.runQueued(idleTimeout);
  }

  /** Adds a listener after construction. */
  public void addListener(SyncListener listener) {
    listeners.add(listener);
  }

  /** Removes a listener added before. */
  public void removeListener(SyncListener listener) {
    listeners.remove(listener);
  }

  /** The strategy registry. */
  public Strategies strategies() {
    return strategies;
  }

  /** The task store. */
  public TaskStore store() {
    return store;
  }

  /**
   * The default local root: that of endpoints given without their own configuration.
   *
   * @throws InvalidInputException when the builder was given none
   */
  public Path localRoot() {
    if (localRoot == null) {
      throw new InvalidInputException("no default local root set: each endpoint has its own (see endpointConfig)");
    }
    return localRoot;
  }

  /** The default layout of remote and local shot trees (endpoints may have their own). */
  public Layout layout() {
    return layout;
  }

  /** The default options of tasks (endpoints may have their own; each task carries its own). */
  public SyncOptions options() {
    return options;
  }

  /** This instance's worker id, as it claims items in the store. */
  public String workerId() {
    return workerId;
  }

  /** Cancels running tasks (keeping temporary files), writes pending state, and closes connections. */
  @Override
  public void close() {
    close(false);
  }

  /**
   * Closes like {@link #close()}, but the tasks running here go back to QUEUED, their unfinished items PENDING and
   * their partial files kept, so the next server or worker sharing the store resumes them: what a server or worker
   * does when it is told to stop (SIGTERM). Returns within about five seconds.
   */
  public void shutdown() {
    close(true);
  }

  /** True once {@link #close()} or {@link #shutdown()} was called. */
  public boolean isClosed() {
    return closed;
  }

  private void close(boolean requeue) {
    if (closed) {
      return;
    }
    closed = true;
    engine.close(requeue);
    writer.close();
    for (Connections c : connections.values()) {
      try {
        c.pool().close();
      } catch (RuntimeException e) {
        LOG.debug("closing a pool failed: {}", e.toString());
      }
    }
    if (ownsStore) {
      store.close();
    }
  }

  // ---- internals

  private void checkOpen() {
    if (closed) {
      throw new ShotSyncException("this ShotSync is closed");
    }
  }

  private Structure structureOrScan(String endpointId) {
    return structure(endpointId).orElseGet(() -> scan(endpointId));
  }

  private Connections connections(String endpointId) {
    return connections.computeIfAbsent(endpointId, id -> {
      EndpointConfig c = endpointConfig(id);
      FtpPool pool = FtpPools.open(c.endpoint(), c.options());
      return new Connections(pool, c.options().connections());
    });
  }

  private static Path rootOf(EndpointConfig c) {
    Path root = c.localRoot();
    if (root == null) {
      throw new InvalidInputException("endpoint '" + c.id() + "' has no local root: configure one, or give the task"
          + " its own");
    }
    return root;
  }

  /** Where a (resolved) spec writes: its root with its layout, or its endpoint's. */
  private Destination destination(TaskSpec spec) {
    Path root = spec.localRoot() != null ? spec.localRoot() : rootOf(endpointConfig(spec.endpointId()));
    String layoutJson = spec.layout();
    String key = root + "\n" + (layoutJson != null ? layoutJson : "endpoint:" + spec.endpointId());
    return destinations.computeIfAbsent(key, k -> new Destination(root, layoutJson != null
        ? Layout.fromJson(layoutJson, strategies) : endpointConfig(spec.endpointId()).layout()));
  }

  /** How a stored task runs here: its destination and options, lowered to this instance's caps. */
  private TransferEngine.RunSetup setup(TaskSpec spec) {
    Destination dest = destination(spec);
    SyncOptions o = spec.options() != null ? spec.options() : endpointConfig(spec.endpointId()).options();
    StringBuilder summary = new StringBuilder(dest.root().toString()).append(": bandwidth ")
        .append(o.bandwidth().isUnlimited() ? "unlimited" : o.bandwidth().toString()).append(", ")
        .append(o.connections()).append(o.connections() == 1 ? " connection, " : " connections, ")
        .append(o.retries()).append(" retries");
    if (maxConnections > 0 && o.connections() > maxConnections) {
      o = o.withConnections(maxConnections);
      summary.append("; this worker caps connections at ").append(maxConnections);
    }
    if (maxBandwidth != null && !maxBandwidth.isUnlimited()) {
      summary.append("; this worker caps bandwidth at ").append(maxBandwidth);
    }
    return new TransferEngine.RunSetup(dest, o, summary.toString());
  }

  /** Builds a {@link ShotSync}. */
  public static final class Builder {
    private final Map<String, Object> endpoints = new LinkedHashMap<>();
    private int maxConnections;
    private @Nullable BandwidthTimetable maxBandwidth;
    private @Nullable Path localRoot;
    private @Nullable TaskStore store;
    private final List<SyncListener> listeners = new ArrayList<>();
    private SyncOptions options = SyncOptions.defaults();
    private @Nullable Layout layout;
    private @Nullable Strategies strategies;
    private final Map<String, VersionStrategy> versionStrategies = new LinkedHashMap<>();
    private final Map<String, ConflictStrategy> conflictStrategies = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private @Nullable String workerId;
    private Duration lease = Duration.ofSeconds(60);
    private @Nullable BandwidthTimetable bandwidth;

    private Builder() {}

    /**
     * Adds an endpoint with this builder's local root, layout and options (may be called many times; a later one with
     * the same id replaces an earlier one).
     */
    public Builder endpoint(Endpoint e) {
      endpoints.put(e.id(), e);
      return this;
    }

    /** Adds an endpoint with its own local root, layout and default options. */
    public Builder endpoint(EndpointConfig c) {
      endpoints.put(c.id(), c);
      return this;
    }

    /**
     * Caps the connections of every task this instance runs (a worker's {@code --parallel}): a task asking for more
     * runs with this many; one asking for fewer keeps its own. 0 for no cap.
     */
    public Builder maxConnections(int n) {
      if (n < 0 || n > 64) {
        throw new InvalidInputException("maxConnections must be 0-64: " + n);
      }
      this.maxConnections = n;
      return this;
    }

    /**
     * Caps the bandwidth of every transfer this instance runs together (a worker's {@code --bwlimit}), on top of each
     * task's own limit.
     */
    public Builder maxBandwidth(@Nullable BandwidthTimetable cap) {
      this.maxBandwidth = cap;
      return this;
    }

    /** The default local root: that of endpoints added without their own configuration. */
    public Builder localRoot(Path dir) {
      this.localRoot = dir;
      return this;
    }

    /** The task store (default: a new in-memory store, closed with this instance). */
    public Builder store(TaskStore value) {
      this.store = value;
      return this;
    }

    /** Adds a listener (may be called many times). */
    public Builder listener(SyncListener l) {
      listeners.add(Objects.requireNonNull(l, "listener"));
      return this;
    }

    /** The default options of endpoints added without their own (default {@link SyncOptions#defaults()}). */
    public Builder options(SyncOptions o) {
      this.options = Objects.requireNonNull(o, "options");
      return this;
    }

    /**
     * A bandwidth timetable (or, with {@link BandwidthTimetable#fixed}, a fixed limit) for every transfer of this
     * instance, read on the {@link #clock}; it replaces the options' limit.
     */
    public Builder bandwidth(BandwidthTimetable timetable) {
      this.bandwidth = Objects.requireNonNull(timetable, "timetable");
      return this;
    }

    /** The default layout of endpoints added without their own (default {@link Layout#defaults()}). */
    public Builder layout(Layout value) {
      this.layout = value;
      return this;
    }

    /** The strategy registry (default {@link Strategies#discover()}). */
    public Builder strategies(Strategies s) {
      this.strategies = s;
      return this;
    }

    /** Registers a version strategy under an id; it wins over a discovered one. */
    public Builder versionStrategy(String id, VersionStrategy s) {
      versionStrategies.put(id, s);
      return this;
    }

    /** Registers a conflict strategy under an id; it wins over a discovered one. */
    public Builder conflictStrategy(String id, ConflictStrategy s) {
      conflictStrategies.put(id, s);
      return this;
    }

    /** The clock for task times (default UTC system clock). */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * The id this instance claims items under (default {@code HOST:PID:START:RANDOM}, which lets workers on the same
     * host take over the items of a dead process at once instead of waiting for its lease).
     */
    public Builder workerId(String id) {
      this.workerId = id;
      return this;
    }

    /** How long a claim on an item lasts without renewal (default 60 s); another worker may take it over after. */
    public Builder leaseDuration(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new InvalidInputException("lease duration must be positive: " + value);
      }
      this.lease = value;
      return this;
    }

    /**
     * Builds the instance.
     *
     * @throws InvalidInputException when an endpoint added without its own configuration has no local root to use
     */
    public ShotSync build() {
      if (localRoot == null) {
        for (Object e : endpoints.values()) {
          if (e instanceof Endpoint plain) {
            throw new InvalidInputException("no local root set for endpoint '" + plain.id() + "': call localRoot(dir)"
                + " or add it as an EndpointConfig with its own");
          }
        }
      }
      return new ShotSync(this);
    }
  }

  @Override
  public String toString() {
    return "ShotSync[" + localRoot + ", endpoints " + configs.keySet() + ", worker " + workerId + "]";
  }
}
