package io.shotsync.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Holds the chaos soak's history of item changes to the promise "no item is ever held by two live workers at once"
 * (see {@link ChaosSoak} for how the history is recorded). Rules, per change in sequence order:
 *
 * <ul>
 *   <li>an item's holder changes away from worker A only by A itself (its release) or after A's end ({@code kill}
 *       or {@code stop} row): anything else took the item from a live worker;
 *   <li>a worker claims items only for itself, and changes an item's status only while it holds the item;
 *   <li>no item goes back from a final status; each item becomes COMPLETED once.
 * </ul>
 */
final class ClaimHistory {
  /**
   * One row: {@code kind} {@code item} (a change of an item's holder or status, written by the session
   * {@code session}) or {@code kill}, {@code stop}, {@code exit} (the end of the worker named {@code session}).
   */
  record Event(long seq, Instant at, String kind, long item, String task, String oldWorker, String newWorker,
      String oldStatus, String newStatus, String session) {

    static Event item(long seq, long item, String oldWorker, String newWorker, String oldStatus, String newStatus,
        String session) {
      return new Event(seq, Instant.EPOCH.plusSeconds(seq), "item", item, "t", oldWorker, newWorker, oldStatus,
          newStatus, session);
    }

    static Event end(long seq, String kind, String label) {
      return new Event(seq, Instant.EPOCH.plusSeconds(seq), kind, 0, null, null, null, null, null, label);
    }
  }

  /** What the history shows. */
  record Result(int rows, int claims, int releases, int takeovers, Set<String> killedTakenFrom,
      Duration slowestTakeover, List<String> violations, Map<Long, Integer> completions) {
    long completedTwice() {
      return completions.values().stream().filter(n -> n > 1).count();
    }
  }

  private static final Set<String> FINAL = Set.of("COMPLETED", "SKIPPED", "FAILED", "CANCELLED");

  private ClaimHistory() {}

  /**
   * Checks the rows (in sequence order); {@code labelOf} answers the soak's name of a worker id ({@code wN}), or null
   * for an id that is none of the soak's workers. Sessions of the soak's workers are named {@code wN}.
   */
  static Result check(List<Event> events, Function<String, String> labelOf) {
    Map<String, Event> ended = new HashMap<>();
    Map<Long, Integer> completions = new HashMap<>();
    List<String> violations = new ArrayList<>();
    Set<String> deadTakenFrom = new TreeSet<>();
    int claims = 0;
    int releases = 0;
    int takeovers = 0;
    Duration slowest = Duration.ZERO;
    for (Event e : events) {
      if (!e.kind().equals("item")) {
        ended.putIfAbsent(e.session(), e);
        continue;
      }
      if ("COMPLETED".equals(e.newStatus()) && !"COMPLETED".equals(e.oldStatus())) {
        completions.merge(e.item(), 1, Integer::sum);
      }
      if (FINAL.contains(e.oldStatus()) && !FINAL.contains(e.newStatus())) {
        violations.add("#" + e.seq() + " item " + e.item() + " went from " + e.oldStatus() + " back to "
            + e.newStatus() + " (written by " + e.session() + ")");
      }
      String writer = e.session() == null ? "?" : e.session();
      boolean byWorker = writer.matches("w\\d+");
      if (!Objects.equals(e.oldStatus(), e.newStatus()) && byWorker) {
        String holder = e.oldWorker() == null ? null : labelOf.apply(e.oldWorker());
        if (!writer.equals(holder)) {
          violations.add("#" + e.seq() + " item " + e.item() + " set " + e.oldStatus() + " -> " + e.newStatus()
              + " by " + writer + ", which did not hold it (holder " + (holder == null ? e.oldWorker() : holder)
              + ")");
        }
      }
      if (Objects.equals(e.oldWorker(), e.newWorker())) {
        continue;
      }
      if (e.newWorker() != null) {
        if (e.oldWorker() == null) {
          claims++;
        }
        if (!writer.equals(labelOf.apply(e.newWorker()))) {
          violations.add("#" + e.seq() + " item " + e.item() + " claimed for " + e.newWorker() + " by " + writer);
        }
      }
      if (e.oldWorker() == null) {
        continue;
      }
      String owner = labelOf.apply(e.oldWorker());
      Event end = owner == null ? null : ended.get(owner);
      if (owner == null) {
        violations.add("#" + e.seq() + " item " + e.item() + " was held by " + e.oldWorker()
            + ", none of the soak's workers");
      } else if (owner.equals(writer)) {
        releases++;
      } else if (end != null && end.seq() < e.seq()) {
        takeovers++;
        deadTakenFrom.add(owner);
        Duration after = Duration.between(end.at(), e.at());
        if (after.compareTo(slowest) > 0) {
          slowest = after;
        }
      } else {
        violations.add("#" + e.seq() + " item " + e.item() + " (task " + e.task() + ") was taken from " + owner
            + ", alive then, by " + writer + (e.newWorker() == null ? " (released)" : " (claimed)"));
      }
    }
    return new Result(events.size(), claims, releases, takeovers, deadTakenFrom, slowest, violations, completions);
  }
}
