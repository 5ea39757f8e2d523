package io.shotsync.server.internal;

import io.javalin.http.Context;
import org.jspecify.annotations.Nullable;

/**
 * One row of the route table: method, path (with {@code {param}} segments, as OpenAPI writes them), whether it
 * needs the token, and the handler.
 *
 * @param method GET, POST or DELETE
 * @param path the path, such as {@code /api/v1/shots/tasks/{id}}
 * @param authRequired true for every API route but health
 * @param read true for a quick read of memory or the store (no network, no waiting), of which only a few run at once
 * @param handler what answers it
 */
public record Route(String method, String path, boolean authRequired, boolean read, Handler handler) {

  /** Answers one request of a route. */
  @FunctionalInterface
  public interface Handler {
    /**
     * The reply, or null when the handler wrote its answer itself (an event stream); throws {@link ApiException} (or
     * a shotsync exception) for an error answer.
     */
    @Nullable Reply handle(Context ctx) throws Exception;
  }

  /** A route that needs the token. */
  static Route api(String method, String path, Handler handler) {
    return new Route(method, path, true, false, handler);
  }

  /** A quick read that needs the token: a GET answered from memory or the store. */
  static Route read(String path, Handler handler) {
    return new Route("GET", path, true, true, handler);
  }

  /** A route anyone on an allowed Host may call. */
  static Route open(String method, String path, Handler handler) {
    return new Route(method, path, false, false, handler);
  }
}
