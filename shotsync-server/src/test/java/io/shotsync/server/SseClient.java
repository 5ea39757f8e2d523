package io.shotsync.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** Reads a server's event stream line by line on its own thread; tests take the events with bounded waits. */
final class SseClient implements AutoCloseable {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One event as received. */
  record Event(long id, String type, JsonNode data) {
    String taskId() {
      return data.path("taskId").asText(data.path("id").asText());
    }

    @Override
    public String toString() {
      return id + " " + type + " " + data;
    }
  }

  final int status;
  final HttpResponse<InputStream> response;
  final List<Event> all = new ArrayList<>();
  private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
  private final CountDownLatch opened = new CountDownLatch(1);
  private final Thread reader;
  private volatile boolean closed;

  /** Connects with the token (and, when given, Last-Event-ID) and waits until the stream is open. */
  SseClient(String url, String token, @Nullable Long lastEventId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", Long.toString(lastEventId));
    }
    response = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    status = response.statusCode();
    reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
    if (status == 200 && !opened.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the event stream did not open");
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      long id = -1;
      String type = null;
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("retry:")) {
          opened.countDown();
        } else if (line.startsWith("id: ")) {
          id = Long.parseLong(line.substring(4));
        } else if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        } else if (line.isEmpty() && type != null) {
          queue.add(new Event(id, type, Api.JSON.readTree(data.toString())));
          type = null;
          data.setLength(0);
        }
      }
    } catch (IOException e) {
      if (!closed) {
        System.err.println("event stream ended: " + e);
      }
    } finally {
      opened.countDown();
    }
  }

  /** The next event (waiting up to 60 s), kept in {@link #all}; fails when none comes. */
  Event next() throws InterruptedException {
    Event e = queue.poll(60, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no event came; so far: " + all);
    }
    all.add(e);
    return e;
  }

  /** Takes events until one matches; answers it. */
  Event until(Predicate<Event> p) throws InterruptedException {
    while (true) {
      Event e = next();
      if (p.test(e)) {
        return e;
      }
    }
  }

  /** Takes every event of a task until its {@code task} event with a final status; answers the task's events. */
  List<Event> untilTaskEnds(String taskId) throws InterruptedException {
    until(e -> e.type().equals("task") && e.data().path("id").asText().equals(taskId)
        && List.of("COMPLETED", "FAILED", "CANCELLED").contains(e.data().path("status").asText()));
    return of(taskId);
  }

  /** The events of one task taken so far. */
  List<Event> of(String taskId) {
    return all.stream().filter(e -> e.taskId().equals(taskId)).toList();
  }

  /** Drops the connection. */
  @Override
  public void close() {
    closed = true;
    try {
      response.body().close();
    } catch (IOException e) {
      // gone anyway
    }
    reader.interrupt();
  }
}
