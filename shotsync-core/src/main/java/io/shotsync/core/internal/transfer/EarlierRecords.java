package io.shotsync.core.internal.transfer;

import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStatus;
import io.shotsync.api.spi.TaskStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a task's earlier runs left in the store, by path: its temporary files ({@code partials}) and the files it
 * finished, downloaded or skipped ({@code finished}). The run and the dry run read them the same way.
 */
record EarlierRecords(Map<String, FileRecord> partials, Map<String, FileRecord> finished) {

  /** Reads the file records of a task; the maps may be changed by the run that reads them. */
  static EarlierRecords of(TaskStore store, String taskId) {
    Map<String, FileRecord> partials = new ConcurrentHashMap<>();
    Map<String, FileRecord> finished = new ConcurrentHashMap<>();
    for (FileRecord f : store.files(taskId)) {
      if (f.status() == FileStatus.PARTIAL) {
        partials.put(f.path(), f);
      } else if (f.status() == FileStatus.DONE || f.status() == FileStatus.SKIPPED) {
        finished.put(f.path(), f);
      }
    }
    return new EarlierRecords(partials, finished);
  }
}
