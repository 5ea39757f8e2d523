package io.shotsync.cli.internal;

import picocli.CommandLine.Option;

/** {@code --json} and {@code --quiet}, shared by the commands that print results. */
public final class OutputOptions {
  @Option(names = "--json", description = "Print one JSON document on stdout; progress and logs go to stderr.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "Print only errors and the summary line.")
  boolean quiet;

  /** True for {@code --json}. */
  public boolean json() {
    return json;
  }

  /** True for {@code --quiet}. */
  public boolean quiet() {
    return quiet;
  }

  /** The output for these options on the process's streams. */
  public Output output() {
    return Output.system(json, quiet);
  }
}
