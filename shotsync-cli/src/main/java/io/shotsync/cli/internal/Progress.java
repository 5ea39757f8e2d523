package io.shotsync.cli.internal;

import io.shotsync.api.ItemStatus;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.Version;
import io.shotsync.api.event.FileEvent;
import io.shotsync.api.event.ScanProgress;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.event.TransferProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Shows a scan or task on stderr: a live bar redrawn in place (at most five times a second) on a terminal,
 * plain lines otherwise, only errors in quiet or JSON mode.
 */
public final class Progress implements SyncListener {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final long PLAIN_NANOS = 5_000_000_000L;
  private static final int BAR = 20;

  /** How progress shows. */
  public enum Mode {
    /** A live bar redrawn with carriage returns. */
    TERMINAL,
    /** One line per item, and a progress line every few seconds. */
    PLAIN,
    /** Errors only. */
    QUIET
  }

  private final PrintStream err;
  private final Mode mode;
  private long lastDraw;
  private int drawnWidth;
  private @Nullable TransferProgress last;

  /** Progress in the given mode on the given stream. */
  public Progress(PrintStream err, Mode mode) {
    this.err = err;
    this.mode = mode;
    this.lastDraw = System.nanoTime() - PLAIN_NANOS;
  }

  /** The mode. */
  public Mode mode() {
    return mode;
  }

  @Override
  public synchronized void scanProgress(ScanProgress p) {
    if (mode == Mode.TERMINAL) {
      if (p.done()) {
        clear();
      } else if (due(REDRAW_NANOS)) {
        draw(String.format(Locale.ROOT, "scanning: %d directories listed, %d entries, %d to go",
            p.directoriesListed(), p.entriesSeen(), p.directoriesPending()));
      }
    } else if (mode == Mode.PLAIN && p.done()) {
      err.printf(Locale.ROOT, "scanned %d directories, %d entries%n", p.directoriesListed(), p.entriesSeen());
    }
  }

  @Override
  public synchronized void taskStarted(Task task) {
    if (mode == Mode.PLAIN) {
      err.println("task " + task.id() + " started");
    }
  }

  @Override
  public synchronized void progress(TransferProgress p) {
    last = p;
    if (mode == Mode.TERMINAL && due(REDRAW_NANOS)) {
      draw(bar(p));
    } else if (mode == Mode.PLAIN && due(PLAIN_NANOS)) {
      err.println("progress: " + counts(p));
    }
  }

  @Override
  public synchronized void fileFailed(FileEvent event, ShotSyncException error) {
    clear();
    err.println("failed: " + event.path() + ": " + error.getMessage());
    redraw();
  }

  @Override
  public synchronized void itemFinished(TaskItem item) {
    if (mode == Mode.PLAIN) {
      err.println(itemLine(item));
    } else if (mode == Mode.TERMINAL && item.status() == ItemStatus.FAILED) {
      clear();
      err.println(itemLine(item));
      redraw();
    }
  }

  @Override
  public synchronized void taskFinished(Task task) {
    if (mode == Mode.TERMINAL) {
      if (last != null) {
        // one last full bar, so the screen shows where it ended
        draw(bar(last));
      }
      clear();
    } else if (mode == Mode.PLAIN) {
      err.println("task " + task.id() + " " + task.status().name().toLowerCase(Locale.ROOT)
          + (task.message() != null ? ": " + task.message() : ""));
    }
  }

  /** Removes the bar from the screen (before printing other text). */
  public synchronized void clear() {
    if (mode == Mode.TERMINAL && drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      err.flush();
      drawnWidth = 0;
    }
  }

  private void redraw() {
    if (mode == Mode.TERMINAL && last != null) {
      draw(bar(last));
    }
  }

  private boolean due(long interval) {
    long now = System.nanoTime();
    if (now - lastDraw >= interval) {
      lastDraw = now;
      return true;
    }
    return false;
  }

  private void draw(String line) {
    String padded = line.length() < drawnWidth ? line + " ".repeat(drawnWidth - line.length()) : line;
    err.print("\r" + padded);
    err.flush();
    drawnWidth = line.length();
  }

  /** {@code [#######-------------]  35%  21/61 files  1.2 MiB/3.5 MiB  850 KiB/s  ETA 3s}. */
  static String bar(TransferProgress p) {
    double fraction = p.taskTotal() > 0 ? Math.min(1.0, (double) p.taskBytes() / p.taskTotal())
        : p.filesTotal() > 0 ? (double) p.filesDone() / p.filesTotal() : 0;
    int filled = (int) Math.round(fraction * BAR);
    String eta = "";
    if (p.bytesPerSecond() > 0 && p.taskTotal() > p.taskBytes()) {
      eta = "  ETA " + Units.duration(Duration.ofMillis(
          (long) ((p.taskTotal() - p.taskBytes()) / p.bytesPerSecond() * 1000)));
    }
    return String.format(Locale.ROOT, "[%s%s] %3d%%  %s%s", "#".repeat(filled), "-".repeat(BAR - filled),
        Math.round(fraction * 100), counts(p), eta);
  }

  static String counts(TransferProgress p) {
    return String.format(Locale.ROOT, "%d/%d files  %s/%s  %s", p.filesDone(), p.filesTotal(),
        Units.bytes(p.taskBytes()), Units.bytes(p.taskTotal()), Units.rate(p.bytesPerSecond()));
  }

  /** {@code ep01/sq010/sh0010/anim completed v002: 5 downloaded, 0 skipped, ... (1.2 MiB)}. */
  public static String itemLine(TaskItem item) {
    var s = item.stats();
    String versions = item.fetchedVersions().isEmpty() ? "-"
        : item.fetchedVersions().stream().map(Version::text).collect(Collectors.joining(","));
    StringBuilder b = new StringBuilder();
    b.append(item.key()).append(' ').append(item.status().name().toLowerCase(Locale.ROOT)).append(' ')
        .append(versions);
    if (item.status() != ItemStatus.SKIPPED || s.total() > 0) {
      b.append(String.format(Locale.ROOT, ": %d downloaded, %d skipped, %d overwritten, %d kept both, %d resumed,"
              + " %d failed (%s)", s.downloaded(), s.skipped(), s.overwritten(), s.keptBoth(), s.resumed(),
          s.failed(), Units.bytes(item.transferredBytes())));
    }
    if (item.message() != null && !item.message().isBlank()) {
      b.append(" - ").append(item.message());
    }
    return b.toString();
  }
}
