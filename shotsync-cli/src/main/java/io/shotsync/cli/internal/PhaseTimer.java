package io.shotsync.cli.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the phases of a command for {@code --timings}: the first phase starts when the JVM started (so it holds
 * JVM start-up and class loading), each next one where the previous ended.
 */
public final class PhaseTimer {
  private final boolean on;
  private final List<String> lines = new ArrayList<>();
  private final long jvmStart;
  private long last;

  /** A timer whose first phase starts with the JVM; off, it records nothing. */
  public PhaseTimer(boolean on) {
    // the JVM's own start time, to the millisecond; the process's start time as Linux tells it
    // (ProcessHandle.Info.startInstant) is off by up to a second, from the boot time it is counted from
    this(on, on ? java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()
        : System.currentTimeMillis());
  }

  private PhaseTimer(boolean on, long start) {
    this.on = on;
    this.jvmStart = start;
    this.last = start;
  }

  /** A timer whose first phase starts now (a repeated run in a warm JVM). */
  public static PhaseTimer fromNow(boolean on) {
    return new PhaseTimer(on, System.currentTimeMillis());
  }

  /** Ends the phase named {@code name} now. */
  public void phase(String name) {
    if (!on) {
      return;
    }
    long now = System.currentTimeMillis();
    lines.add(String.format("%-9s %7.3f s", name, (now - last) / 1000.0));
    last = now;
  }

  /** Prints the phases and the total since JVM start on {@code err}. */
  public void print(PrintStream err) {
    if (!on) {
      return;
    }
    err.println("timings:");
    lines.forEach(l -> err.println("  " + l));
    err.println(String.format("  %-9s %7.3f s", "total", (System.currentTimeMillis() - jvmStart) / 1000.0));
  }
}
