package io.shotsync.core;

import io.shotsync.api.Endpoint;
import io.shotsync.api.SyncOptions;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An endpoint as configured: the FTP server ({@link Endpoint}, with its FTPS trust), the local root its shots are
 * written under, its layout and the default transfer options of its tasks. Immutable; build with
 * {@link #builder(Endpoint)}.
 */
public final class EndpointConfig {
  private final Endpoint endpoint;
  private final @Nullable Path localRoot;
  private final Layout layout;
  private final SyncOptions options;

  private EndpointConfig(Builder b) {
    this.endpoint = b.endpoint;
    this.localRoot = b.localRoot == null ? null : b.localRoot.toAbsolutePath().normalize();
    this.layout = b.layout;
    this.options = b.options;
  }

  /** A builder for this endpoint: no local root yet, the default layout and options. */
  public static Builder builder(Endpoint endpoint) {
    return new Builder(endpoint);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(endpoint).localRoot(localRoot).layout(layout).options(options);
  }

  /** The id. */
  public String id() {
    return endpoint.id();
  }

  /** The FTP server, root and login. */
  public Endpoint endpoint() {
    return endpoint;
  }

  /** The local directory this endpoint's tasks write under, or null when each task must name its own. */
  public @Nullable Path localRoot() {
    return localRoot;
  }

  /** The layout of the remote and local shot trees. */
  public Layout layout() {
    return layout;
  }

  /** The default transfer options of this endpoint's tasks; its connection count also bounds its scans. */
  public SyncOptions options() {
    return options;
  }

  @Override
  public String toString() {
    return "EndpointConfig[" + endpoint.id() + " " + endpoint.url() + " -> " + localRoot + "]";
  }

  /** Builds an {@link EndpointConfig}. */
  public static final class Builder {
    private Endpoint endpoint;
    private @Nullable Path localRoot;
    private Layout layout = Layout.defaults();
    private SyncOptions options = SyncOptions.defaults();

    private Builder(Endpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** Another endpoint (same or other id), keeping the rest. */
    public Builder endpoint(Endpoint value) {
      this.endpoint = Objects.requireNonNull(value, "endpoint");
      return this;
    }

    /** The local root. */
    public Builder localRoot(@Nullable Path dir) {
      this.localRoot = dir;
      return this;
    }

    /** The layout. */
    public Builder layout(Layout value) {
      this.layout = Objects.requireNonNull(value, "layout");
      return this;
    }

    /** The default transfer options. */
    public Builder options(SyncOptions value) {
      this.options = Objects.requireNonNull(value, "options");
      return this;
    }

    /** Builds the configuration. */
    public EndpointConfig build() {
      return new EndpointConfig(this);
    }
  }
}
