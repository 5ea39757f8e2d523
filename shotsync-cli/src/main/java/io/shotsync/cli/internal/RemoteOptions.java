package io.shotsync.cli.internal;

import io.shotsync.api.Endpoint;
import io.shotsync.core.Layout;
import java.io.PrintStream;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --remote URL} and {@code --layout FILE}. */
public final class RemoteOptions {
  @Option(names = "--remote", required = true, paramLabel = "URL", order = 1,
      description = "ftp://[user@]host[:port]/root or ftps://...; the password comes from SHOTSYNC_PASSWORD"
          + " or ~/.netrc.")
  @Nullable String url;

  @Option(names = "--layout", paramLabel = "FILE", order = 2,
      description = "A JSON layout file (default: <ep>/<seq>/<shot>/anim/publish/vNNN and"
          + " <ep>/<seq>/<shot>/lighting/version/*_vNNN.*).")
  @Nullable Path layoutFile;

  /** The URL as given. */
  public String url() {
    return java.util.Objects.requireNonNull(url, "--remote");
  }

  /** The layout file, or null for the default layout. */
  public @Nullable Path layoutFile() {
    return layoutFile;
  }

  /** The endpoint with its password from the URL, SHOTSYNC_PASSWORD or ~/.netrc. */
  public Endpoint endpoint(PrintStream warnings) {
    return Credentials.fromEnvironment().endpoint(url(), warnings);
  }

  /** The layout from the file, or the default layout. */
  public Layout layout() {
    return layoutFile == null ? Layout.defaults() : Layout.load(layoutFile);
  }
}
