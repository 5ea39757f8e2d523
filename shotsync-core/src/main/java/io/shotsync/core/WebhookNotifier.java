package io.shotsync.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotsync.api.FileStats;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.SyncListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 * A listener that POSTs a JSON summary of a task to a webhook when the task ends COMPLETED, PARTIAL or FAILED
 * (by default): task id, name, status, items completed / skipped / failed / cancelled, files downloaded /
 * skipped / overwritten / kept both / resumed / failed, bytes, and the error. {@link Format#SLACK} sends the same
 * summary as one line in a Slack-compatible incoming-webhook body, {@code {"text": "..."}}.
 *
 * <p>It never slows or fails a transfer: {@link #taskFinished} only queues the notification (a bounded queue;
 * when it is full the notification is dropped and logged), and one daemon thread sends them, each attempt under
 * its own connect and request timeouts, retrying connection failures, timeouts and 5xx/429 answers with a
 * doubling backoff. {@link #close()} waits a bounded time for queued notifications, for programs about to exit.
 *
 * <pre>{@code
 * sync.addListener(WebhookNotifier.builder(URI.create("https://hooks.slack.com/services/..."))
 *     .format(WebhookNotifier.Format.SLACK).items(sync::items).build());
 * }</pre>
 *
 * <p>Item counts come from the {@link Builder#items} source when one is given (the store's view, which includes
 * items finished in earlier runs or by other workers), else from the {@code itemFinished} events this listener saw.
 */
public final class WebhookNotifier implements SyncListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The body's shape. */
  public enum Format {
    /** The summary as a JSON object. */
    JSON,
    /** {@code {"text": "..."}}, for Slack-compatible incoming webhooks (Slack, Mattermost, Rocket.Chat...). */
    SLACK;

    /** {@code json} or {@code slack}, any case. */
    public static Format parse(String text) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(text.strip())) {
          return f;
        }
      }
      throw new InvalidInputException("unknown notification format '" + text + "': expected json or slack");
    }
  }

  private final URI url;
  private final Format format;
  private final Duration requestTimeout;
  private final int retries;
  private final Duration retryBackoff;
  private final Duration closeTimeout;
  private final Set<TaskStatus> statuses;
  private final @Nullable Function<String, List<TaskItem>> itemSource;
  private final HttpClient client;
  private final ThreadPoolExecutor sender;
  private final Map<String, Map<Long, TaskItem>> seenItems = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  private WebhookNotifier(Builder b) {
    this.url = b.url;
    this.format = b.format;
    this.requestTimeout = b.requestTimeout;
    this.retries = b.retries;
    this.retryBackoff = b.retryBackoff;
    this.closeTimeout = b.closeTimeout;
    this.statuses = Set.copyOf(b.statuses);
    this.itemSource = b.itemSource;
    this.client = HttpClient.newBuilder().connectTimeout(b.connectTimeout).version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(b.queueCapacity),
        r -> {
          Thread t = new Thread(r, "shotsync-webhook");
          t.setDaemon(true);
          return t;
        });
  }

  /** A builder posting to this URL (http or https). */
  public static Builder builder(URI url) {
    return new Builder(url);
  }

  @Override
  public void itemFinished(TaskItem item) {
    seenItems.computeIfAbsent(item.taskId(), k -> new ConcurrentHashMap<>()).put(item.id(), item);
  }

  /** Queues the notification of a task that ended in one of the chosen statuses; returns at once. */
  @Override
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
      LOG.warn("webhook queue full or closed; dropped the notification of task {}", task.id());
    }
  }

  /** Notifications delivered (a 2xx answer). */
  public long sent() {
    return sent.get();
  }

  /** Notifications given up: after their retries, refused with a 4xx, or dropped from a full queue. */
  public long failed() {
    return failed.get();
  }

  /** The body this notifier sends for a task and its items. */
  public String body(Task task, List<TaskItem> items) {
    Map<String, Object> summary = summary(task, items);
    Object doc = format == Format.SLACK ? Map.of("text", text(task, items)) : summary;
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a notification: " + e.getMessage(), e);
    }
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
    HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout)
        .header("Content-Type", "application/json; charset=utf-8").header("User-Agent", "shotsync")
        .POST(HttpRequest.BodyPublishers.ofString(body(task, items), StandardCharsets.UTF_8)).build();
    Duration backoff = retryBackoff;
    for (int attempt = 0; ; attempt++) {
      String problem;
      try {
        HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
        int code = r.statusCode();
        if (code / 100 == 2) {
          sent.incrementAndGet();
          LOG.debug("notified {} of task {} ({})", url.getHost(), task.id(), code);
          return;
        }
        problem = "HTTP " + code;
        if (code / 100 == 4 && code != 408 && code != 429) {
          attempt = retries;  // the request itself is wrong: no retry
        }
      } catch (IOException e) {
        problem = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.incrementAndGet();
        return;
      }
      if (attempt >= retries) {
        failed.incrementAndGet();
        LOG.warn("could not notify {} of task {}: {}", url.getHost(), task.id(), problem);
        return;
      }
      LOG.debug("notifying {} of task {} failed ({}); retrying in {}", url.getHost(), task.id(), problem, backoff);
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

  /**
   * The body: {@code event} ({@code task.finished}), then the task in the one JSON shape with its item counts and file
   * totals ({@link SyncJson#task(Task, List)}), then {@code error}.
   */
  private static Map<String, Object> summary(Task task, List<TaskItem> items) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", "task.finished");
    m.putAll(SyncJson.task(task, items));
    m.put("error", task.status() == TaskStatus.COMPLETED ? null : task.message());
    return m;
  }

  private static String text(Task task, List<TaskItem> items) {
    @SuppressWarnings("unchecked")
    Map<String, Object> counts = (Map<String, Object>) summary(task, items).get("itemCounts");
    FileStats f = FileStats.ZERO;
    for (TaskItem i : items) {
      f = f.plus(i.stats());
    }
    StringBuilder sb = new StringBuilder("shotsync: task ")
        .append(task.name().isEmpty() ? task.id() : "'" + task.name() + "' (" + task.id() + ")")
        .append(' ').append(task.status().name()).append(": ")
        .append(counts.get("completed")).append(" items completed, ").append(counts.get("skipped"))
        .append(" skipped, ").append(counts.get("failed")).append(" failed; ")
        .append(f.transferred()).append(" files fetched, ").append(f.skipped()).append(" skipped, ")
        .append(f.failed()).append(" failed; ").append(task.transferredBytes()).append(" of ")
        .append(task.totalBytes()).append(" bytes");
    if (task.status() != TaskStatus.COMPLETED && task.message() != null) {
      sb.append(". Error: ").append(task.message());
    }
    return sb.toString();
  }

  /** Stops taking notifications and waits up to the close timeout for the queued ones. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        List<Runnable> dropped = sender.shutdownNow();
        failed.addAndGet(dropped.size());
        LOG.warn("webhook notifications still pending after {}; dropped {}", closeTimeout, dropped.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sender.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "WebhookNotifier[" + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":"
        + url.getPort()) + ", " + format + "]";
  }

  /** Builds a {@link WebhookNotifier}. */
  public static final class Builder {
    private final URI url;
    private Format format = Format.JSON;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int retries = 3;
    private Duration retryBackoff = Duration.ofSeconds(1);
    private Duration closeTimeout = Duration.ofSeconds(15);
    private int queueCapacity = 100;
    private final Set<TaskStatus> statuses = EnumSet.of(TaskStatus.COMPLETED, TaskStatus.PARTIAL, TaskStatus.FAILED);
    private @Nullable Function<String, List<TaskItem>> itemSource;

    private Builder(URI url) {
      this.url = Objects.requireNonNull(url, "url");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
        throw new InvalidInputException("malformed webhook URL '" + url + "': expected http:// or https://");
      }
    }

    /** The body's shape (default {@link Format#JSON}). */
    public Builder format(Format value) {
      this.format = Objects.requireNonNull(value, "format");
      return this;
    }

    /** How long connecting may take (default 5 s). */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = positive(value, "connect timeout");
      return this;
    }

    /** How long one attempt may wait for the answer (default 10 s). */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = positive(value, "request timeout");
      return this;
    }

    /** Retries after a failed attempt (default 3), the first after {@code backoff} (default 1 s), doubling. */
    public Builder retries(int count, Duration backoff) {
      if (count < 0 || count > 20) {
        throw new InvalidInputException("webhook retries must be 0-20: " + count);
      }
      this.retries = count;
      this.retryBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** How many notifications may wait to be sent (default 100); more are dropped and logged. */
    public Builder queueCapacity(int value) {
      if (value < 1) {
        throw new InvalidInputException("webhook queue capacity must be at least 1: " + value);
      }
      this.queueCapacity = value;
      return this;
    }

    /** How long {@link #close()} waits for queued notifications (default 15 s). */
    public Builder closeTimeout(Duration value) {
      this.closeTimeout = Objects.requireNonNull(value, "closeTimeout");
      return this;
    }

    /** The final statuses that are notified (default COMPLETED, PARTIAL, FAILED; CANCELLED may be added). */
    public Builder statuses(Set<TaskStatus> value) {
      for (TaskStatus s : value) {
        if (!s.isFinal()) {
          throw new InvalidInputException("only final statuses are notified, not " + s);
        }
      }
      statuses.clear();
      statuses.addAll(value);
      return this;
    }

    /** Where the items of a finished task are read for the counts, like {@code sync::items} (on the sender thread). */
    public Builder items(Function<String, List<TaskItem>> source) {
      this.itemSource = source;
      return this;
    }

    /** Builds the notifier (and its sender thread). */
    public WebhookNotifier build() {
      return new WebhookNotifier(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new InvalidInputException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
