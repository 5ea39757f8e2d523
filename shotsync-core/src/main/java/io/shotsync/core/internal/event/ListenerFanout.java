package io.shotsync.core.internal.event;

import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.event.FileEvent;
import io.shotsync.api.event.LogRecord;
import io.shotsync.api.event.ScanProgress;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.event.TransferProgress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every event to several listeners; a listener that throws is logged (once per listener and method, then
 * at debug) and ignored, so it never breaks the transfer or the other listeners.
 */
public final class ListenerFanout implements SyncListener {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerFanout.class);

  private final List<SyncListener> listeners = new CopyOnWriteArrayList<>();
  private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** A fan-out to these listeners. */
  public ListenerFanout(List<SyncListener> initial) {
    listeners.addAll(initial);
  }

  /** Adds a listener. */
  public void add(SyncListener listener) {
    listeners.add(listener);
  }

  /** Removes a listener. */
  public void remove(SyncListener listener) {
    listeners.remove(listener);
  }

  /** True when no listener is registered. */
  public boolean isEmpty() {
    return listeners.isEmpty();
  }

  private void each(String method, Consumer<SyncListener> call) {
    for (SyncListener l : listeners) {
      try {
        call.accept(l);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        String key = l.getClass().getName() + "#" + method;
        if (warned.add(key)) {
          LOG.warn("listener {} threw in {}; ignored (further failures logged at debug)", l.getClass().getName(),
              method, e);
        } else {
          LOG.debug("listener {} threw in {}; ignored", l.getClass().getName(), method, e);
        }
      }
    }
  }

  @Override
  public void scanProgress(ScanProgress progress) {
    each("scanProgress", l -> l.scanProgress(progress));
  }

  @Override
  public void taskStarted(Task task) {
    each("taskStarted", l -> l.taskStarted(task));
  }

  @Override
  public void itemStarted(TaskItem item) {
    each("itemStarted", l -> l.itemStarted(item));
  }

  @Override
  public void fileStarted(FileEvent event) {
    each("fileStarted", l -> l.fileStarted(event));
  }

  @Override
  public void progress(TransferProgress progress) {
    each("progress", l -> l.progress(progress));
  }

  @Override
  public void fileFinished(FileEvent event) {
    each("fileFinished", l -> l.fileFinished(event));
  }

  @Override
  public void fileFailed(FileEvent event, ShotSyncException error) {
    each("fileFailed", l -> l.fileFailed(event, error));
  }

  @Override
  public void itemFinished(TaskItem item) {
    each("itemFinished", l -> l.itemFinished(item));
  }

  @Override
  public void taskFinished(Task task) {
    each("taskFinished", l -> l.taskFinished(task));
  }

  @Override
  public void log(LogRecord record) {
    each("log", l -> l.log(record));
  }
}
