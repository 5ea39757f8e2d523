package io.shotsync.core.internal.transfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The files of one item that ended a run unchanged (left as they were by the conflict strategy, or finished by an
 * earlier run of the task), counted by reason. They leave no file record and no log record of their own: the item's
 * statistics and one INFO line per item carry them, such as {@code 5,131 files unchanged: same size and mtime}.
 * Not thread-safe: its item's progress guards it.
 */
final class UnchangedFiles {
  private final Map<String, Integer> byReason = new LinkedHashMap<>();

  /**
   * What the summary groups a reason by: the reason without its per-file tail, the part from {@code " ("} on (such as
   * the two mtimes in {@code same size and mtime (remote ..., local ...)}).
   */
  static String kind(String reason) {
    int tail = reason.indexOf(" (");
    return tail > 0 ? reason.substring(0, tail) : reason;
  }

  /** Counts one file, by the {@link #kind} of its reason. */
  void add(String kind) {
    byReason.merge(kind, 1, Integer::sum);
  }

  /**
   * The item's summary line, the most frequent reason first, or null when no file ended unchanged:
   * {@code 12 files unchanged: same size and mtime; 3 files unchanged: same size, local is newer}.
   */
  @Nullable String summary() {
    if (byReason.isEmpty()) {
      return null;
    }
    List<Map.Entry<String, Integer>> groups = new ArrayList<>(byReason.entrySet());
    groups.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    return groups.stream().map(e -> String.format(Locale.ROOT, "%,d file%s unchanged: %s", e.getValue(),
        e.getValue() == 1 ? "" : "s", e.getKey())).collect(Collectors.joining("; "));
  }
}
