package io.shotsync.core.internal.transfer;

import io.shotsync.api.SyncOptions;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.Strategies;
import io.shotsync.core.internal.endpoint.ConnectionPools;
import io.shotsync.core.internal.endpoint.Destinations;
import io.shotsync.core.internal.endpoint.Endpoints;
import io.shotsync.core.internal.endpoint.StructureCache;
import io.shotsync.core.internal.event.ListenerFanout;
import io.shotsync.core.internal.plan.Planner;
import io.shotsync.core.internal.store.StoreWriter;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * What the engine and each of its task runs use, shared with the facade: the store and its writer, the listeners,
 * strategies and planner, the endpoints with their structures, connections and destinations, this worker's claims
 * and the clock.
 *
 * @param cap a bandwidth limit over every run of this engine (a worker's {@code --bwlimit}), or null
 */
public record EngineContext(
    TaskStore store,
    StoreWriter writer,
    ListenerFanout listener,
    Strategies strategies,
    Planner planner,
    Endpoints endpoints,
    StructureCache structures,
    ConnectionPools connections,
    Destinations destinations,
    WorkerClaims claims,
    Clock clock,
    @Nullable RateLimiter cap) {

  /** A rate limiter for one run with these options, behind this engine's cap. */
  RateLimiter rate(SyncOptions options) {
    return new RateLimiter(options.bandwidth(), clock, cap);
  }
}
