package io.shotsync.core.internal.endpoint;

import io.shotsync.api.BandwidthTimetable;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.TaskSpec;
import io.shotsync.core.EndpointConfig;
import io.shotsync.core.Layout;
import io.shotsync.core.Strategies;
import io.shotsync.core.internal.plan.Destination;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Where and how tasks write: a spec resolved against its endpoint's configuration, the {@link Destination} (root,
 * layout, local versions) it writes to, and its options under this process's caps.
 */
public final class Destinations {
  private final Endpoints endpoints;
  private final Strategies strategies;
  private final int maxConnections;
  private final @Nullable BandwidthTimetable maxBandwidth;
  private final Map<String, Destination> destinations = new ConcurrentHashMap<>();

  /** Destinations of these endpoints; {@code maxConnections} 0 and a null {@code maxBandwidth} cap nothing. */
  public Destinations(Endpoints endpoints, Strategies strategies, int maxConnections,
      @Nullable BandwidthTimetable maxBandwidth) {
    this.endpoints = endpoints;
    this.strategies = strategies;
    this.maxConnections = maxConnections;
    this.maxBandwidth = maxBandwidth;
  }

  /**
   * The spec as a task stores it: the local root, layout and options it leaves unset are taken from its endpoint's
   * configuration.
   *
   * @throws io.shotsync.api.NotFoundException when the endpoint is unknown
   * @throws io.shotsync.api.InvalidInputException when neither the spec nor its endpoint has a local root
   */
  public TaskSpec resolve(TaskSpec spec) {
    EndpointConfig c = endpoints.config(spec.endpointId());
    TaskSpec.Builder b = spec.toBuilder();
    if (spec.localRoot() == null) {
      b.localRoot(Endpoints.rootOf(c));
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

  /** Where a (resolved) spec writes: its root with its layout, or its endpoint's. */
  public Destination destination(TaskSpec spec) {
    Path root = spec.localRoot() != null ? spec.localRoot() : Endpoints.rootOf(endpoints.config(spec.endpointId()));
    String layoutJson = spec.layout();
    String key = root + "\n" + (layoutJson != null ? layoutJson : "endpoint:" + spec.endpointId());
    return destinations.computeIfAbsent(key, k -> new Destination(root, layoutJson != null
        ? Layout.fromJson(layoutJson, strategies) : endpoints.config(spec.endpointId()).layout()));
  }

  /** How a stored task runs here: its destination and options, lowered to this instance's caps. */
  public RunSetup setup(TaskSpec spec) {
    Destination dest = destination(spec);
    EndpointConfig c = endpoints.config(spec.endpointId());
    SyncOptions o = spec.options() != null ? spec.options() : c.options();
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
    return new RunSetup(dest, o, c.endpoint().root(), summary.toString());
  }
}
