package io.shotsync.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A small client of the server's API over real HTTP; it keeps every answer's body so tests can search them all. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final @Nullable String token;
  final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

  Api(String base, @Nullable String token) {
    this.base = base;
    this.token = token;
  }

  /** The same server without a token. */
  Api anonymous() {
    return new Api(base, null);
  }

  /** One answer. */
  record Res(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String error() {
      return json().path("error").asText();
    }

    String message() {
      return json().path("message").asText();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  Res get(String path) {
    return send("GET", path, null);
  }

  Res delete(String path) {
    return send("DELETE", path, null);
  }

  Res post(String path, @Nullable Object body) {
    String text;
    if (body == null) {
      text = null;
    } else if (body instanceof String s) {
      text = s;
    } else {
      try {
        text = JSON.writeValueAsString(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return send("POST", path, text);
  }

  Res send(String method, String path, @Nullable String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      bodies.add(r.body());
      return new Res(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
