package io.shotsync.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;

/**
 * Where a command writes: results on stdout (one JSON document in {@code --json} mode, nothing else), progress,
 * notes and errors on stderr.
 */
public final class Output {

  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;
  private final boolean quiet;
  private final boolean terminal;

  /** An output on the given streams. */
  public Output(PrintStream out, PrintStream err, boolean json, boolean quiet, boolean terminal) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.quiet = quiet;
    this.terminal = terminal;
  }

  /** stdout and stderr of the process; a terminal when {@code System.console()} exists. */
  public static Output system(boolean json, boolean quiet) {
    return new Output(System.out, System.err, json, quiet, System.console() != null);
  }

  /** True in {@code --json} mode. */
  public boolean json() {
    return json;
  }

  /** True in {@code --quiet} mode. */
  public boolean quiet() {
    return quiet;
  }

  /** True when a live progress bar and tables are wanted: a terminal, not quiet, not JSON. */
  public boolean live() {
    return terminal && !quiet && !json;
  }

  /** The progress mode for these options. */
  public Progress.Mode progressMode() {
    if (json || quiet) {
      return Progress.Mode.QUIET;
    }
    return terminal ? Progress.Mode.TERMINAL : Progress.Mode.PLAIN;
  }

  /** stdout. */
  public PrintStream out() {
    return out;
  }

  /** stderr. */
  public PrintStream err() {
    return err;
  }

  /** A result line on stdout (not in JSON mode, not in quiet mode). */
  public void result(String line) {
    if (!json && !quiet) {
      out.println(line);
    }
  }

  /** The summary line on stdout (not in JSON mode; also in quiet mode). */
  public void summary(String line) {
    if (!json) {
      out.println(line);
    }
  }

  /** A note on stderr (not in quiet or JSON mode). */
  public void note(String line) {
    if (!json && !quiet) {
      err.println(line);
    }
  }

  /** An error line on stderr, always. */
  public void error(String line) {
    err.println(line);
  }

  /** Prints the document as JSON on stdout. */
  public void printJson(Object document) {
    try {
      out.println(mapper().writeValueAsString(document));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** Prints a JSON text produced elsewhere (the structure snapshot) as is. */
  public void printJsonText(String jsonText) {
    out.println(jsonText);
    out.flush();
  }

  /** The shared mapper, made on first use: a run without JSON output never builds one. */
  public static ObjectMapper mapper() {
    return Mapper.INSTANCE;
  }

  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
