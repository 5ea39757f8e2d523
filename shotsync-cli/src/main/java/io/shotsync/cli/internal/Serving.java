package io.shotsync.cli.internal;

import io.shotsync.core.ShotSync;
import io.shotsync.server.ServerToken;
import io.shotsync.server.ShotSyncServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Starts the HTTP server of {@code shotsync serve}. The only class of the command that names the server module, so
 * that Javalin and Jetty load when {@code serve} runs and never for the other commands.
 */
public final class Serving {
  private Serving() {}

  /**
   * Starts serving the facade, over HTTPS when {@code tlsCertificate} and {@code tlsKey} are given; prints the start-up
   * URL with the token on {@code out} and, for a bind address other than loopback without TLS, a warning on
   * {@code err}. Answers the running server.
   */
  public static AutoCloseable start(ShotSync sync, String bind, int port, List<String> hostNames, String storeName,
      @Nullable Path tlsCertificate, @Nullable Path tlsKey, Map<String, String> env, Path home, PrintStream out,
      PrintStream err) {
    ServerToken token = ServerToken.resolve(env, home);
    ShotSyncServer.Builder b = ShotSyncServer.builder(sync).bind(bind).port(port).token(token.value())
        .storeName(storeName);
    hostNames.forEach(b::hostName);
    if (tlsCertificate != null && tlsKey != null) {
      b.tls(tlsCertificate, tlsKey);
    }
    ShotSyncServer server = b.start();
    boolean wildcard = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
    String host = ShotSyncServer.isLoopback(bind) || wildcard ? "127.0.0.1"
        : bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    if (server.isTls() && !hostNames.isEmpty()) {
      host = hostNames.get(0);   // the name the certificate is most likely made out to
    }
    if (!ShotSyncServer.isLoopback(bind) && !server.isTls()) {
      err.println("shotsync: warning: serving on " + bind + ", not only on this machine, over plain HTTP: the token"
          + " and the data cross the network readable by anyone on the way; give --tls-cert and --tls-key");
    }
    String base = server.scheme() + "://" + host + ":" + server.port();
    out.println("shotsync serve: " + base + "/?token=" + token.value());
    out.println("  API: " + base + "/api/v1 with 'Authorization: Bearer <token>' (token from " + token.source()
        + ")");
    out.flush();
    return server;
  }
}
