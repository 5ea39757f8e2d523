package io.shotsync.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotsync.api.FileStats;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.SyncListener;
import io.shotsync.core.internal.notify.NotificationQueue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A listener that POSTs a JSON summary of a task to a webhook when the task ends COMPLETED, PARTIAL or FAILED
 * (by default): task id, name, status, items completed / skipped / failed / cancelled, files downloaded /
 * skipped / overwritten / kept both / resumed / failed, bytes (in place, and received over the network by this run),
 * and the error. {@link Format#SLACK} sends the same
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
  private final HttpClient client;
  private final NotificationQueue queue;

  private WebhookNotifier(Builder b) {
    this.url = b.url;
    this.format = b.format;
    this.requestTimeout = b.requestTimeout;
    this.client = HttpClient.newBuilder().connectTimeout(b.connectTimeout).version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    this.queue = b.settings.queue("webhook " + url.getHost(), this::post, "shotsync-webhook");
  }

  /** A builder posting to this URL (http or https). */
  public static Builder builder(URI url) {
    return new Builder(url);
  }

  @Override
  public void itemFinished(TaskItem item) {
    queue.itemFinished(item);
  }

  /** Queues the notification of a task that ended in one of the chosen statuses; returns at once. */
  @Override
  public void taskFinished(Task task) {
    queue.taskFinished(task);
  }

  /** Notifications delivered (a 2xx answer). */
  public long sent() {
    return queue.sent();
  }

  /** Notifications given up: after their retries, refused with a 4xx, or dropped from a full queue. */
  public long failed() {
    return queue.failed();
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

  private void post(Task task, List<TaskItem> items) throws NotificationQueue.Failure {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout)
        .header("Content-Type", "application/json; charset=utf-8").header("User-Agent", "shotsync")
        .POST(HttpRequest.BodyPublishers.ofString(body(task, items), StandardCharsets.UTF_8)).build();
    int code;
    try {
      code = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new NotificationQueue.Failure(e.toString(), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotificationQueue.Failure("interrupted", false);
    }
    if (code / 100 != 2) {
      // a 4xx other than 408 and 429 says the request itself is wrong: no retry
      throw new NotificationQueue.Failure("HTTP " + code, code / 100 != 4 || code == 408 || code == 429);
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
    Map<String, Object> counts = SyncJson.itemCounts(items);
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
        .append(task.totalBytes()).append(" bytes in place, ").append(task.bytesReceived())
        .append(" received");
    if (task.status() != TaskStatus.COMPLETED && task.message() != null) {
      sb.append(". Error: ").append(task.message());
    }
    return sb.toString();
  }

  /** Stops taking notifications and waits up to the close timeout for the queued ones. */
  @Override
  public void close() {
    queue.close();
  }

  @Override
  public String toString() {
    return "WebhookNotifier[" + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":"
        + url.getPort()) + ", " + format + "]";
  }

  /** Builds a {@link WebhookNotifier}. */
  public static final class Builder {
    private final NotificationQueue.Settings settings =
        new NotificationQueue.Settings("webhook", Duration.ofSeconds(1));
    private final URI url;
    private Format format = Format.JSON;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);

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
      settings.retries(count, backoff);
      return this;
    }

    /** How many notifications may wait to be sent (default 100); more are dropped and logged. */
    public Builder queueCapacity(int value) {
      settings.capacity(value);
      return this;
    }

    /** How long {@link #close()} waits for queued notifications (default 15 s). */
    public Builder closeTimeout(Duration value) {
      settings.closeTimeout(value);
      return this;
    }

    /** The final statuses that are notified (default COMPLETED, PARTIAL, FAILED; CANCELLED may be added). */
    public Builder statuses(Set<TaskStatus> value) {
      settings.statuses(value);
      return this;
    }

    /** Where the items of a finished task are read for the counts, like {@code sync::items} (on the sender thread). */
    public Builder items(Function<String, List<TaskItem>> source) {
      settings.items(source);
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
