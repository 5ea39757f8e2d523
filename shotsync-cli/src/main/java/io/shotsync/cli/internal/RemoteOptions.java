package io.shotsync.cli.internal;

import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.core.Layout;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --remote URL}, {@code --layout FILE} and {@code --trust sha256:FP|FILE.pem}. */
public final class RemoteOptions {
  @Option(names = "--remote", required = true, paramLabel = "URL", order = 1,
      description = "ftp://[user@]host[:port]/root or ftps://...; the password comes from SHOTSYNC_PASSWORD"
          + " or ~/.netrc.")
  @Nullable String url;

  @Option(names = "--layout", paramLabel = "FILE", order = 2,
      description = "A JSON layout file (default: <ep>/<seq>/<shot>/anim/publish/vNNN and"
          + " <ep>/<seq>/<shot>/lighting/version/*_vNNN.*).")
  @Nullable Path layoutFile;

  @Option(names = "--trust", paramLabel = "sha256:FP|FILE.pem", order = 3,
      description = "For ftps:// only: also trust the server certificate with this SHA-256 fingerprint"
          + " (sha256:AB:CD:..., host name not checked), or certificates chaining to the one(s) in this PEM file"
          + " (host name checked). Default: the JVM trust store, host name checked.")
  @Nullable String trust;

  /** The URL as given. */
  public String url() {
    return java.util.Objects.requireNonNull(url, "--remote");
  }

  /** The layout file, or null for the default layout. */
  public @Nullable Path layoutFile() {
    return layoutFile;
  }

  /** The endpoint with its password from the URL, SHOTSYNC_PASSWORD or ~/.netrc, and its {@code --trust}. */
  public Endpoint endpoint(PrintStream warnings) {
    return withTrust(Credentials.fromEnvironment().endpoint(url(), warnings), trust);
  }

  /**
   * The endpoint trusting what {@code --trust} says, or unchanged when it is null.
   *
   * @throws InvalidInputException for a plain ftp:// endpoint or a value that is neither a fingerprint nor a file
   */
  public static Endpoint withTrust(Endpoint e, @Nullable String trust) {
    if (trust == null) {
      return e;
    }
    if (!e.ftps()) {
      throw new InvalidInputException("--trust applies to ftps:// URLs only, not " + e.url());
    }
    boolean fingerprint = trust.regionMatches(true, 0, "sha256:", 0, 7);
    if (fingerprint && !trust.substring(7).replace(":", "").matches("[0-9a-fA-F]{64}")) {
      throw new InvalidInputException("--trust " + trust + ": expected sha256: and 64 hex digits (colons allowed)");
    }
    if (!fingerprint && !Files.isRegularFile(Path.of(trust))) {
      throw new InvalidInputException("--trust " + trust + ": expected sha256:<fingerprint> or a PEM certificate file,"
          + " and there is no such file");
    }
    return e.withFtps(true, fingerprint ? trust : Path.of(trust).toAbsolutePath().toString());
  }

  /** The layout from the file, or the default layout. */
  public Layout layout() {
    return layoutFile == null ? Layout.defaults() : Layout.load(layoutFile);
  }
}
