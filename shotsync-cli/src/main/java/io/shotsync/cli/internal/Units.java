package io.shotsync.cli.internal;

import io.shotsync.api.BandwidthTimetable;
import java.time.Duration;
import java.util.Locale;

/** Parses and prints byte sizes, rates and durations. K, M and G are powers of 1024. */
public final class Units {
  private Units() {}

  /**
   * Parses a rate such as {@code 500K}, {@code 10M}, {@code 1.5M} or {@code 2048} into bytes per second;
   * {@code 0} and {@code off} mean no limit.
   */
  public static long parseRate(String text) {
    return BandwidthTimetable.parseRate(text);
  }

  /** {@code 3.5 MiB}, {@code 812 B}. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
  }

  /** {@code 1.2 MiB/s}. */
  public static String rate(double bytesPerSecond) {
    return bytes(Math.round(Math.max(0, bytesPerSecond))) + "/s";
  }

  /** {@code 850ms}, {@code 4.2s}, {@code 3m05s}, {@code 1h02m}. */
  public static String duration(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
