package io.shotsync.server;

import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.ShotSync;
import io.shotsync.jdbc.JdbcTaskStore;
import io.shotsync.server.internal.EventStream;
import io.shotsync.server.internal.Handlers;
import io.shotsync.server.internal.HttpServer;
import io.shotsync.server.internal.QueueWorker;
import io.shotsync.server.internal.Routes;
import io.shotsync.server.internal.Security;
import io.shotsync.server.internal.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The shotsync REST API over HTTP, served over a host's {@link ShotSync}: every route under {@code /api/v1} but
 * health needs {@code Authorization: Bearer TOKEN}, and only requests naming this server in their {@code Host} header
 * are answered. Binds 127.0.0.1 unless told otherwise. The host keeps owning its {@code ShotSync}.
 *
 * <pre>{@code
 * try (ShotSyncServer server = ShotSyncServer.builder(sync).token(token).port(8080).start()) {
 *   System.out.println(server.url());
 *   ...
 * }
 * }</pre>
 */
public final class ShotSyncServer implements AutoCloseable {
  private final HttpServer http;
  private final EventStream events;
  private final @Nullable QueueWorker worker;
  private final String bind;
  private final String token;
  private final boolean tls;

  private ShotSyncServer(HttpServer http, EventStream events, @Nullable QueueWorker worker, String bind,
      String token, boolean tls) {
    this.http = http;
    this.events = events;
    this.worker = worker;
    this.bind = bind;
    this.token = token;
    this.tls = tls;
  }

  /** A builder over this facade. */
  public static Builder builder(ShotSync sync) {
    return new Builder(sync);
  }

  /** The port served (the one chosen when the builder said 0). */
  public int port() {
    return http.port();
  }

  /** The routes this server registered (for tests of the route table). */
  List<io.shotsync.server.internal.Route> routes() {
    return http.routes();
  }

  /** The address listened on. */
  public String bindAddress() {
    return bind;
  }

  /** Whether the server speaks HTTPS (see {@link Builder#tls}). */
  public boolean isTls() {
    return tls;
  }

  /** The base URL on the loopback address, such as {@code http://127.0.0.1:8080} ({@code https://} with TLS). */
  public String url() {
    return scheme() + "://127.0.0.1:" + port();
  }

  /** {@code https} with TLS, else {@code http}. */
  public String scheme() {
    return tls ? "https" : "http";
  }

  /** The start-up URL with the token, {@code http://127.0.0.1:PORT/?token=...}: give it only to the server's users. */
  public String tokenUrl() {
    return url() + "/?token=" + token;
  }

  /** True when the address is a loopback one (only this machine can connect). */
  public static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Stops the worker loop, then the HTTP server; running tasks go on until the host closes its ShotSync. */
  @Override
  public void close() {
    try {
      if (worker != null) {
        worker.close();
      }
    } finally {
      try {
        events.close();   // ends the event streams, so the HTTP server stops without waiting for them
      } finally {
        http.close();
      }
    }
  }

  /** The shotsync version this module was built as. */
  public static String version() {
    try (InputStream in = ShotSyncServer.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Builds and starts a {@link ShotSyncServer}. */
  public static final class Builder {
    private final ShotSync sync;
    private String bind = "127.0.0.1";
    private int port = 8080;
    private @Nullable String token;
    private final List<String> hostNames = new ArrayList<>();
    private boolean runQueued = true;
    private @Nullable String storeName;
    private int eventBuffer = EventStream.DEFAULT_BUFFER;
    private @Nullable Path tlsCertificate;
    private @Nullable Path tlsKey;

    private Builder(ShotSync sync) {
      this.sync = Objects.requireNonNull(sync, "sync");
    }

    /** The address to listen on (default {@code 127.0.0.1}; {@code 0.0.0.0} for every interface). */
    public Builder bind(String address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The port (default 8080; 0 picks a free one, see {@link ShotSyncServer#port()}). */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new InvalidInputException("port " + value + " out of range 0-65535");
      }
      this.port = value;
      return this;
    }

    /** The API token (required; see {@link ServerToken} for the environment variable and the token file). */
    public Builder token(String value) {
      this.token = Objects.requireNonNull(value, "token");
      return this;
    }

    /** A further name clients reach the server by, allowed in the {@code Host} header (may be called many times). */
    public Builder hostName(String name) {
      if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
        throw new InvalidInputException("malformed host name '" + name + "'");
      }
      hostNames.add(name);
      return this;
    }

    /** Whether the server runs queued and scheduled tasks and automatic retries itself (default true). */
    public Builder runQueued(boolean on) {
      this.runQueued = on;
      return this;
    }

    /** What health reports as the store (default: the database kind, or the store's class). */
    public Builder storeName(String name) {
      this.storeName = name;
      return this;
    }

    /**
     * How many events the event stream keeps for clients that reconnect (default 10,000); a client further behind
     * gets the log records it missed from the store and the current state of the tasks whose events it missed.
     */
    public Builder eventBuffer(int events) {
      if (events < 16) {
        throw new InvalidInputException("the event buffer needs at least 16 events: " + events);
      }
      this.eventBuffer = events;
      return this;
    }

    /**
     * Serves HTTPS with a certificate and its private key, both PEM: {@code certificateChain} holds the server's
     * certificate and any intermediates ({@code -----BEGIN CERTIFICATE-----} blocks), {@code privateKey} an
     * unencrypted RSA or EC key in PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}; {@code openssl pkcs8 -topk8 -nocrypt}
     * converts other forms). Read when the server starts; the browser session cookies then carry {@code Secure}.
     */
    public Builder tls(Path certificateChain, Path privateKey) {
      this.tlsCertificate = Objects.requireNonNull(certificateChain, "certificateChain");
      this.tlsKey = Objects.requireNonNull(privateKey, "privateKey");
      return this;
    }

    /**
     * Starts serving.
     *
     * @throws InvalidInputException without a token, or with a TLS certificate or key that is missing, malformed or
     *     not a pair
     * @throws ShotSyncException when the address or port cannot be bound
     */
    public ShotSyncServer start() {
      if (token == null || token.isBlank()) {
        throw new InvalidInputException("the server needs a token: call token(...), see ServerToken.resolve");
      }
      Tls tls = tlsCertificate != null && tlsKey != null ? Tls.load(tlsCertificate, tlsKey) : null;
      Security security = new Security(token, bind, hostNames);
      EventStream events = new EventStream(sync, eventBuffer);
      Handlers handlers = new Handlers(sync, version(), storeName != null ? storeName : storeName(sync.store()),
          openApi(), events);
      HttpServer http;
      try {
        http = HttpServer.start(Routes.table(handlers), security, bind, port, tls);
      } catch (RuntimeException e) {
        events.close();
        throw new ShotSyncException("cannot serve on " + bind + ":" + port + ": " + rootMessage(e), e);
      }
      QueueWorker worker = runQueued ? new QueueWorker(sync) : null;
      return new ShotSyncServer(http, events, worker, bind, token, tls != null);
    }

    private static String storeName(TaskStore store) {
      if (store instanceof JdbcTaskStore jdbc) {
        return jdbc.dialect().name().toLowerCase(Locale.ROOT);
      }
      String name = store.getClass().getSimpleName();
      return name.equals("InMemoryTaskStore") ? "memory" : name;
    }

    private static String rootMessage(Throwable e) {
      Throwable t = e;
      while (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
      return t.getMessage() == null ? t.toString() : t.getMessage();
    }
  }

  /** The OpenAPI document in the jar. */
  static byte[] openApi() {
    try (InputStream in = ShotSyncServer.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the shotsync-server jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
