package io.shotsync.core.internal.endpoint;

import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.EndpointConfig;
import io.shotsync.core.Layout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints one instance knows: those given to its builder (with their passwords) and those saved in the store
 * (without), the latter with this instance's default local root, layout and options.
 */
public final class Endpoints {
  private final Map<String, EndpointConfig> configs = new LinkedHashMap<>();
  private final TaskStore store;
  private final @Nullable Path localRoot;
  private final Layout layout;
  private final SyncOptions options;

  /** Endpoints over this store with these defaults; add the builder's with {@link #add}. */
  public Endpoints(TaskStore store, @Nullable Path localRoot, Layout layout, SyncOptions options) {
    this.store = store;
    this.localRoot = localRoot;
    this.layout = layout;
    this.options = options;
  }

  /** The default local root, or null when each endpoint has its own. */
  public @Nullable Path localRoot() {
    return localRoot;
  }

  /** The default layout. */
  public Layout layout() {
    return layout;
  }

  /** The default options. */
  public SyncOptions options() {
    return options;
  }

  /** Adds an endpoint given as it is ({@link Endpoint}, with the defaults) or with its own configuration. */
  public void add(Object endpointOrConfig) {
    EndpointConfig c = endpointOrConfig instanceof EndpointConfig ec ? ec : defaultConfig((Endpoint) endpointOrConfig);
    configs.put(c.id(), c);
    store.saveEndpoint(c.endpoint());
  }

  /** An endpoint with the default local root, layout and options. */
  public EndpointConfig defaultConfig(Endpoint e) {
    return EndpointConfig.builder(e).localRoot(localRoot).layout(layout).options(options).build();
  }

  /**
   * The configuration of an endpoint: the builder's, or the store's with the defaults.
   *
   * @throws NotFoundException naming the known endpoints
   */
  public EndpointConfig config(String id) {
    EndpointConfig c = configs.get(id);
    if (c != null) {
      return c;
    }
    return store.endpoint(id).map(this::defaultConfig).orElseThrow(() -> new NotFoundException("unknown endpoint '"
        + id + "'; known: " + String.join(", ", all().stream().map(Endpoint::id).toList())));
  }

  /** The endpoint with this id. */
  public Endpoint endpoint(String id) {
    return config(id).endpoint();
  }

  /** The configurations of every endpoint: the builder's and the store's, by id. */
  public List<EndpointConfig> configs() {
    Map<String, EndpointConfig> all = new TreeMap<>();
    for (Endpoint e : store.endpoints()) {
      all.put(e.id(), defaultConfig(e));
    }
    all.putAll(configs);
    return List.copyOf(all.values());
  }

  /** Every endpoint: the builder's and the store's, by id. */
  public List<Endpoint> all() {
    return configs().stream().map(EndpointConfig::endpoint).toList();
  }

  /** The ids of the builder's endpoints. */
  public Set<String> givenIds() {
    return configs.keySet();
  }

  /**
   * The local root of an endpoint's configuration.
   *
   * @throws InvalidInputException when it has none
   */
  public static Path rootOf(EndpointConfig c) {
    Path root = c.localRoot();
    if (root == null) {
      throw new InvalidInputException("endpoint '" + c.id() + "' has no local root: configure one, or give the task"
          + " its own");
    }
    return root;
  }
}
