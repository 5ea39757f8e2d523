package io.shotsync.api;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a task fetches and everything needed to run it: the endpoint, the selection, the version and conflict
 * strategies by id with their inputs, the local root, the layout and the transfer options. Immutable; build one with
 * {@link #builder(String)}.
 *
 * <p>The local root, layout and options may be left unset: {@code ShotSync} fills them in from the endpoint's
 * configuration when it creates the task, so a stored task always says where and how it runs, and a worker, a retry
 * or an automatic retry in any process runs it the same way.
 *
 * <p>Strategy inputs: {@code specific} reads {@link #specificVersion()}, {@code custom} reads
 * {@link #customVersions()}; a plugin strategy reads its own inputs from {@link #properties()}. Every strategy sees
 * the whole spec in its context.
 */
public final class TaskSpec {
  private final String name;
  private final String endpointId;
  private final Selection selection;
  private final String versionStrategy;
  private final @Nullable Version specificVersion;
  private final Map<ItemKey, Version> customVersions;
  private final String conflictStrategy;
  private final Map<String, String> properties;
  private final @Nullable Instant notBefore;
  private final int autoRetries;
  private final Duration retryDelay;
  private final @Nullable Path localRoot;
  private final @Nullable String layout;
  private final @Nullable SyncOptions options;

  private TaskSpec(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name");
    this.endpointId = b.endpointId;
    this.selection = Objects.requireNonNull(b.selection, "selection");
    this.versionStrategy = Objects.requireNonNull(b.versionStrategy, "versionStrategy");
    this.specificVersion = b.specificVersion;
    this.customVersions = Map.copyOf(new TreeMap<>(b.customVersions));
    this.conflictStrategy = Objects.requireNonNull(b.conflictStrategy, "conflictStrategy");
    this.properties = Map.copyOf(b.properties);
    this.notBefore = b.notBefore;
    this.autoRetries = b.autoRetries;
    this.retryDelay = Objects.requireNonNull(b.retryDelay, "retryDelay");
    this.localRoot = b.localRoot == null ? null : b.localRoot.toAbsolutePath().normalize();
    this.layout = b.layout;
    this.options = b.options;
    if (endpointId.isBlank()) {
      throw new InvalidInputException("endpoint id must not be blank");
    }
    if (versionStrategy.isBlank()) {
      throw new InvalidInputException("version strategy id must not be blank");
    }
    if (conflictStrategy.isBlank()) {
      throw new InvalidInputException("conflict strategy id must not be blank");
    }
    if (autoRetries < 0 || autoRetries > 100) {
      throw new InvalidInputException("autoRetries must be 0-100: " + autoRetries);
    }
    if (retryDelay.isNegative()) {
      throw new InvalidInputException("retry delay must not be negative: " + retryDelay);
    }
    if ("specific".equals(versionStrategy) && specificVersion == null) {
      throw new InvalidInputException("version strategy 'specific' needs a specific version, like v005");
    }
  }

  /** A builder for the given endpoint, with the seed's defaults: latest versions, skip existing files. */
  public static Builder builder(String endpointId) {
    return new Builder(endpointId);
  }

  /** A builder that starts from this spec. */
  public Builder toBuilder() {
    Builder b = new Builder(endpointId);
    b.name = name;
    b.selection = selection;
    b.versionStrategy = versionStrategy;
    b.specificVersion = specificVersion;
    b.customVersions.putAll(customVersions);
    b.conflictStrategy = conflictStrategy;
    b.properties.putAll(properties);
    b.notBefore = notBefore;
    b.autoRetries = autoRetries;
    b.retryDelay = retryDelay;
    b.localRoot = localRoot;
    b.layout = layout;
    b.options = options;
    return b;
  }

  /** A label for people. */
  public String name() {
    return name;
  }

  /** The endpoint to fetch from. */
  public String endpointId() {
    return endpointId;
  }

  /** Shots and departments. */
  public Selection selection() {
    return selection;
  }

  /** Id of a {@code VersionStrategy}: {@code latest}, {@code specific}, {@code all}, {@code custom} or a plugin's. */
  public String versionStrategy() {
    return versionStrategy;
  }

  /** The version for {@code specific}, or null. */
  public @Nullable Version specificVersion() {
    return specificVersion;
  }

  /** Per item versions for {@code custom}, sorted by item. */
  public Map<ItemKey, Version> customVersions() {
    return customVersions;
  }

  /** Id of a {@code ConflictStrategy}: {@code skip}, {@code compare}, {@code overwrite}, {@code keep_both} or a plugin's. */
  public String conflictStrategy() {
    return conflictStrategy;
  }

  /** Free settings: the inputs of plugin strategies. */
  public Map<String, String> properties() {
    return properties;
  }

  /** A queued task does not start before this time; null for at once. */
  public @Nullable Instant notBefore() {
    return notBefore;
  }

  /** How many times a failed or partial task is run again by itself. */
  public int autoRetries() {
    return autoRetries;
  }

  /** How long to wait before such a retry. */
  public Duration retryDelay() {
    return retryDelay;
  }

  /** The local directory the task writes under (absolute), or null for its endpoint's. */
  public @Nullable Path localRoot() {
    return localRoot;
  }

  /** The layout as layout-file JSON, or null for its endpoint's (the built-in default unless configured). */
  public @Nullable String layout() {
    return layout;
  }

  /** The transfer options, or null for its endpoint's. */
  public @Nullable SyncOptions options() {
    return options;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskSpec s && name.equals(s.name) && endpointId.equals(s.endpointId)
        && selection.equals(s.selection) && versionStrategy.equals(s.versionStrategy)
        && Objects.equals(specificVersion, s.specificVersion) && customVersions.equals(s.customVersions)
        && conflictStrategy.equals(s.conflictStrategy) && properties.equals(s.properties)
        && Objects.equals(notBefore, s.notBefore) && autoRetries == s.autoRetries && retryDelay.equals(s.retryDelay)
        && Objects.equals(localRoot, s.localRoot) && Objects.equals(layout, s.layout)
        && Objects.equals(options, s.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, endpointId, selection, versionStrategy, specificVersion, customVersions,
        conflictStrategy, properties, notBefore, autoRetries, retryDelay, localRoot, layout, options);
  }

  @Override
  public String toString() {
    return "TaskSpec[name=" + name + ", endpointId=" + endpointId + ", selection=" + selection + ", versionStrategy="
        + versionStrategy + ", specificVersion=" + specificVersion + ", customVersions=" + customVersions
        + ", conflictStrategy=" + conflictStrategy + ", properties=" + properties + ", notBefore=" + notBefore
        + ", autoRetries=" + autoRetries + ", retryDelay=" + retryDelay + ", localRoot=" + localRoot + ", layout="
        + (layout == null ? "endpoint's" : "custom") + ", options=" + options + "]";
  }

  /** Builds a {@link TaskSpec}. */
  public static final class Builder {
    private final String endpointId;
    private String name = "";
    private Selection selection = Selection.all();
    private String versionStrategy = "latest";
    private @Nullable Version specificVersion;
    private final Map<ItemKey, Version> customVersions = new LinkedHashMap<>();
    private String conflictStrategy = "skip";
    private final Map<String, String> properties = new LinkedHashMap<>();
    private @Nullable Instant notBefore;
    private int autoRetries;
    private Duration retryDelay = Duration.ofMinutes(1);
    private @Nullable Path localRoot;
    private @Nullable String layout;
    private @Nullable SyncOptions options;

    private Builder(String endpointId) {
      this.endpointId = Objects.requireNonNull(endpointId, "endpointId");
    }

    /** A label for people. */
    public Builder name(String value) {
      this.name = Objects.requireNonNull(value, "name");
      return this;
    }

    /** The shots and departments. */
    public Builder selection(Selection value) {
      this.selection = Objects.requireNonNull(value, "selection");
      return this;
    }

    /** Shot globs, every department. */
    public Builder shots(String... globs) {
      this.selection = new Selection(List.of(globs), selection.departments());
      return this;
    }

    /** Narrows to these departments. */
    public Builder departments(Department... depts) {
      this.selection = selection.departments(depts);
      return this;
    }

    /** The version strategy id. */
    public Builder versionStrategy(String id) {
      this.versionStrategy = Objects.requireNonNull(id, "versionStrategy");
      return this;
    }

    /** Selects the {@code specific} strategy with this version. */
    public Builder specificVersion(Version version) {
      this.versionStrategy = "specific";
      this.specificVersion = version;
      return this;
    }

    /** Sets the specific version without choosing a strategy (null clears it). */
    public Builder specificVersionOnly(@Nullable Version version) {
      this.specificVersion = version;
      return this;
    }

    /** Selects the {@code custom} strategy and picks this version for one item. */
    public Builder customVersion(ItemKey item, Version version) {
      this.versionStrategy = "custom";
      this.customVersions.put(item, version);
      return this;
    }

    /** Selects the {@code custom} strategy with these versions. */
    public Builder customVersions(Map<ItemKey, Version> versions) {
      this.versionStrategy = "custom";
      this.customVersions.putAll(versions);
      return this;
    }

    /** The conflict strategy id. */
    public Builder conflictStrategy(String id) {
      this.conflictStrategy = Objects.requireNonNull(id, "conflictStrategy");
      return this;
    }

    /** A setting for plugin strategies. */
    public Builder property(String key, String value) {
      this.properties.put(key, value);
      return this;
    }

    /** A queued task does not start before this time. */
    public Builder notBefore(@Nullable Instant value) {
      this.notBefore = value;
      return this;
    }

    /** Runs a failed or partial task again by itself, up to {@code count} times, after {@code delay}. */
    public Builder autoRetry(int count, Duration delay) {
      this.autoRetries = count;
      this.retryDelay = delay;
      return this;
    }

    /** The local directory the task writes under (default: its endpoint's). */
    public Builder localRoot(@Nullable Path dir) {
      this.localRoot = dir;
      return this;
    }

    /** The layout as layout-file JSON (default: its endpoint's). */
    public Builder layout(@Nullable String layoutJson) {
      this.layout = layoutJson;
      return this;
    }

    /** The transfer options (default: its endpoint's). */
    public Builder options(@Nullable SyncOptions value) {
      this.options = value;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @throws InvalidInputException when a value is out of range, or {@code specific} has no version
     */
    public TaskSpec build() {
      return new TaskSpec(this);
    }
  }
}
