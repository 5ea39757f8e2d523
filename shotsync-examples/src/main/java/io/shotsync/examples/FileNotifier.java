package io.shotsync.examples;

import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.SyncListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A notification channel as a plugin: a {@link SyncListener} that appends one line per finished task to a file
 * (a feed a desktop notifier, {@code tail -f} or a chat bot can watch). shotsync ships {@code WebhookNotifier};
 * any other channel (mail, a desktop pop-up, a pipeline's own event bus) is a listener like this one, added with
 * {@code ShotSync.Builder.listener} or {@code ShotSync.addListener}.
 *
 * <p>Listeners run on transfer threads and must return fast: appending a short line is fast enough; a channel
 * that talks to a server should hand the work to a thread of its own, as {@code WebhookNotifier} does.
 */
public final class FileNotifier implements SyncListener {
  private final Path file;
  /** Per task: items completed, skipped, failed (from itemFinished events). */
  private final Map<String, AtomicIntegerArray> counts = new ConcurrentHashMap<>();

  /** A notifier appending to {@code file} (created if missing). */
  public FileNotifier(Path file) {
    this.file = file;
  }

  @Override
  public void itemFinished(TaskItem item) {
    AtomicIntegerArray c = counts.computeIfAbsent(item.taskId(), k -> new AtomicIntegerArray(3));
    if (item.status() == ItemStatus.COMPLETED) {
      c.incrementAndGet(0);
    } else if (item.status() == ItemStatus.SKIPPED) {
      c.incrementAndGet(1);
    } else if (item.status() == ItemStatus.FAILED) {
      c.incrementAndGet(2);
    }
  }

  @Override
  public void taskFinished(Task task) {
    if (!task.status().isFinal()) {
      return;  // an automatic retry was queued; the final run notifies
    }
    AtomicIntegerArray c = counts.remove(task.id());
    String line = String.format("%s %s %s '%s': %d completed, %d skipped, %d failed, %d bytes%s%n",
        task.completedAt(), task.status() == TaskStatus.COMPLETED ? "OK  " : "FAIL", task.id(), task.name(),
        c == null ? 0 : c.get(0), c == null ? 0 : c.get(1), c == null ? 0 : c.get(2), task.transferredBytes(),
        task.message() == null ? "" : " (" + task.message() + ")");
    try {
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);  // logged and ignored by shotsync; the transfer goes on
    }
  }
}
