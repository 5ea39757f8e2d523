package io.shotsync.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may talk to the server: the {@code Host} header must name this server (no DNS rebinding), and every API route
 * but the public ones needs {@code Authorization: Bearer TOKEN}. {@link #authenticate} is the one place a request's
 * credentials are checked, so another kind (a browser session cookie) can be added there.
 */
public final class Security {
  private final byte[] token;
  private final Set<String> hosts;

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

  /**
   * Checks the request's credentials: {@code Authorization: Bearer TOKEN}.
   *
   * @throws ApiException 401 {@code unauthorized} without a valid token
   */
  public void authenticate(@Nullable String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new ApiException(401, "unauthorized", "this route needs 'Authorization: Bearer TOKEN'; the token is"
          + " in SHOTSYNC_SERVER_TOKEN or $SHOTSYNC_HOME/server.token", null);
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
