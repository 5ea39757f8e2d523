package io.shotsync.core.internal.store;

import io.shotsync.api.TaskItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The item claims of an {@link InMemoryTaskStore} and their leases; used under the store's lock. */
final class MemoryClaims {
  private record Claim(String worker, Instant until) {}

  /** Claims by item id. */
  private final Map<Long, Claim> claims = new HashMap<>();

  /** Claims up to {@code max} unfinished items that are free, expired or already this worker's. */
  List<TaskItem> claim(Collection<TaskItem> items, String worker, Instant now, Duration lease, int max) {
    Instant until = now.plus(lease);
    List<TaskItem> claimed = new ArrayList<>();
    for (TaskItem item : items) {
      if (claimed.size() >= max) {
        break;
      }
      if (item.status().isFinal()) {
        continue;
      }
      Claim claim = claims.get(item.id());
      if (claim == null || claim.worker.equals(worker) || !claim.until.isAfter(now)) {
        claims.put(item.id(), new Claim(worker, until));
        claimed.add(item);
      }
    }
    return List.copyOf(claimed);
  }

  /** Extends every claim of a worker to {@code until}; answers how many it holds. */
  int renew(String worker, Instant until) {
    int held = 0;
    for (Map.Entry<Long, Claim> e : claims.entrySet()) {
      if (e.getValue().worker.equals(worker)) {
        e.setValue(new Claim(worker, until));
        held++;
      }
    }
    return held;
  }

  /** The workers whose claims on these items are live at {@code now}. */
  Set<String> holders(Collection<Long> itemIds, Instant now) {
    Set<String> out = new TreeSet<>();
    for (Long id : itemIds) {
      Claim claim = claims.get(id);
      if (claim != null && claim.until.isAfter(now)) {
        out.add(claim.worker);
      }
    }
    return out;
  }

  /** Drops every claim of a worker; answers how many. */
  int releaseWorker(String worker) {
    int n = 0;
    for (var it = claims.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().worker.equals(worker)) {
        it.remove();
        n++;
      }
    }
    return n;
  }

  /** Drops the worker's claims on these items. */
  void release(String worker, Collection<Long> itemIds) {
    for (Long id : itemIds) {
      Claim claim = claims.get(id);
      if (claim != null && claim.worker.equals(worker)) {
        claims.remove(id);
      }
    }
  }

  /** Drops the claims on these items, whoever holds them (their task is deleted). */
  void remove(Collection<Long> itemIds) {
    itemIds.forEach(claims::remove);
  }
}
