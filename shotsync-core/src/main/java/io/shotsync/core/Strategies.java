package io.shotsync.core;

import io.shotsync.api.UnknownStrategyException;
import io.shotsync.api.spi.ConflictStrategy;
import io.shotsync.api.spi.DepartmentLayoutProvider;
import io.shotsync.api.spi.VersionStrategy;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds version strategies, conflict strategies and department layout kinds by id.
 *
 * <p>All discovery goes through here: {@link #discover()} loads every provider on the class path (or module
 * path) through {@link ServiceLoader}, one at a time, so a broken provider is reported in {@link #problems()}
 * instead of failing the rest; duplicate ids are reported with the jar each came from, and the first wins.
 * A strategy registered explicitly with {@code registerVersion} or {@code registerConflict} wins over a discovered one. Thread-safe.
 */
public final class Strategies {
  private static final Logger LOG = LoggerFactory.getLogger(Strategies.class);

  private final Map<String, VersionStrategy> versions = new TreeMap<>();
  private final Map<String, ConflictStrategy> conflicts = new TreeMap<>();
  private final Map<String, DepartmentLayoutProvider> layouts = new TreeMap<>();
  private final List<String> problems = new ArrayList<>();

  private Strategies() {}

  /** An empty registry (nothing discovered). */
  public static Strategies empty() {
    return new Strategies();
  }

  /** Every provider visible to this class's loader (or module layer). */
  public static Strategies discover() {
    return discover(Strategies.class.getClassLoader());
  }

  /** Every provider visible to the given class loader, for example one that holds plugin jars. */
  public static Strategies discover(@Nullable ClassLoader loader) {
    Strategies s = new Strategies();
    ModuleLayer layer = Strategies.class.getModule().getLayer();
    s.load(VersionStrategy.class, layer, loader, VersionStrategy::id, s.versions, "version strategy");
    s.load(ConflictStrategy.class, layer, loader, ConflictStrategy::id, s.conflicts, "conflict strategy");
    s.load(DepartmentLayoutProvider.class, layer, loader, DepartmentLayoutProvider::kind, s.layouts, "layout kind");
    return s;
  }

  private <T> void load(Class<T> type, @Nullable ModuleLayer layer, @Nullable ClassLoader loader,
      Function<T, String> idOf, Map<String, T> into, String kind) {
    Map<String, String> origins = new LinkedHashMap<>();
    List<ServiceLoader<T>> loaders = new ArrayList<>();
    if (layer != null) {
      loaders.add(ServiceLoader.load(layer, type));
    }
    loaders.add(ServiceLoader.load(type, loader));
    for (ServiceLoader<T> serviceLoader : loaders) {
      Iterator<T> it = serviceLoader.iterator();
      while (true) {
        T provider;
        try {
          if (!it.hasNext()) {
            break;
          }
          provider = it.next();
        } catch (ServiceConfigurationError e) {
          String msg = "broken " + kind + " provider skipped: " + e.getMessage()
              + (e.getCause() != null ? " (" + e.getCause() + ")" : "");
          LOG.warn(msg);
          synchronized (problems) {
            if (!problems.contains(msg)) {
              problems.add(msg);
            }
          }
          continue;
        }
        String id;
        try {
          id = Objects.requireNonNull(idOf.apply(provider), "id");
        } catch (RuntimeException e) {
          String msg = "broken " + kind + " provider " + provider.getClass().getName() + " skipped: id() failed: " + e;
          LOG.warn(msg);
          problems.add(msg);
          continue;
        }
        String origin = origin(provider.getClass());
        T existing = into.get(id);
        if (existing == null) {
          into.put(id, provider);
          origins.put(id, origin);
        } else if (existing.getClass() != provider.getClass()) {
          String msg = "duplicate " + kind + " id '" + id + "': " + provider.getClass().getName() + " from " + origin
              + " ignored; keeping " + existing.getClass().getName() + " from " + origins.get(id);
          LOG.warn(msg);
          problems.add(msg);
        }
      }
    }
  }

  private static String origin(Class<?> c) {
    try {
      CodeSource cs = c.getProtectionDomain().getCodeSource();
      URL url = cs == null ? null : cs.getLocation();
      return url == null ? "unknown location" : url.toString();
    } catch (SecurityException e) {
      return "unknown location";
    }
  }

  /** Registers a version strategy under an id; it wins over a discovered one of the same id. */
  public synchronized Strategies registerVersion(String id, VersionStrategy strategy) {
    versions.put(checkId(id), Objects.requireNonNull(strategy, "strategy"));
    return this;
  }

  /** Registers a conflict strategy under an id; it wins over a discovered one of the same id. */
  public synchronized Strategies registerConflict(String id, ConflictStrategy strategy) {
    conflicts.put(checkId(id), Objects.requireNonNull(strategy, "strategy"));
    return this;
  }

  /** Registers a version strategy under its own {@code id()}. */
  public Strategies registerVersion(VersionStrategy strategy) {
    return registerVersion(ownId(strategy::id, strategy), strategy);
  }

  /** Registers a conflict strategy under its own {@code id()}. */
  public Strategies registerConflict(ConflictStrategy strategy) {
    return registerConflict(ownId(strategy::id, strategy), strategy);
  }

  /** A strategy's own id; a script function whose {@code id()} cannot be called gets a clear error. */
  private static String ownId(java.util.function.Supplier<String> id, Object strategy) {
    try {
      return id.get();
    } catch (RuntimeException e) {
      throw new io.shotsync.api.InvalidInputException("cannot ask " + strategy.getClass().getName()
          + " for its id() (" + e + "); register it under an id instead");
    }
  }

  /** Registers a department layout kind. */
  public synchronized Strategies register(DepartmentLayoutProvider provider) {
    layouts.put(checkId(provider.kind()), provider);
    return this;
  }

  /**
   * The version strategy with this id.
   *
   * @throws UnknownStrategyException naming the known ids
   */
  public synchronized VersionStrategy version(String id) {
    VersionStrategy s = versions.get(id);
    if (s == null) {
      throw new UnknownStrategyException("version strategy", id, List.copyOf(versions.keySet()));
    }
    return s;
  }

  /**
   * The conflict strategy with this id.
   *
   * @throws UnknownStrategyException naming the known ids
   */
  public synchronized ConflictStrategy conflict(String id) {
    ConflictStrategy s = conflicts.get(id);
    if (s == null) {
      throw new UnknownStrategyException("conflict strategy", id, List.copyOf(conflicts.keySet()));
    }
    return s;
  }

  /**
   * The department layout kind with this name.
   *
   * @throws UnknownStrategyException naming the known kinds
   */
  public synchronized DepartmentLayoutProvider layoutKind(String kind) {
    DepartmentLayoutProvider p = layouts.get(kind);
    if (p == null) {
      throw new UnknownStrategyException("layout kind", kind, List.copyOf(layouts.keySet()));
    }
    return p;
  }

  /** The version strategy ids, sorted. */
  public synchronized List<String> versionIds() {
    return List.copyOf(versions.keySet());
  }

  /** The conflict strategy ids, sorted. */
  public synchronized List<String> conflictIds() {
    return List.copyOf(conflicts.keySet());
  }

  /** The layout kinds, sorted. */
  public synchronized List<String> layoutKinds() {
    return List.copyOf(layouts.keySet());
  }

  /** Version strategies by id, for help texts. */
  public synchronized Map<String, VersionStrategy> versionStrategies() {
    return Collections.unmodifiableMap(new TreeMap<>(versions));
  }

  /** Conflict strategies by id, for help texts. */
  public synchronized Map<String, ConflictStrategy> conflictStrategies() {
    return Collections.unmodifiableMap(new TreeMap<>(conflicts));
  }

  /** Providers that could not be loaded and duplicate ids, one line each. */
  public synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  private static String checkId(String id) {
    if (id == null || id.isBlank() || id.chars().anyMatch(c -> c <= ' ')) {
      throw new io.shotsync.api.InvalidInputException("strategy id must be a non-blank word: '" + id + "'");
    }
    return id;
  }
}
