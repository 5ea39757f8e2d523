package io.shotsync.server.internal;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The page: {@code /} answers {@code index.html} (and, opened as {@code /?token=TOKEN} with the right token, signs the
 * browser in and redirects to {@code /}), {@code /static/**} answers the page's files; both from the jar's
 * {@code io/shotsync/server/web/} folder, without a token (they hold no data).
 */
public final class WebFiles {
  /** The jar folder of the page's files. */
  static final String ROOT = "/io/shotsync/server/web/";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("txt", "text/plain; charset=utf-8"));

  private final Security security;

  /** The page's files, signing browsers in through this policy. */
  public WebFiles(Security security) {
    this.security = security;
  }

  /** {@code GET /}: signs in with a valid {@code ?token=} (303 to {@code /}), else the page. */
  void index(Context ctx) {
    String token = ctx.queryParam("token");
    if (token != null && security.isToken(token)) {
      Security.Session s = security.signIn();
      ctx.res().addHeader("Set-Cookie", Security.SESSION_COOKIE + "=" + s.id() + "; HttpOnly; SameSite=Strict; Path=/"
          + secure(ctx));
      ctx.res().addHeader("Set-Cookie", Security.CSRF_COOKIE + "=" + s.csrf() + "; SameSite=Strict; Path=/"
          + secure(ctx));
      ctx.status(303).header("Location", "/").result("");
      return;
    }
    file(ctx, "index.html");
  }

  /** {@code GET /static/**}: one of the page's files, or 404. */
  void staticFile(Context ctx) {
    String path = ctx.path().substring("/static/".length());
    file(ctx, path);
  }

  private static String secure(Context ctx) {
    return ctx.req().isSecure() ? "; Secure" : "";
  }

  private static void file(Context ctx, String path) {
    byte[] body = SAFE.matcher(path).matches() && !path.contains("..") ? read(path) : null;
    String type = TYPES.get(extension(path));
    if (body == null || type == null) {
      throw ApiException.notFound("no page file '" + ApiJson.printable(path) + "'");
    }
    ctx.status(200).contentType(type).result(body);
  }

  private static String extension(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static byte @Nullable [] read(String path) {
    try (InputStream in = WebFiles.class.getResourceAsStream(ROOT + path)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
