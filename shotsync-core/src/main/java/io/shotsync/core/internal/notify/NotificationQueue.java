package io.shotsync.core.internal.notify;

import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every notifier does the same way: remembers the items it saw finish, filters tasks by final status, queues a
 * notification on a bounded queue (dropped and logged when full) for one daemon thread, reads the items from a store
 * source when it has one, retries a failed delivery with a doubling backoff, and waits a bounded time on close. The
 * notifier gives only the delivery.
 */
public final class NotificationQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationQueue.class);

  /** One attempt to deliver a notification. */
  @FunctionalInterface
  public interface Delivery {
    /**
     * Sends it once.
     *
     * @throws Failure when it failed: {@link Failure#retryable} says whether another attempt may help
     */
    void send(Task task, List<TaskItem> items) throws Failure;
  }

  /** A failed attempt. */
  public static final class Failure extends Exception {
    private final boolean retryable;

    /** A failure, retryable or not, with what went wrong (never a password). */
    public Failure(String message, boolean retryable) {
      super(message);
      this.retryable = retryable;
    }

    /** True when another attempt may succeed (a timeout, a refused connection, a temporary server error). */
    public boolean retryable() {
      return retryable;
    }
  }

  /** What a notifier's builder sets in common: retries, queue, close timeout, statuses and item source. */
  public static final class Settings {
    private int retries = 3;
    private Duration retryBackoff;
    private Duration closeTimeout = Duration.ofSeconds(15);
    private int capacity = 100;
    private final Set<TaskStatus> statuses = java.util.EnumSet.of(TaskStatus.COMPLETED, TaskStatus.PARTIAL,
        TaskStatus.FAILED);
    private @Nullable Function<String, List<TaskItem>> itemSource;
    private final String kind;

    /** Settings of a notifier of this kind ({@code webhook}, {@code mail}) with this first retry delay. */
    public Settings(String kind, Duration retryBackoff) {
      this.kind = kind;
      this.retryBackoff = retryBackoff;
    }

    /** Retries after a failed attempt (0-20), the first after {@code backoff}, doubling. */
    public void retries(int count, Duration backoff) {
      if (count < 0 || count > 20) {
        throw new io.shotsync.api.InvalidInputException(kind + " retries must be 0-20: " + count);
      }
      this.retries = count;
      this.retryBackoff = java.util.Objects.requireNonNull(backoff, "backoff");
    }

    /** How many notifications may wait to be sent (at least 1). */
    public void capacity(int value) {
      if (value < 1) {
        throw new io.shotsync.api.InvalidInputException(kind + " queue capacity must be at least 1: " + value);
      }
      this.capacity = value;
    }

    /** How long closing waits for queued notifications. */
    public void closeTimeout(Duration value) {
      this.closeTimeout = java.util.Objects.requireNonNull(value, "closeTimeout");
    }

    /** The final statuses that are notified. */
    public void statuses(Set<TaskStatus> value) {
      for (TaskStatus s : value) {
        if (!s.isFinal()) {
          throw new io.shotsync.api.InvalidInputException("only final statuses are notified, not " + s);
        }
      }
      statuses.clear();
      statuses.addAll(value);
    }

    /** Where the items of a finished task are read. */
    public void items(@Nullable Function<String, List<TaskItem>> source) {
      this.itemSource = source;
    }

    /** The queue for a notifier with these settings. */
    public NotificationQueue queue(String what, Delivery delivery, String threadName) {
      return new NotificationQueue(what, delivery, statuses, itemSource, retries, retryBackoff, closeTimeout, capacity,
          threadName);
    }
  }

  private final String what;
  private final Delivery delivery;
  private final Set<TaskStatus> statuses;
  private final @Nullable Function<String, List<TaskItem>> itemSource;
  private final int retries;
  private final Duration retryBackoff;
  private final Duration closeTimeout;
  private final ThreadPoolExecutor sender;
  private final Map<String, Map<Long, TaskItem>> seenItems = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /**
   * A queue for one notifier.
   *
   * @param what names the target in log lines, like {@code webhook hooks.slack.com} (never a secret)
   */
  public NotificationQueue(String what, Delivery delivery, Set<TaskStatus> statuses,
      @Nullable Function<String, List<TaskItem>> itemSource, int retries, Duration retryBackoff, Duration closeTimeout,
      int capacity, String threadName) {
    this.what = what;
    this.delivery = delivery;
    this.statuses = Set.copyOf(statuses);
    this.itemSource = itemSource;
    this.retries = retries;
    this.retryBackoff = retryBackoff;
    this.closeTimeout = closeTimeout;
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity), r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
  }

  /** Remembers a finished item, for counts when there is no item source. */
  public void itemFinished(TaskItem item) {
    seenItems.computeIfAbsent(item.taskId(), k -> new ConcurrentHashMap<>()).put(item.id(), item);
  }

  /** Queues the notification of a task that ended in one of the chosen statuses; returns at once. */
  public void taskFinished(Task task) {
    if (!task.status().isFinal()) {
      return;
    }
    Map<Long, TaskItem> seen = seenItems.remove(task.id());
    if (!statuses.contains(task.status())) {
      return;
    }
    List<TaskItem> items = seen == null ? List.of() : List.copyOf(seen.values());
    try {
      sender.execute(() -> deliver(task, items));
    } catch (RejectedExecutionException e) {
      failed.incrementAndGet();
      LOG.warn("{}: queue full or closed; dropped the notification of task {}", what, task.id());
    }
  }

  /** Notifications delivered. */
  public long sent() {
    return sent.get();
  }

  /** Notifications given up: after their retries, refused for good, or dropped from a full queue. */
  public long failed() {
    return failed.get();
  }

  private void deliver(Task task, List<TaskItem> seen) {
    List<TaskItem> items = seen;
    if (itemSource != null) {
      try {
        items = itemSource.apply(task.id());
      } catch (RuntimeException e) {
        LOG.debug("cannot read the items of task {} for its notification: {}", task.id(), e.toString());
      }
    }
    Duration backoff = retryBackoff;
    for (int attempt = 0; ; attempt++) {
      Failure problem;
      try {
        delivery.send(task, items);
        sent.incrementAndGet();
        LOG.debug("{}: notified of task {}", what, task.id());
        return;
      } catch (Failure f) {
        problem = f;
      } catch (RuntimeException e) {
        problem = new Failure(e.toString(), false);
      }
      if (attempt >= retries || !problem.retryable()) {
        failed.incrementAndGet();
        LOG.warn("{}: could not notify of task {}: {}", what, task.id(), problem.getMessage());
        return;
      }
      LOG.debug("{}: notifying of task {} failed ({}); retrying in {}", what, task.id(), problem.getMessage(), backoff);
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.incrementAndGet();
        return;
      }
      backoff = backoff.multipliedBy(2);
    }
  }

  /** Stops taking notifications and waits up to the close timeout for the queued ones. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        List<Runnable> dropped = sender.shutdownNow();
        failed.addAndGet(dropped.size());
        LOG.warn("{}: notifications still pending after {}; dropped {}", what, closeTimeout, dropped.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sender.shutdownNow();
    }
  }
}
