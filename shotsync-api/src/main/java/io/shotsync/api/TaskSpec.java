package io.shotsync.api;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a task should fetch: the selection, the version and conflict strategies by id, and options.
 *
 * @param name a label for people
 * @param endpointId the endpoint to fetch from
 * @param selection shots and departments
 * @param versionStrategy id of a {@code VersionStrategy} ({@code latest}, {@code specific}, {@code all},
 *     {@code custom} or a plugin's)
 * @param specificVersion the version for {@code specific}
 * @param customVersions per item versions for {@code custom}
 * @param conflictStrategy id of a {@code ConflictStrategy} ({@code skip}, {@code compare}, {@code overwrite},
 *     {@code keep_both} or a plugin's)
 * @param properties free settings that plugin strategies read
 * @param notBefore a queued task does not start before this time; null for at once
 * @param autoRetries how many times a failed or partial task is run again by itself
 * @param retryDelay how long to wait before such a retry
 */
public record TaskSpec(
    String name,
    String endpointId,
    Selection selection,
    String versionStrategy,
    @Nullable Version specificVersion,
    Map<ItemKey, Version> customVersions,
    String conflictStrategy,
    Map<String, String> properties,
    @Nullable Instant notBefore,
    int autoRetries,
    Duration retryDelay) {

  /** Checks and copies the fields. */
  public TaskSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(versionStrategy, "versionStrategy");
    Objects.requireNonNull(conflictStrategy, "conflictStrategy");
    Objects.requireNonNull(retryDelay, "retryDelay");
    customVersions = Map.copyOf(new TreeMap<>(customVersions));
    properties = Map.copyOf(properties);
    if (autoRetries < 0) {
      throw new InvalidInputException("autoRetries must not be negative: " + autoRetries);
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
    return b;
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

    private Builder(String endpointId) {
      this.endpointId = Objects.requireNonNull(endpointId, "endpointId");
    }

    /** A label for people. */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** The shots and departments. */
    public Builder selection(Selection value) {
      this.selection = value;
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
      this.versionStrategy = id;
      return this;
    }

    /** Selects the {@code specific} strategy with this version. */
    public Builder specificVersion(Version version) {
      this.versionStrategy = "specific";
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
      this.conflictStrategy = id;
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

    /** Builds the spec. */
    public TaskSpec build() {
      return new TaskSpec(name, endpointId, selection, versionStrategy, specificVersion, customVersions,
          conflictStrategy, properties, notBefore, autoRetries, retryDelay);
    }
  }
}
