package io.shotsync.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An FTP server and the root of its shot tree. The password is a {@link Secret}: it prints as
 * {@code ******} and stores never persist it.
 *
 * @param id a short name the host application chooses, such as {@code studio-ftp}
 * @param host host name or address
 * @param port control port (21 by default)
 * @param user login name ({@code anonymous} when none)
 * @param password the password, or null to send none (anonymous)
 * @param root the remote directory the shot tree starts at, absolute ({@code /} by default)
 * @param ftps explicit FTPS (AUTH TLS) when true
 * @param trust for FTPS: null to verify the certificate chain and host name against the JVM's trust
 *     store, or a {@code sha256:} fingerprint or the path of a PEM certificate to trust instead
 */
public record Endpoint(
    String id, String host, int port, String user, @Nullable Secret password, String root, boolean ftps,
    @Nullable String trust) {

  /** Checks the fields. */
  public Endpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(root, "root");
    if (id.isBlank()) {
      throw new InvalidInputException("endpoint id must not be blank");
    }
    if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/')) {
      throw new InvalidInputException("malformed host '" + Version.printable(host) + "' for endpoint " + id);
    }
    if (port < 1 || port > 65535) {
      throw new InvalidInputException("port " + port + " out of range 1-65535 for endpoint " + id);
    }
    if (user.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException("user name of endpoint " + id + " contains control characters");
    }
    if (!root.startsWith("/")) {
      root = "/" + root;
    }
    if (root.length() > 1 && root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
    if (root.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException("remote root of endpoint " + id + " contains control characters");
    }
  }

  /** An anonymous endpoint on port 21 at root {@code /}; change it with the {@code with...} methods. */
  public static Endpoint of(String id, String host) {
    return new Endpoint(id, host, 21, "anonymous", null, "/", false, null);
  }

  /**
   * Parses {@code ftp://[user[:password]@]host[:port]/root} or {@code ftps://...}.
   *
   * @throws InvalidInputException for another scheme or a malformed URL; the message never shows a password
   */
  public static Endpoint fromUrl(String id, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("malformed URL '" + redact(url) + "': " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("ftp") || scheme.equalsIgnoreCase("ftps"))) {
      throw new InvalidInputException("unsupported URL '" + redact(url) + "': expected ftp://host/root or ftps://host/root");
    }
    if (uri.getHost() == null) {
      throw new InvalidInputException("URL '" + redact(url) + "' has no host");
    }
    String user = "anonymous";
    Secret password = null;
    String userInfo = uri.getUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      if (colon >= 0) {
        password = Secret.of(userInfo.substring(colon + 1));
      }
    }
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    return new Endpoint(id, uri.getHost(), uri.getPort() < 0 ? 21 : uri.getPort(), user, password, path,
        scheme.equalsIgnoreCase("ftps"), null);
  }

  /** True when the URL carries a password after the user name. */
  public static boolean urlHasPassword(String url) {
    try {
      String info = new URI(url).getUserInfo();
      return info != null && info.contains(":");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The URL of this endpoint, without any password. */
  public String url() {
    String u = "anonymous".equals(user) ? "" : user + "@";
    return (ftps ? "ftps" : "ftp") + "://" + u + host + (port == 21 ? "" : ":" + port) + root;
  }

  /** This endpoint with another password. */
  public Endpoint withPassword(@Nullable Secret newPassword) {
    return new Endpoint(id, host, port, user, newPassword, root, ftps, trust);
  }

  /** This endpoint with another port. */
  public Endpoint withPort(int newPort) {
    return new Endpoint(id, host, newPort, user, password, root, ftps, trust);
  }

  /** This endpoint with another user and password. */
  public Endpoint withLogin(String newUser, @Nullable Secret newPassword) {
    return new Endpoint(id, host, port, newUser, newPassword, root, ftps, trust);
  }

  /** This endpoint with another remote root. */
  public Endpoint withRoot(String newRoot) {
    return new Endpoint(id, host, port, user, password, newRoot, ftps, trust);
  }

  /** This endpoint with FTPS switched on or off and the given trust (null: verify against the JVM trust store). */
  public Endpoint withFtps(boolean on, @Nullable String newTrust) {
    return new Endpoint(id, host, port, user, password, root, on, newTrust);
  }

  @Override
  public String toString() {
    return "Endpoint[" + id + " " + url() + "]";
  }

  private static String redact(String url) {
    return Version.printable(url.replaceAll("(//[^/@:]*):[^/@]*@", "$1:******@"));
  }
}
