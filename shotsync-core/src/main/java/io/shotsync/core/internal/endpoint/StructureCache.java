package io.shotsync.core.internal.endpoint;

import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.EndpointConfig;
import io.shotsync.core.Structure;
import io.shotsync.core.internal.event.ListenerFanout;
import io.shotsync.core.internal.scan.Scanner;
import io.shotsync.core.internal.scan.StructureJson;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The structure snapshot of each endpoint: kept in the store (shared with other processes) and, read once, here;
 * scanned over the endpoint's pool when the store has none.
 */
public final class StructureCache {
  private final TaskStore store;
  private final Endpoints endpoints;
  private final ConnectionPools pools;
  private final ListenerFanout listeners;
  private final Clock clock;
  private final Map<String, Structure> structures = new ConcurrentHashMap<>();

  /** A cache over this store, scanning with these endpoints' pools and reporting scan progress to the listeners. */
  public StructureCache(TaskStore store, Endpoints endpoints, ConnectionPools pools, ListenerFanout listeners,
      Clock clock) {
    this.store = store;
    this.endpoints = endpoints;
    this.pools = pools;
    this.listeners = listeners;
    this.clock = clock;
  }

  /**
   * The cached snapshot of an endpoint, from the store; no network. The one held here serves while the store's is
   * still the same scan (asked without reading its JSON); one another process saved since is read.
   */
  public Optional<Structure> structure(String endpointId) {
    Structure held = structures.get(endpointId);
    if (held != null) {
      Optional<Instant> at = store.structureScannedAt(endpointId);
      if (at.isPresent() && held.scannedAt().equals(at.get())) {
        return Optional.of(held);
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

  /** Scans an endpoint (in parallel over its pool), keeps the result in the store and here, and answers it. */
  public Structure scan(String endpointId) {
    EndpointConfig c = endpoints.config(endpointId);
    Structure s = new Scanner(pools.of(endpointId).pool(), c.endpoint(), c.layout(), c.options(), clock)
        .scan(listeners::scanProgress);
    if (store instanceof InMemoryTaskStore memory) {
      memory.saveStructure(endpointId, () -> StructureJson.write(s), s.scannedAt());
    } else {
      store.saveStructure(endpointId, StructureJson.write(s), s.scannedAt());
    }
    structures.put(endpointId, s);
    return s;
  }

  /** The cached snapshot, or a fresh scan when there is none. */
  public Structure structureOrScan(String endpointId) {
    return structure(endpointId).orElseGet(() -> scan(endpointId));
  }
}
