package io.shotsync.cli.internal;

import io.shotsync.api.Endpoint;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.api.BandwidthTimetable;
import io.shotsync.core.EndpointConfig;
import io.shotsync.core.Layout;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Strategies;
import io.shotsync.api.SyncOptions;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Builds the {@link ShotSync} a command works with. */
public final class Engines {
  private Engines() {}

  /** A ShotSync (with an in-memory store when {@code store} is null) over these endpoints, local root, layout, store, options, strategies and listeners. */
  public static ShotSync open(List<Endpoint> endpoints, Path localRoot, Layout layout, @Nullable TaskStore store,
      SyncOptions options, Strategies strategies, List<? extends SyncListener> listeners) {
    ShotSync.Builder b = ShotSync.builder().localRoot(localRoot).layout(layout).options(options)
        .strategies(strategies);
    if (store != null) {
      b.store(store);
    }
    for (Endpoint e : endpoints) {
      b.endpoint(e);
    }
    for (SyncListener l : listeners) {
      b.listener(l);
    }
    return b.build();
  }

  /**
   * A ShotSync over the endpoints a store knows (passwords from the environment, see {@link Credentials}), for
   * running stored tasks: each runs with its own local root, layout and options. {@code defaultRoot} and
   * {@code defaultLayout} serve only tasks that do not record their own; {@code maxConnections} and
   * {@code maxBandwidth}, when given, lower what tasks ask for and never raise it.
   */
  public static ShotSync forStore(TaskStore store, @Nullable Path defaultRoot, Layout defaultLayout,
      @Nullable Integer maxConnections, @Nullable BandwidthTimetable maxBandwidth, @Nullable String trust,
      List<? extends SyncListener> listeners) {
    Credentials credentials = Credentials.fromEnvironment();
    ShotSync.Builder b = ShotSync.builder().store(store).layout(defaultLayout).strategies(Strategies.discover());
    if (defaultRoot != null) {
      b.localRoot(defaultRoot.toAbsolutePath().normalize());
    }
    for (Endpoint e : store.endpoints()) {
      Endpoint completed = credentials.complete(e, !e.user().equals("anonymous"));
      completed = trust != null && completed.ftps() ? RemoteOptions.withTrust(completed, trust) : completed;
      b.endpoint(EndpointConfig.builder(completed).localRoot(defaultRoot).layout(defaultLayout).build());
    }
    if (maxConnections != null) {
      b.maxConnections(maxConnections);
    }
    b.maxBandwidth(maxBandwidth);
    for (SyncListener l : listeners) {
      b.listener(l);
    }
    return b.build();
  }
}
