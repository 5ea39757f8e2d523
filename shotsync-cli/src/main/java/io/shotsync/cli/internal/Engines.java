package io.shotsync.cli.internal;

import io.shotsync.api.Endpoint;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.Layout;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Strategies;
import io.shotsync.core.SyncOptions;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Builds the {@link ShotSync} a command works with. */
public final class Engines {
  /** Task property holding the local directory a CLI task downloads into, read by retry and workers. */
  public static final String LOCAL_ROOT = "shotsync.cli.local";
  /** Task property holding the layout file of a CLI task, if one was given. */
  public static final String LAYOUT_FILE = "shotsync.cli.layout";

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
}
