package io.shotsync.cli.internal;

import io.shotsync.api.InvalidInputException;
import io.shotsync.api.NotFoundException;
import io.shotsync.api.RemoteException;
import io.shotsync.api.ShotSyncException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Turns exceptions into a one-line reason on stderr and the exit status scripts rely on. */
public final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final boolean stackTraces;

  /** A handler; with {@code stackTraces} (-vv) unexpected errors print their stack trace. */
  public Errors(boolean stackTraces) {
    this.stackTraces = stackTraces;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    cmd.getErr().println(prefix(cmd) + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName()
        + " --help')");
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    Throwable t = unwrap(ex);
    int code = exitCode(t);
    String message = t.getMessage() == null ? t.toString() : t.getMessage();
    if (code == ExitCodes.ERROR && !(t instanceof ShotSyncException) && !(t instanceof UncheckedIOException)) {
      message = t.toString();
    }
    cmd.getErr().println(prefix(cmd) + message.replaceAll("\\s*\\R\\s*", " "));
    if (stackTraces) {
      t.printStackTrace(cmd.getErr());
    }
    return code;
  }

  /** The exit status for an exception. */
  public static int exitCode(Throwable t) {
    if (t instanceof RemoteException r) {
      return switch (r.kind()) {
        case UNREACHABLE, LOGIN_REFUSED -> ExitCodes.REMOTE;
        default -> ExitCodes.ERROR;
      };
    }
    if (t instanceof InvalidInputException || t instanceof NotFoundException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.ERROR;
  }

  /** The exception that says what went wrong, out of completion and execution wrappers. */
  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    if (!(c instanceof ShotSyncException)) {
      // a shotsync exception wrapped in something else still decides the status
      for (Throwable x = c.getCause(); x != null; x = x.getCause()) {
        if (x instanceof ShotSyncException) {
          return x;
        }
      }
    }
    return c;
  }

  private static String prefix(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName() + ": ";
  }
}
