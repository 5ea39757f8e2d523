package io.shotsync.cli;

import io.shotsync.cli.internal.Errors;
import io.shotsync.cli.internal.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code shotsync} command: brings animation and lighting shots from an FTP server to local storage. */
@Command(name = "shotsync", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
    description = "Brings animation and lighting shots from an FTP server to local storage.",
    subcommands = {ScanCommand.class, CompareCommand.class, DownloadCommand.class, TasksCommand.class,
        WorkerCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Exit status: 0 ok, 2 bad usage, 3 an item failed, 4 server unreachable or login refused,"
        + " 130 interrupted.",
        "Environment: SHOTSYNC_PASSWORD (FTP password), SHOTSYNC_HOME (default ~/.shotsync)."})
public final class Main implements Runnable {
  @Spec
  CommandSpec spec;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Log more on stderr: -v for INFO, -vv for DEBUG.")
  boolean[] verbose = new boolean[0];

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: scan, compare, download, tasks, worker or demo");
  }

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command and answers its exit status. */
  public static int run(String... args) {
    int verbosity = Logging.configure(args);
    Errors errors = new Errors(verbosity > 1);
    CommandLine cl = new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(errors)
        .setExecutionExceptionHandler(errors);
    return cl.execute(args);
  }
}
