package io.shotsync.cli;

import io.shotsync.cli.internal.Errors;
import io.shotsync.cli.internal.Logging;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
    throw new ParameterException(spec.commandLine(), "missing command: scan, compare, download, tasks, worker, history, demo or serve");
  }

  /** Runs the command and exits with its status. */
  private static final String TLS_TICKETS = "jdk.tls.client.enableSessionTicketExtension";

  public static void main(String[] args) {
    // Before any TLS class loads: FTPS servers on TLS 1.2 such as vsftpd issue session tickets the JDK discards
    // (lifetime over 7 days), so data connections could not resume the control session; without tickets they
    // resume by session id. TLS 1.3 is not affected. A -D on the command line wins.
    if (System.getProperty(TLS_TICKETS) == null) {
      System.setProperty(TLS_TICKETS, "false");
    }
    System.exit(run(args));
  }

  /** Runs the command and answers its exit status. */
  public static int run(String... args) {
    int verbosity = Logging.configure(args);
    Errors errors = new Errors(verbosity > 1);
    CommandLine cl = new CommandLine(new Main());
    // picocli reads each command's annotations when it is added; start-up time counts (a download is timed with
    // the JVM start included), so only the command being run is added, or all of them for help and errors
    String first = null;
    for (String a : args) {
      if (!a.startsWith("-")) {
        first = a;
        break;
      }
    }
    Map<String, Supplier<Object>> commands = commands();
    boolean versionOnly = first == null && List.of(args).stream().anyMatch(a -> a.equals("-V") || a.equals("--version"))
        && List.of(args).stream().noneMatch(a -> a.equals("-h") || a.equals("--help"));
    if (first != null && commands.containsKey(first)) {
      cl.addSubcommand(first, commands.get(first).get());
    } else if (!versionOnly) {
      commands.forEach((name, command) -> cl.addSubcommand(name, command.get()));
    }
    cl.setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(errors)
        .setExecutionExceptionHandler(errors);
    return cl.execute(args);
  }

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("scan", ScanCommand::new);
    m.put("compare", CompareCommand::new);
    m.put("download", DownloadCommand::new);
    m.put("tasks", TasksCommand::new);
    m.put("worker", WorkerCommand::new);
    m.put("history", HistoryCommand::new);
    m.put("demo", DemoCommand::new);
    m.put("serve", ServeCommand::new);
    m.put("help", CommandLine.HelpCommand::new);
    return m;
  }
}
