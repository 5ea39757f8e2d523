package io.shotsync.server.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a handler answers: an HTTP status and a JSON document.
 *
 * @param status the HTTP status
 * @param json the body, compact JSON
 */
public record Reply(int status, String json) {

  /** 200 with this document. */
  public static Reply ok(JsonNode body) {
    return new Reply(200, ApiJson.write(body));
  }

  /** 200 with this document made of maps and lists (written without building a tree). */
  public static Reply ok(java.util.Map<String, ?> body) {
    return new Reply(200, ApiJson.writeValue(body));
  }

  /** This status with this document. */
  public static Reply of(int status, JsonNode body) {
    return new Reply(status, ApiJson.write(body));
  }
}
