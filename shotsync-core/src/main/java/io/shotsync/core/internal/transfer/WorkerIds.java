package io.shotsync.core.internal.transfer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Worker ids that say where a worker runs, {@code HOST:PID:START:RANDOM} (host name, process id, the process's start
 * in epoch milliseconds, and a random part telling two engines of one process apart), so a worker that finds items
 * claimed by a process of its own host that no longer exists can take them over at once instead of waiting for the
 * lease. Other ids (a host application's own) are never taken for dead.
 */
public final class WorkerIds {
  private static final String HOST = hostName();
  private static final long PID = ProcessHandle.current().pid();
  private static final long START = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
      .orElse(0L);

  private WorkerIds() {}

  /** A new id for an engine of this process. */
  public static String local() {
    return HOST + ":" + PID + ":" + START + ":" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000,
        0x100000));
  }

  /**
   * True when the id names a process of this host that is gone: no process has its pid, or the process with that pid
   * started at another time (the pid was reused). False for ids of other hosts, of live processes and of other forms.
   */
  public static boolean deadOnThisHost(String id) {
    Optional<long[]> parsed = parse(id);
    if (parsed.isEmpty()) {
      return false;
    }
    long pid = parsed.get()[0];
    long start = parsed.get()[1];
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) {
      return true;
    }
    Optional<Instant> started = p.get().info().startInstant();
    return start != 0 && started.isPresent() && started.get().toEpochMilli() != start;
  }

  /** {pid, start} of an id of this host's form, if it is one. */
  private static Optional<long[]> parse(String id) {
    String[] parts = id.split(":");
    if (parts.length != 4 || !parts[0].equalsIgnoreCase(HOST)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String hostName() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      name = "localhost";
    }
    return name.replace(':', '_').toLowerCase(Locale.ROOT);
  }
}
