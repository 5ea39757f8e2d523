package io.shotsync.core.internal.store;

import io.shotsync.api.event.LogRecord;
import io.shotsync.api.spi.LogQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The task logs of an {@link InMemoryTaskStore}, numbered in one sequence; used under the store's lock. */
final class MemoryLogs {
  /** Logs by task id, in sequence order. */
  private final Map<String, List<LogRecord>> logs = new HashMap<>();
  private long nextSequence = 1;

  /** Appends records, each given the next sequence number. */
  void append(Collection<LogRecord> records) {
    for (LogRecord r : records) {
      logs.computeIfAbsent(r.taskId(), k -> new ArrayList<>()).add(r.withSequence(nextSequence++));
    }
  }

  /** Forgets a task's log. */
  void remove(String taskId) {
    logs.remove(taskId);
  }

  /** The records a query asks for, oldest first. */
  List<LogRecord> query(LogQuery query) {
    List<LogRecord> all = logs.getOrDefault(query.taskId(), List.of());
    List<LogRecord> out = new ArrayList<>();
    if (query.backwards()) {
      // the records nearest below the cursor, collected newest first, answered oldest first
      for (int i = all.size() - 1; i >= 0 && out.size() < query.limit(); i--) {
        LogRecord r = all.get(i);
        if (r.sequence() < query.beforeSequence() && r.sequence() > query.afterSequence()
            && r.level().atLeast(query.minLevel())) {
          out.add(r);
        }
      }
      Collections.reverse(out);
      return List.copyOf(out);
    }
    for (LogRecord r : all) {
      if (out.size() >= query.limit()) {
        break;
      }
      if (r.sequence() > query.afterSequence() && r.level().atLeast(query.minLevel())) {
        out.add(r);
      }
    }
    return List.copyOf(out);
  }
}
