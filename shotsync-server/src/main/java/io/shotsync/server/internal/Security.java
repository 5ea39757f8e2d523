package io.shotsync.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may talk to the server: the {@code Host} header must name this server (no DNS rebinding), and every API route
 * but the public ones needs {@code Authorization: Bearer TOKEN} or a browser session. {@link #authenticate} is the
 * one place a request's credentials are checked.
 *
 * <p>A browser signs in by opening {@code /?token=TOKEN} once: {@link #signIn} trades the token for a session (an
 * HttpOnly cookie) and a CSRF token (a cookie the page's script reads and sends back as {@value #CSRF_HEADER}). A
 * request authenticated by the session cookie that may change something (not GET or HEAD) must carry that header,
 * so another site open in the same browser cannot act on the server. Sessions live in memory: a restart signs
 * everyone out.
 */
public final class Security {
  /** The session cookie (HttpOnly). */
  public static final String SESSION_COOKIE = "shotsync_session";
  /** The cookie holding the CSRF token (readable by the page's script). */
  public static final String CSRF_COOKIE = "shotsync_csrf";
  /** The header a cookie-authenticated request that is not GET or HEAD must carry, equal to the CSRF cookie. */
  public static final String CSRF_HEADER = "X-CSRF-Token";
  /** At most this many sessions are kept; signing in beyond it ends the oldest one. */
  static final int MAX_SESSIONS = 1000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] token;
  private final Set<String> hosts;
  /** Session id to its CSRF token, oldest first. */
  private final Map<String, String> sessions = new LinkedHashMap<>();

  /**
   * A policy.
   *
   * @param token the API token
   * @param bindAddress the address the server listens on (allowed as a Host unless it is a wildcard)
   * @param hostNames further names the server is reached by
   */
  public Security(String token, String bindAddress, Collection<String> hostNames) {
    if (token.isBlank()) {
      throw new IllegalArgumentException("the server token must not be blank");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
    Set<String> h = new LinkedHashSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
    String bind = normalizeHost(bindAddress);
    if (!bind.equals("0.0.0.0") && !bind.equals("[::]") && !bind.equals("[0:0:0:0:0:0:0:0]")) {
      h.add(bind);
    }
    for (String n : hostNames) {
      h.add(normalizeHost(n));
    }
    this.hosts = Set.copyOf(h);
  }

  /** The host names and addresses accepted in the Host header. */
  public Set<String> allowedHosts() {
    return hosts;
  }

  /**
   * Checks the Host header (with or without a port).
   *
   * @throws ApiException 403 {@code forbidden_host} when it is missing or names another host
   */
  public void checkHost(@Nullable String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      throw new ApiException(403, "forbidden_host", "the request has no Host header", null);
    }
    String host = hostOnly(hostHeader.trim());
    if (!hosts.contains(host)) {
      throw new ApiException(403, "forbidden_host", "this server does not answer to host '"
          + ApiJson.printable(host) + "'; start it with --host-name " + ApiJson.printable(host)
          + " to allow that name", null);
    }
  }

  /** A signed-in browser: the session cookie's value and the CSRF token. */
  public record Session(String id, String csrf) {}

  /** True when the value is this server's token (compared in constant time). */
  public boolean isToken(@Nullable String value) {
    return value != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), token);
  }

  /** A new browser session for someone who showed the token (see {@link #isToken}). */
  public Session signIn() {
    Session s = new Session(random(), random());
    synchronized (sessions) {
      sessions.put(s.id(), s.csrf());
      while (sessions.size() > MAX_SESSIONS) {
        sessions.remove(sessions.keySet().iterator().next());
      }
    }
    return s;
  }

  /** How many browser sessions are open. */
  int sessionCount() {
    synchronized (sessions) {
      return sessions.size();
    }
  }

  /**
   * Checks the request's credentials: {@code Authorization: Bearer TOKEN}, or else the session cookie, with the CSRF
   * header when the method is not GET or HEAD.
   *
   * @param method the HTTP method
   * @param authorization the Authorization header, or null
   * @param sessionCookie the session cookie's value, or null
   * @param csrfHeader the {@value #CSRF_HEADER} header, or null
   * @throws ApiException 401 {@code unauthorized} without valid credentials; 403 {@code csrf} for a session request
   *     that changes something without the matching CSRF header
   */
  public void authenticate(String method, @Nullable String authorization, @Nullable String sessionCookie,
      @Nullable String csrfHeader) {
    if ((authorization == null || authorization.isBlank()) && sessionCookie != null && !sessionCookie.isBlank()) {
      String csrf;
      synchronized (sessions) {
        csrf = sessions.get(sessionCookie);
      }
      if (csrf == null) {
        throw new ApiException(401, "unauthorized", "the browser session has ended (the server restarted?); open"
            + " the start-up URL with the token again, or send 'Authorization: Bearer TOKEN'", null);
      }
      if (!method.equals("GET") && !method.equals("HEAD") && (csrfHeader == null
          || !MessageDigest.isEqual(csrfHeader.getBytes(StandardCharsets.UTF_8), csrf.getBytes(StandardCharsets.UTF_8)))) {
        throw new ApiException(403, "csrf", "a " + method + " in a browser session needs the header " + CSRF_HEADER
            + " equal to the " + CSRF_COOKIE + " cookie", null);
      }
      return;
    }
    authenticate(authorization);
  }

  /**
   * Checks {@code Authorization: Bearer TOKEN}.
   *
   * @throws ApiException 401 {@code unauthorized} without a valid token
   */
  public void authenticate(@Nullable String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new ApiException(401, "unauthorized", "this route needs 'Authorization: Bearer TOKEN' (or a browser"
          + " session from the start-up URL); the token is in SHOTSYNC_SERVER_TOKEN or $SHOTSYNC_HOME/server.token",
          null);
    }
    String a = authorization.trim();
    if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ApiException(401, "unauthorized", "expected 'Authorization: Bearer TOKEN'", null);
    }
    byte[] given = a.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) {
      throw new ApiException(401, "unauthorized", "the token is not this server's", null);
    }
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The host part of a Host header value, lower-cased: {@code [::1]:8080} is {@code [::1]}. */
  static String hostOnly(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (v.startsWith("[")) {
      int end = v.indexOf(']');
      return end < 0 ? v : v.substring(0, end + 1);
    }
    int colon = v.indexOf(':');
    if (colon >= 0 && v.indexOf(':', colon + 1) < 0) {
      return v.substring(0, colon);
    }
    return v;
  }

  private static String normalizeHost(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.contains(":") && !n.startsWith("[")) {
      return "[" + n + "]";   // a bare IPv6 address, as a Host header writes it
    }
    return n;
  }
}
