package io.shotsync.core.testkit;

import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.event.FileEvent;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.event.ScanProgress;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.event.TransferProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A listener that records every event in arrival order, so a test can assert the order the {@link SyncListener}
 * contract promises. Thread-safe.
 */
public final class EventRecorder implements SyncListener {

  /** One recorded event: its kind ({@code taskStarted}, {@code fileFinished}, ...), a key and the payload. */
  public record Event(String kind, String key, Object payload) {
    @Override
    public String toString() {
      return kind + "(" + key + ")";
    }
  }

  private final List<Event> events = new ArrayList<>();

  private synchronized void add(String kind, String key, Object payload) {
    events.add(new Event(kind, key, payload));
  }

  /** Every event so far, in order. */
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The events of one kind, in order. */
  public synchronized List<Event> events(String kind) {
    return events.stream().filter(e -> e.kind().equals(kind)).toList();
  }

  /** The kinds in order, leaving out {@code progress}, {@code log} and {@code scanProgress}. */
  public synchronized List<String> lifecycle() {
    Predicate<Event> keep = e -> !e.kind().equals("progress") && !e.kind().equals("log")
        && !e.kind().equals("scanProgress");
    return events.stream().filter(keep).map(Event::toString).toList();
  }

  /** Forgets everything recorded. */
  public synchronized void clear() {
    events.clear();
  }

  @Override
  public void scanProgress(ScanProgress progress) {
    add("scanProgress", progress.endpointId(), progress);
  }

  @Override
  public void taskStarted(Task task) {
    add("taskStarted", task.id(), task);
  }

  @Override
  public void itemStarted(TaskItem item) {
    add("itemStarted", item.key().toString(), item);
  }

  @Override
  public void fileStarted(FileEvent event) {
    add("fileStarted", event.path(), event);
  }

  @Override
  public void progress(TransferProgress progress) {
    add("progress", progress.path(), progress);
  }

  @Override
  public void fileFinished(FileEvent event) {
    add("fileFinished", event.path(), event);
  }

  @Override
  public void fileFailed(FileEvent event, ShotSyncException error) {
    add("fileFailed", event.path(), event);
  }

  @Override
  public void itemFinished(TaskItem item) {
    add("itemFinished", item.key().toString(), item);
  }

  @Override
  public void taskFinished(Task task) {
    add("taskFinished", task.id(), task);
  }

  @Override
  public void log(LogRecord record) {
    add("log", record.level().name(), record);
  }
}
