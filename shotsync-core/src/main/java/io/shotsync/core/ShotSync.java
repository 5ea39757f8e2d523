package io.shotsync.core;

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
import io.shotsync.api.spi.LogQuery;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.internal.compare.ShotComparator;
import io.shotsync.core.internal.endpoint.Endpoints;
import io.shotsync.core.internal.scan.StructureJson;
import io.shotsync.core.internal.transfer.DryRun;
import io.shotsync.core.internal.transfer.EngineContext;
import io.shotsync.core.internal.transfer.TaskCommands;
import io.shotsync.core.internal.transfer.TransferEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
  private final boolean ownsStore;
  /** The collaborators this facade shares with its engine. */
  private final EngineContext ctx;
  private final TransferEngine engine;
  private final TaskCommands tasks;
  private final DryRun dryRun;
  private volatile boolean closed;

  /** The facade over collaborators wired by {@link Builder#build()}. */
  ShotSync(EngineContext ctx, boolean ownsStore) {
    this.ctx = ctx;
    this.ownsStore = ownsStore;
    this.engine = new TransferEngine(ctx);
    this.tasks = new TaskCommands(ctx, engine);
    this.dryRun = new DryRun(ctx);
  }

  /** A builder; set at least one endpoint and, unless each endpoint has its own, a local root. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The endpoint with this id: one given to the builder (with its password), else one saved in the store
   * (without).
   *
   * @throws NotFoundException naming the known endpoints
   */
  public Endpoint endpoint(String id) {
    return ctx.endpoints().endpoint(id);
  }

  /**
   * The configuration of an endpoint: the builder's, or for an endpoint only the store knows (without its password)
   * this instance's default local root, layout and options.
   *
   * @throws NotFoundException naming the known endpoints
   */
  public EndpointConfig endpointConfig(String id) {
    return ctx.endpoints().config(id);
  }

  /** The configurations of every endpoint: the builder's and the store's, by id. */
  public List<EndpointConfig> endpointConfigs() {
    return ctx.endpoints().configs();
  }

  /** Every endpoint: the builder's and the store's, by id. */
  public List<Endpoint> endpoints() {
    return ctx.endpoints().all();
  }

  /** The cached structure snapshot of an endpoint, from the store; no network. */
  public Optional<Structure> structure(String endpointId) {
    return ctx.structures().structure(endpointId);
  }

  /** Scans an endpoint (in parallel over the connection pool), caches the result in the store and answers it. */
  public Structure scan(String endpointId) {
    return ctx.structures().scan(endpointId);
  }

  /** The structure as JSON. */
  public static String toJson(Structure s) {
    return StructureJson.write(s);
  }

  /** A structure read back from {@link #toJson}. */
  public static Structure structureFromJson(String json) {
    return StructureJson.read(json);
  }

  /**
   * Compares the selected shots with the endpoint's local root, using the cached structure (scanning first if none is
   * cached).
   */
  public List<ComparisonRow> compare(String endpointId, Selection selection) {
    EndpointConfig c = endpointConfig(endpointId);
    return ShotComparator.compare(ctx.structures().structureOrScan(endpointId), Endpoints.rootOf(c), c.layout(),
        selection);
  }

  /** "Set all to latest": each row's latest version, for the custom strategy. */
  public static Map<ItemKey, Version> allToLatest(List<ComparisonRow> rows) {
    return ShotComparator.allToLatest(rows);
  }

  /** "Set all to vNNN": that version for each row that has it; rows without it are left out. */
  public static Map<ItemKey, Version> allTo(List<ComparisonRow> rows, Version v) {
    return ShotComparator.allTo(rows, v);
  }

  /**
   * Creates a task in PENDING: checks the strategy ids and the endpoint first (nothing is stored when they are
   * wrong), then resolves its items from the structure (scanning if none is cached).
   *
   * @throws io.shotsync.api.UnknownStrategyException when a strategy id is unknown, listing the known ones
   */
  public Task createTask(TaskSpec spec) {
    checkOpen();
    ctx.planner().validate(spec);
    return tasks.create(resolve(spec), TaskStatus.PENDING);
  }

  /** Creates a task in QUEUED, for {@link #runQueued} workers (here or in other processes sharing the store). */
  public Task queueTask(TaskSpec spec) {
    checkOpen();
    ctx.planner().validate(spec);
    return tasks.create(resolve(spec), TaskStatus.QUEUED);
  }

  /** Tasks matching the query, newest first. */
  public List<Task> tasks(TaskQuery query) {
    return ctx.store().tasks(query);
  }

  /**
   * One task.
   *
   * @throws NotFoundException when the store does not hold it
   */
  public Task task(String taskId) {
    return ctx.store().task(taskId).orElseThrow(() -> new NotFoundException("no task " + taskId));
  }

  /** The items of a task with their statistics (pending writes are flushed first). */
  public List<TaskItem> items(String taskId) {
    task(taskId);
    ctx.writer().flush();
    return ctx.store().items(taskId);
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
    ctx.planner().validate(spec);
    return dryRun.plan(resolve(spec));
  }

  /**
   * A dry run of a stored task: what {@link #execute} would do now to the files of the items a run takes (those not
   * final, and cancelled ones), with the records of the task's earlier runs: a temporary file it can continue, a file
   * it finished. Writes nothing to disk or store.
   *
   * @throws NotFoundException when the store does not hold the task
   */
  public TaskPlan plan(String taskId) {
    return dryRun.plan(task(taskId));
  }

  /**
   * The spec as a task stores it: the local root, layout and options it leaves unset are taken from its endpoint's
   * configuration, so every process runs the task the same way.
   *
   * @throws NotFoundException when the endpoint is unknown
   * @throws InvalidInputException when neither the spec nor its endpoint has a local root
   */
  public TaskSpec resolve(TaskSpec spec) {
    return ctx.destinations().resolve(spec);
  }

  /**
   * True when another process runs the task now: a worker elsewhere holds a live claim on its items. Claims of dead
   * processes of this host are released first, so a task whose worker was killed is not running; a run in this
   * process is not "elsewhere" ({@link #execute} answers its handle).
   */
  public boolean isRunningElsewhere(String taskId) {
    return tasks.isRunningElsewhere(taskId);
  }

  /**
   * Asks a task to stop: transfers in flight stop before their files complete, at the next bytes they receive (over
   * plain FTP from 1 MiB also while waiting), keeping their temporary files for resume; the task ends CANCELLED. A task
   * of another process is marked in the store; its worker stops at its next lease renewal. False if unknown or ended.
   */
  public boolean cancel(String taskId) {
    return engine.cancel(taskId);
  }

  /** Deletes tasks with their items, files and logs, cancelling any running here first; answers how many existed. */
  public int delete(Collection<String> taskIds) {
    return tasks.delete(taskIds);
  }

  /**
   * Deletes every task the query matches (statuses, created before a time, up to its limit), with their items,
   * files and logs; runs here are cancelled first, workers elsewhere stop when they notice. Answers how many were
   * deleted.
   */
  public int deleteTasks(TaskQuery query) {
    checkOpen();
    return tasks.delete(query);
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
    return tasks.retryFailed(taskIds);
  }

  /**
   * Cancels every task that is running or queued (also scheduled ones and automatic retries waiting for their
   * time), here and, through the store, in workers of other processes; answers the ids it cancelled.
   */
  public List<String> cancelAll() {
    return tasks.cancelAll();
  }

  /** A task's log records: minimum level, after a cursor, up to a limit (pending records are flushed first). */
  public List<LogRecord> logs(LogQuery query) {
    ctx.writer().flush();
    return ctx.store().logs(query);
  }

  /** Every finished file of a shot across tasks, newest first. */
  public List<FileRecord> history(ShotKey shot) {
    ctx.writer().flush();
    return ctx.store().history(shot);
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
    ctx.listener().add(listener);
  }

  /** Removes a listener added before. */
  public void removeListener(SyncListener listener) {
    ctx.listener().remove(listener);
  }

  /** The strategy registry. */
  public Strategies strategies() {
    return ctx.strategies();
  }

  /** The task store. */
  public TaskStore store() {
    return ctx.store();
  }

  /**
   * The default local root: that of endpoints given without their own configuration.
   *
   * @throws InvalidInputException when the builder was given none
   */
  public Path localRoot() {
    Path localRoot = ctx.endpoints().localRoot();
    if (localRoot == null) {
      throw new InvalidInputException("no default local root set: each endpoint has its own (see endpointConfig)");
    }
    return localRoot;
  }

  /** The default layout of remote and local shot trees (endpoints may have their own). */
  public Layout layout() {
    return ctx.endpoints().layout();
  }

  /** The default options of tasks (endpoints may have their own; each task carries its own). */
  public SyncOptions options() {
    return ctx.endpoints().options();
  }

  /** This instance's worker id, as it claims items in the store. */
  public String workerId() {
    return ctx.claims().workerId();
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
    ctx.writer().close();
    ctx.connections().close();
    if (ownsStore) {
      ctx.store().close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new ShotSyncException("this ShotSync is closed");
    }
  }

  /** Builds a {@link ShotSync}; its setters and wiring are in {@code BuilderBase}, a file of their own. */
  public static final class Builder extends BuilderBase {
    private Builder() {}
  }

  @Override
  public String toString() {
    return "ShotSync[" + ctx.endpoints().localRoot() + ", endpoints " + ctx.endpoints().givenIds() + ", worker "
        + workerId() + "]";
  }
}
