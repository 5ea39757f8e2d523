package io.shotsync.cli.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.Secret;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.EndpointConfig;
import io.shotsync.core.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints of {@code serve}: a JSON file {@code {"endpoints": [{id, url, localRoot, layout?, trust?, options?}]}}
 * or the {@code --remote URL --local DIR} shortcut (id {@code default}). Passwords never sit in the file: they come
 * from {@code SHOTSYNC_PASSWORD_<ID>} (the id upper-cased, other characters as {@code _}), then
 * {@code SHOTSYNC_PASSWORD}, then {@code ~/.netrc}. Relative paths in the file are relative to the file's directory.
 */
public final class ServeConfig {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("id", "url", "localRoot", "layout", "trust", "options");

  private ServeConfig() {}

  /** The environment variable holding one endpoint's password: {@code SHOTSYNC_PASSWORD_STUDIO_1} for {@code studio-1}. */
  public static String passwordVariable(String endpointId) {
    StringBuilder b = new StringBuilder(Credentials.PASSWORD_ENV).append('_');
    for (char c : endpointId.toUpperCase(Locale.ROOT).toCharArray()) {
      b.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
    }
    return b.toString();
  }

  /**
   * Reads the endpoints file.
   *
   * @throws InvalidInputException naming the file and what is wrong in it
   */
  public static List<EndpointConfig> read(Path file, Map<String, String> env) {
    Map<String, Object> doc;
    try {
      doc = JSON.readValue(Files.readString(file), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the endpoints file " + file + ": " + e.getMessage());
    }
    if (doc == null || !(doc.get("endpoints") instanceof List<?> list) || list.isEmpty()) {
      throw new InvalidInputException(file + ": expected {\"endpoints\": [{\"id\": ..., \"url\": ..., \"localRoot\":"
          + " ...}, ...]}");
    }
    if (doc.size() != 1) {
      throw new InvalidInputException(file + ": unknown top-level field(s) " + new TreeSet<>(doc.keySet())
          + "; known: endpoints");
    }
    Path dir = file.toAbsolutePath().getParent();
    List<EndpointConfig> out = new ArrayList<>();
    Set<String> ids = new TreeSet<>();
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> raw)) {
        throw new InvalidInputException(file + ": each endpoint must be an object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) raw;
      for (String k : m.keySet()) {
        if (!FIELDS.contains(k)) {
          throw new InvalidInputException(file + ": unknown field '" + k + "' in an endpoint; known: "
              + String.join(", ", new TreeSet<>(FIELDS)));
        }
      }
      String id = text(file, m, "id", true);
      if (!ids.add(id)) {
        throw new InvalidInputException(file + ": endpoint id '" + id + "' appears twice");
      }
      String url = text(file, m, "url", true);
      if (Endpoint.urlHasPassword(url)) {
        throw new InvalidInputException(file + ": endpoint '" + id + "' has a password in its URL; passwords never"
            + " sit in the file: set " + passwordVariable(id) + " or SHOTSYNC_PASSWORD, or use ~/.netrc");
      }
      Endpoint e = RemoteOptions.withTrust(withPassword(Endpoint.fromUrl(id, url), url, env),
          resolve(dir, text(file, m, "trust", false), true));
      EndpointConfig.Builder b = EndpointConfig.builder(e)
          .localRoot(Path.of(resolve(dir, text(file, m, "localRoot", true), false)));
      String layout = text(file, m, "layout", false);
      if (layout != null) {
        b.layout(Layout.load(Path.of(resolve(dir, layout, false))));
      }
      Object options = m.get("options");
      if (options != null) {
        if (!(options instanceof Map<?, ?> om)) {
          throw new InvalidInputException(file + ": 'options' of endpoint '" + id + "' must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> typed = (Map<String, ?>) om;
        try {
          b.options(SyncOptions.fromMap(typed, SyncOptions.defaults()));
        } catch (InvalidInputException ex) {
          throw new InvalidInputException(file + ": endpoint '" + id + "': " + ex.getMessage());
        }
      }
      out.add(b.build());
    }
    return out;
  }

  /** The {@code --remote URL --local DIR} endpoint, id {@code default}. */
  public static EndpointConfig shortcut(String url, Path local, Map<String, String> env, java.io.PrintStream warnings) {
    Endpoint e = Endpoint.fromUrl("default", url);
    if (Endpoint.urlHasPassword(url)) {
      warnings.println("shotsync: warning: a password inside the URL is visible to other users in the process list;"
          + " use " + passwordVariable("default") + ", " + Credentials.PASSWORD_ENV + " or ~/.netrc instead");
    } else {
      e = withPassword(e, url, env);
    }
    return EndpointConfig.builder(e).localRoot(local.toAbsolutePath().normalize()).build();
  }

  /** The password of an endpoint: its own variable, then SHOTSYNC_PASSWORD, then ~/.netrc, else none. */
  static Endpoint withPassword(Endpoint e, String url, Map<String, String> env) {
    String own = env.get(passwordVariable(e.id()));
    if (own != null) {
      return e.withPassword(Secret.of(own));
    }
    boolean userGiven;
    try {
      String info = new java.net.URI(url).getUserInfo();
      userGiven = info != null && !info.isEmpty();
    } catch (java.net.URISyntaxException ex) {
      userGiven = false;
    }
    return new Credentials(env).complete(e, userGiven);
  }

  private static @Nullable String text(Path file, Map<String, Object> m, String key, boolean required) {
    Object v = m.get(key);
    if (v == null) {
      if (required) {
        throw new InvalidInputException(file + ": an endpoint has no '" + key + "'");
      }
      return null;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw new InvalidInputException(file + ": '" + key + "' must be a non-empty string");
    }
    return s;
  }

  private static @Nullable String resolve(Path dir, @Nullable String value, boolean trust) {
    if (value == null || (trust && value.regionMatches(true, 0, "sha256:", 0, 7))) {
      return value;
    }
    return dir.resolve(value).toAbsolutePath().normalize().toString();
  }
}
