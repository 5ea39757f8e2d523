package io.shotsync.server.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * The Javalin application: one filter for every request (security headers, the Host check, the body limit), the
 * page's files, the route table's routes wrapped with the credentials check, and every error answered as JSON.
 */
public final class HttpServer implements AutoCloseable {
  /**
   * How many quick reads ({@link Route#read()}: the task list, a task, logs...) run at once; the others wait their
   * turn, blocked, so sixteen clients polling cannot take the processors from the transfers (one per processor).
   */
  static final int READS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final Javalin app;
  private final List<Route> routes;

  private HttpServer(Javalin app, List<Route> routes) {
    this.app = app;
    this.routes = List.copyOf(routes);
  }

  /** The routes registered, as the route table gave them. */
  public List<Route> routes() {
    return routes;
  }

  /** Starts serving the routes on {@code bind:port} (port 0: a free one), over HTTPS when {@code tls} is given. */
  public static HttpServer start(List<Route> routes, Security security, String bind, int port, @Nullable Tls tls) {
    Javalin app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.jetty.host = bind;
      cfg.jetty.port = port;
      if (tls != null) {
        // the only connector: Javalin adds its plain HTTP one only when none was added
        cfg.jetty.addConnector((server, http) -> tls.connector(server, http, bind, port));
      }
      cfg.http.maxRequestSize = Handlers.MAX_BODY;
      cfg.http.generateEtags = false;
      cfg.routes.before(ctx -> filter(ctx, security));
      WebFiles web = new WebFiles(security);
      cfg.routes.addHttpHandler(HandlerType.GET, "/", web::index);
      cfg.routes.addHttpHandler(HandlerType.GET, "/static/*", web::staticFile);
      Semaphore reads = new Semaphore(READS, true);
      for (Route r : routes) {
        cfg.routes.addHttpHandler(HandlerType.findOrCreate(r.method()), r.path(),
            ctx -> serve(ctx, r, security, reads));
      }
      cfg.routes.exception(HttpResponseException.class, (e, ctx) -> {
        String error = switch (e.getStatus()) {
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 413 -> "payload_too_large";
          default -> "http_" + e.getStatus();
        };
        String message = e.getStatus() == 404 ? "no route " + ctx.method() + " " + ctx.path()
            + "; GET /api/v1/openapi.json lists them" : e.getMessage();
        write(ctx, Reply.of(e.getStatus(), ApiJson.error(error, message, null, null)));
      });
      cfg.routes.exception(Exception.class, (e, ctx) -> write(ctx, ErrorReplies.of(e, ctx.method().name(),
          ctx.path())));
    });
    app.start();
    return new HttpServer(app, routes);
  }

  /** Runs before every request, matched or not. */
  private static void filter(Context ctx, Security security) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-store");
    ctx.header("Content-Security-Policy", "default-src 'self'");
    ctx.header("Referrer-Policy", "no-referrer");
    security.checkHost(ctx.header("Host"));
    long length = ctx.req().getContentLengthLong();
    if (length > Handlers.MAX_BODY) {
      try {
        Handlers.discard(ctx.req().getInputStream());
      } catch (java.io.IOException e) {
        // nothing more to read
      }
      throw Handlers.tooLarge();
    }
  }

  private static void serve(Context ctx, Route route, Security security, Semaphore reads) {
    Reply reply;
    boolean permit = false;
    try {
      if (route.authRequired()) {
        security.authenticate(ctx.method().name(), ctx.header("Authorization"), ctx.cookie(Security.SESSION_COOKIE),
            ctx.header(Security.CSRF_HEADER));
      }
      if (route.read()) {
        reads.acquire();
        permit = true;
      }
      reply = route.handler().handle(ctx);
      if (reply == null) {
        return;   // the handler answered itself (an event stream)
      }
    } catch (Exception e) {
      reply = ErrorReplies.of(e, route.method(), route.path());
    } finally {
      if (permit) {
        reads.release();
      }
    }
    write(ctx, reply);
  }

  private static void write(Context ctx, Reply reply) {
    if (reply.status() == 401) {
      ctx.header("WWW-Authenticate", "Bearer");
    }
    ctx.status(reply.status()).contentType("application/json").result(reply.json());
  }

  /** The port served. */
  public int port() {
    return app.port();
  }

  /** Stops serving. */
  @Override
  public void close() {
    app.stop();
  }
}
