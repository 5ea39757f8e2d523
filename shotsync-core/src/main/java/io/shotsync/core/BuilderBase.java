package io.shotsync.core;

import io.shotsync.api.BandwidthTimetable;
import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.spi.ConflictStrategy;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.api.spi.VersionStrategy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import io.shotsync.core.internal.endpoint.ConnectionPools;
import io.shotsync.core.internal.endpoint.Destinations;
import io.shotsync.core.internal.endpoint.Endpoints;
import io.shotsync.core.internal.endpoint.StructureCache;
import io.shotsync.core.internal.event.ListenerFanout;
import io.shotsync.core.internal.plan.Planner;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.internal.store.StoreWriter;
import io.shotsync.core.internal.transfer.EngineContext;
import io.shotsync.core.internal.transfer.RateLimiter;
import io.shotsync.core.internal.transfer.WorkerClaims;
import io.shotsync.core.internal.transfer.WorkerIds;
import org.jspecify.annotations.Nullable;

/**
 * The settings, setters and wiring of {@link ShotSync.Builder}, in a file of their own: the builder is its only
 * subclass, and its public methods are the builder's (javac gives them to it as its own, so reflection in Groovy and
 * Jython finds them there). {@link #build()} makes the collaborators the facade and its engine share.
 */
abstract sealed class BuilderBase permits ShotSync.Builder {
  final Map<String, Object> endpoints = new LinkedHashMap<>();
  int maxConnections;
  @Nullable BandwidthTimetable maxBandwidth;
  @Nullable Path localRoot;
  @Nullable TaskStore store;
  final List<SyncListener> listeners = new ArrayList<>();
  SyncOptions options = SyncOptions.defaults();
  @Nullable Layout layout;
  @Nullable Strategies strategies;
  final Map<String, VersionStrategy> versionStrategies = new LinkedHashMap<>();
  final Map<String, ConflictStrategy> conflictStrategies = new LinkedHashMap<>();
  Clock clock = Clock.systemUTC();
  @Nullable String workerId;
  Duration lease = Duration.ofSeconds(60);
  @Nullable BandwidthTimetable bandwidth;

  BuilderBase() {}

  private ShotSync.Builder self() {
    return (ShotSync.Builder) this;
  }

  /**
   * Adds an endpoint with this builder's local root, layout and options (may be called many times; a later one with
   * the same id replaces an earlier one).
   */
  public ShotSync.Builder endpoint(Endpoint e) {
    endpoints.put(e.id(), e);
    return self();
  }

  /** Adds an endpoint with its own local root, layout and default options. */
  public ShotSync.Builder endpoint(EndpointConfig c) {
    endpoints.put(c.id(), c);
    return self();
  }

  /**
   * Caps the connections of every task this instance runs (a worker's {@code --parallel}): a task asking for more
   * runs with this many; one asking for fewer keeps its own. 0 for no cap.
   */
  public ShotSync.Builder maxConnections(int n) {
    if (n < 0 || n > 64) {
      throw new InvalidInputException("maxConnections must be 0-64: " + n);
    }
    this.maxConnections = n;
    return self();
  }

  /**
   * Caps the bandwidth of every transfer this instance runs together (a worker's {@code --bwlimit}), on top of each
   * task's own limit.
   */
  public ShotSync.Builder maxBandwidth(@Nullable BandwidthTimetable cap) {
    this.maxBandwidth = cap;
    return self();
  }

  /** The default local root: that of endpoints added without their own configuration. */
  public ShotSync.Builder localRoot(Path dir) {
    this.localRoot = dir;
    return self();
  }

  /** The task store (default: a new in-memory store, closed with this instance). */
  public ShotSync.Builder store(TaskStore value) {
    this.store = value;
    return self();
  }

  /** Adds a listener (may be called many times). */
  public ShotSync.Builder listener(SyncListener l) {
    listeners.add(Objects.requireNonNull(l, "listener"));
    return self();
  }

  /** The default options of endpoints added without their own (default {@link SyncOptions#defaults()}). */
  public ShotSync.Builder options(SyncOptions o) {
    this.options = Objects.requireNonNull(o, "options");
    return self();
  }

  /**
   * A bandwidth timetable (or, with {@link BandwidthTimetable#fixed}, a fixed limit) for every transfer of this
   * instance, read on the {@link #clock}; it replaces the options' limit.
   */
  public ShotSync.Builder bandwidth(BandwidthTimetable timetable) {
    this.bandwidth = Objects.requireNonNull(timetable, "timetable");
    return self();
  }

  /** The default layout of endpoints added without their own (default {@link Layout#defaults()}). */
  public ShotSync.Builder layout(Layout value) {
    this.layout = value;
    return self();
  }

  /** The strategy registry (default {@link Strategies#discover()}). */
  public ShotSync.Builder strategies(Strategies s) {
    this.strategies = s;
    return self();
  }

  /** Registers a version strategy under an id; it wins over a discovered one. */
  public ShotSync.Builder versionStrategy(String id, VersionStrategy s) {
    versionStrategies.put(id, s);
    return self();
  }

  /** Registers a conflict strategy under an id; it wins over a discovered one. */
  public ShotSync.Builder conflictStrategy(String id, ConflictStrategy s) {
    conflictStrategies.put(id, s);
    return self();
  }

  /** The clock for task times (default UTC system clock). */
  public ShotSync.Builder clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return self();
  }

  /**
   * The id this instance claims items under (default {@code HOST:PID:START:RANDOM}, which lets workers on the same
   * host take over the items of a dead process at once instead of waiting for its lease).
   */
  public ShotSync.Builder workerId(String id) {
    this.workerId = id;
    return self();
  }

  /** How long a claim on an item lasts without renewal (default 60 s); another worker may take it over after. */
  public ShotSync.Builder leaseDuration(Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new InvalidInputException("lease duration must be positive: " + value);
    }
    this.lease = value;
    return self();
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
    return wire();
  }

  /** The facade over collaborators made from these settings. */
  private ShotSync wire() {
    Path root = localRoot == null ? null : localRoot.toAbsolutePath().normalize();
    TaskStore taskStore = store != null ? store : new InMemoryTaskStore(clock);
    ListenerFanout fanout = new ListenerFanout(listeners);
    SyncOptions defaults = bandwidth == null ? options : options.withBandwidthTimetable(bandwidth);
    Strategies registry = strategies != null ? strategies : Strategies.discover();
    versionStrategies.forEach(registry::registerVersion);
    conflictStrategies.forEach(registry::registerConflict);
    Endpoints known = new Endpoints(taskStore, root, layout != null ? layout : Layout.defaults(), defaults);
    endpoints.values().forEach(known::add);
    ConnectionPools pools = new ConnectionPools(known);
    StructureCache structures = new StructureCache(taskStore, known, pools, fanout, clock);
    Destinations destinations = new Destinations(known, registry, maxConnections, maxBandwidth);
    WorkerClaims claims = new WorkerClaims(taskStore, workerId != null ? workerId : WorkerIds.local(), lease);
    RateLimiter cap = maxBandwidth == null || maxBandwidth.isUnlimited() ? null : new RateLimiter(maxBandwidth, clock);
    return new ShotSync(new EngineContext(taskStore, new StoreWriter(taskStore, 200), fanout, registry,
        new Planner(registry), known, structures, pools, destinations, claims, clock, cap), store == null);
  }
}
