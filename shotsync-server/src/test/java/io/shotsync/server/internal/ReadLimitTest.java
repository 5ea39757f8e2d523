package io.shotsync.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Quick reads run at most {@link HttpServer#READS} at once; other routes are not held back by them. */
class ReadLimitTest {
  @Test
  void atMostReadsQuickReadsRunAtOnceAndOtherRoutesPass() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Route.Handler slowRead = ctx -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(100);
      } finally {
        running.decrementAndGet();
      }
      return Reply.ok(ApiJson.object().put("ok", true));
    };
    List<Route> routes = List.of(Route.read("/r", slowRead),
        Route.api("GET", "/other", ctx -> Reply.ok(ApiJson.object().put("other", true))));
    try (HttpServer http = HttpServer.start(routes, new Security("t", "127.0.0.1", List.of()), "127.0.0.1", 0,
        null)) {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + http.port();
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 3 * HttpServer.READS; i++) {
        calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/r")).header("Authorization", "Bearer t")
            .build(), HttpResponse.BodyHandlers.ofString()));
      }
      HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create(base + "/other"))
          .header("Authorization", "Bearer t").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).isEqualTo(200);
      for (CompletableFuture<HttpResponse<String>> c : calls) {
        assertThat(c.get().statusCode()).isEqualTo(200);
      }
      assertThat(most.get()).isBetween(1, HttpServer.READS);
    }
  }
}
