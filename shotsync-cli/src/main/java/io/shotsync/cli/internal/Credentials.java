package io.shotsync.cli.internal;

import io.shotsync.api.Endpoint;
import io.shotsync.api.Secret;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the password of an endpoint: a password inside the URL (with a warning), else {@code SHOTSYNC_PASSWORD},
 * else the {@code ~/.netrc} entry of the host (its login too when the URL names none), else none (anonymous).
 */
public final class Credentials {
  /** The environment variable holding the password. */
  public static final String PASSWORD_ENV = "SHOTSYNC_PASSWORD";

  private final Map<String, String> env;

  /** Credentials read from the given environment (System.getenv() in the command). */
  public Credentials(Map<String, String> env) {
    this.env = env;
  }

  /** Credentials read from the process environment. */
  public static Credentials fromEnvironment() {
    return new Credentials(System.getenv());
  }

  /** The user's home: {@code $HOME} when set, else {@code user.home}. */
  public Path home() {
    String home = env.get("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
  }

  /** The netrc file: {@code $NETRC} when set, else {@code $HOME/.netrc}. */
  public Path netrcFile() {
    String netrc = env.get("NETRC");
    return netrc != null && !netrc.isBlank() ? Path.of(netrc) : home().resolve(".netrc");
  }

  /**
   * Parses the URL into an endpoint and fills in its password. The endpoint's id is its URL without the
   * password, so runs against the same server and root share one endpoint in the store.
   *
   * @param warnings where the warning about a password inside the URL goes
   */
  public Endpoint endpoint(String url, PrintStream warnings) {
    Endpoint e = Endpoint.fromUrl(Endpoint.fromUrl("cli", url).url(), url);
    if (Endpoint.urlHasPassword(url)) {
      warnings.println("shotsync: warning: a password inside the URL is visible to other users in the process list;"
          + " use " + PASSWORD_ENV + " or ~/.netrc instead");
      return e;
    }
    boolean userGiven = userInfo(url) != null;
    return complete(e, userGiven);
  }

  /** Fills in the password of an endpoint read from a store (which never keeps one). */
  public Endpoint complete(Endpoint e, boolean userGiven) {
    if (e.password() != null) {
      return e;
    }
    String envPassword = env.get(PASSWORD_ENV);
    if (envPassword != null) {
      return e.withPassword(Secret.of(envPassword));
    }
    Optional<Netrc.Entry> entry = Netrc.read(netrcFile()).find(e.host(), userGiven ? e.user() : null);
    if (entry.isPresent()) {
      Netrc.Entry n = entry.get();
      String user = userGiven || n.login() == null ? e.user() : n.login();
      Secret password = n.password() == null ? null : Secret.of(n.password());
      return e.withLogin(user, password);
    }
    return e;
  }

  private static String userInfo(String url) {
    try {
      String info = new java.net.URI(url).getUserInfo();
      return info == null || info.isEmpty() ? null : info;
    } catch (java.net.URISyntaxException ex) {
      return null;
    }
  }
}
