package io.shotsync.cli;

import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.cli.internal.DemoServer;
import io.shotsync.cli.internal.DemoTree;
import io.shotsync.cli.internal.ExitCodes;
import io.shotsync.cli.internal.ServeConfig;
import io.shotsync.cli.internal.Interrupts;
import io.shotsync.cli.internal.Serving;
import io.shotsync.cli.internal.NotifyOptions;
import io.shotsync.cli.internal.StoreOptions;
import io.shotsync.cli.internal.Stores;
import io.shotsync.cli.internal.Trees;
import io.shotsync.core.EndpointConfig;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Strategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shotsync serve}: the REST API over the configured endpoints, and a worker for queued and scheduled tasks,
 * until stopped with Ctrl-C or SIGTERM.
 */
@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Serve the REST API (/api/v1, see /api/v1/openapi.json) over the configured endpoints, behind a"
        + " token, and run queued and scheduled tasks, until stopped.",
    footer = {"", "Environment: SHOTSYNC_SERVER_TOKEN (else the token in $SHOTSYNC_HOME/server.token, made at the first"
        + " start), SHOTSYNC_PASSWORD_<ID> and SHOTSYNC_PASSWORD (FTP passwords), SHOTSYNC_HOME."})
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", order = 1,
      description = "Endpoints as JSON: {\"endpoints\": [{\"id\", \"url\", \"localRoot\", \"layout\"?, \"trust\"?,"
          + " \"options\"?}]}; no passwords in it.")
  @Nullable Path config;

  @Option(names = "--remote", paramLabel = "URL", order = 2,
      description = "One endpoint, id 'default' (with --local): ftp://[user@]host[:port]/root or ftps://...")
  @Nullable String remote;

  @Option(names = "--local", paramLabel = "DIR", order = 3,
      description = "The local root of --remote (and of --demo; default for the demo: ./shotsync-demo-<timestamp>).")
  @Nullable Path local;

  @Option(names = "--bind", paramLabel = "ADDRESS", order = 4, defaultValue = "127.0.0.1",
      description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String bind = "127.0.0.1";

  @Option(names = "--port", paramLabel = "PORT", order = 5, defaultValue = "8080",
      description = "The port (default: ${DEFAULT-VALUE}; 0 for a free one).")
  int port = 8080;

  @Option(names = "--host-name", paramLabel = "NAME", order = 6,
      description = "A further name the server is reached by, accepted in the Host header (repeatable).")
  List<String> hostNames = new ArrayList<>();

  @Option(names = "--tls-cert", paramLabel = "FILE", order = 7,
      description = "Serve HTTPS with this PEM certificate (then any intermediates); needs --tls-key.")
  @Nullable Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", order = 8,
      description = "The certificate's private key: PEM, unencrypted PKCS#8 (-----BEGIN PRIVATE KEY-----), RSA or EC.")
  @Nullable Path tlsKey;

  @Option(names = "--demo", order = 9,
      description = "Also start the demo FTP server with a generated shot tree, as endpoint 'demo'.")
  boolean demo;

  @Mixin
  StoreOptions store;

  @Mixin
  NotifyOptions notify;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (remote == null && config == null && !demo) {
      throw new InvalidInputException("serve needs endpoints: --config FILE, --remote URL --local DIR, or --demo");
    }
    if (remote != null && local == null) {
      throw new InvalidInputException("--remote needs --local DIR, the directory its shots are written under");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new InvalidInputException("TLS needs both --tls-cert FILE and --tls-key FILE");
    }
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("--port " + port + " out of range 0-65535");
    }
    Map<String, String> env = System.getenv();
    List<EndpointConfig> endpoints = new ArrayList<>();
    if (config != null) {
      endpoints.addAll(ServeConfig.read(config, env));
    }
    if (remote != null) {
      endpoints.add(ServeConfig.shortcut(remote, java.util.Objects.requireNonNull(local), env, System.err));
    }
    List<AutoCloseable> open = new ArrayList<>();
    Path demoDir = null;
    try {
      if (demo) {
        demoDir = Files.createTempDirectory("shotsync-demo-ftp-");
        DemoTree.demo().write(demoDir);
        DemoServer ftp = DemoServer.builder(demoDir).start();
        open.add(ftp);
        Path root = (local != null ? local : defaultDemoRoot()).toAbsolutePath().normalize();
        endpoints.add(EndpointConfig.builder(Endpoint.fromUrl("demo", ftp.url("anonymous"))).localRoot(root).build());
        System.out.println("shotsync serve: demo FTP server on 127.0.0.1:" + ftp.port() + " as endpoint 'demo',"
            + " downloading into " + root);
      }
      for (int i = 0; i < endpoints.size(); i++) {
        for (int j = i + 1; j < endpoints.size(); j++) {
          if (endpoints.get(i).id().equals(endpoints.get(j).id())) {
            throw new InvalidInputException("endpoint id '" + endpoints.get(i).id() + "' is given twice");
          }
        }
      }
      notify.check();
      TaskStore taskStore = store.open();
      open.add(taskStore);
      ShotSync.Builder b = ShotSync.builder().store(taskStore).strategies(Strategies.discover());
      endpoints.forEach(b::endpoint);
      ShotSync sync = b.build();
      open.add(sync);
      // every task that ends in this server (run here or by its worker loop) is notified; closed after the server
      NotifyOptions.Notifiers notifiers = notify.open(sync::items);
      open.add(notifiers);
      notifiers.attach(sync);
      String storeName = store.url() == null ? "h2 (embedded, " + StoreOptions.home().resolve("db") + ")"
          : Stores.redact(store.url());
      open.add(Serving.start(sync, bind, port, hostNames, storeName, tlsCert, tlsKey, env, StoreOptions.home(),
          System.out, System.err));
      CountDownLatch stopped = new CountDownLatch(1);
      List<AutoCloseable> toClose = List.copyOf(open);
      Path tree = demoDir;
      java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
      Runnable stop = () -> {
        if (!stopping.compareAndSet(false, true)) {
          return;
        }
        // first the tasks running here go back to QUEUED (partial files kept) for the next server or worker, while
        // the store is still open; then the HTTP server, the store and the demo FTP server
        try {
          sync.shutdown();
        } catch (RuntimeException e) {
          System.err.println("shotsync: stopping the running tasks failed: " + e.getMessage());
        }
        closeAll(toClose);
        if (tree != null) {
          Trees.delete(tree);
        }
        stopped.countDown();
      };
      // SIGTERM and Ctrl-C stop before the JVM's shutdown (and the embedded database's own hook) begins
      Interrupts.onStop(stop, System.err);
      Runtime.getRuntime().addShutdownHook(new Thread(stop, "shotsync-serve-stop"));
      open.clear();
      stopped.await();
      return ExitCodes.OK;
    } finally {
      // only when start-up failed: a running server is closed by the shutdown hook
      closeAll(open);
      if (!open.isEmpty() && demoDir != null) {
        Trees.delete(demoDir);
      }
    }
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        System.err.println("shotsync: closing " + resources.get(i).getClass().getSimpleName() + " failed: "
            + e.getMessage());
      }
    }
  }

  private static Path defaultDemoRoot() {
    String name = "shotsync-demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path cwd = Path.of("").toAbsolutePath();
    return Files.isWritable(cwd) ? cwd.resolve(name) : Path.of(System.getProperty("java.io.tmpdir")).resolve(name);
  }
}
