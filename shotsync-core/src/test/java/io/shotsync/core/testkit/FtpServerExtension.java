package io.shotsync.core.testkit;

import io.shotsync.api.Endpoint;
import io.shotsync.api.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs an Apache FtpServer (MLSD, MDTM, SIZE, REST, UTF-8 names, EPSV/PASV) in the test JVM on a free loopback port,
 * serving a temporary root directory.
 *
 * <p>Use it as a field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FtpServerExtension FTP = new FtpServerExtension();   // one server per class
 *
 * @Test
 * void scans() {
 *   new ShotTreeGenerator(FTP.root()).defaultTree();                 // write files under the served root
 *   try (FtpPool pool = FtpPools.open(FTP.endpoint(), SyncOptions.defaults())) { ... }
 * }
 * }</pre>
 *
 * <p>As a {@code static} field the server starts once per class and the root is emptied before each test; as an
 * instance field it starts for each test. {@link #endpoint()} logs in as {@value #USER} with {@link #PASSWORD};
 * {@link #anonymousEndpoint()} logs in anonymously (read-only, same root). {@link #endpoint()} is at root {@code /};
 * use {@code endpoint().withRoot("/sub")} for a sub-tree. Writable: transfer tests may upload through it.
 * {@link #withTls} makes a server that offers explicit FTPS with a given certificate.
 */
public final class FtpServerExtension implements TestFtpServer, BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback {
  /** The test user's name. */
  public static final String USER = "artist";
  /** The test user's password. */
  public static final String PASSWORD = "s3cret-Pa55";

  private final int maxLogins;
  private final TestCertificate tls;
  private FtpServer server;
  private Path root;
  private int port;
  private boolean perClass;

  /** A server allowing 16 concurrent logins. */
  public FtpServerExtension() {
    this(16);
  }

  /** A server allowing at most {@code maxLogins} concurrent logins per user (the server refuses more with 421). */
  public FtpServerExtension(int maxLogins) {
    this(maxLogins, null);
  }

  private FtpServerExtension(int maxLogins, TestCertificate tls) {
    this.maxLogins = maxLogins;
    this.tls = tls;
  }

  /** A server offering explicit FTPS (AUTH TLS) with this certificate; its endpoints use {@code ftps}. */
  public static FtpServerExtension withTls(TestCertificate certificate) {
    return new FtpServerExtension(16, certificate);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (server == null) {
      start();
    } else {
      clean();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  @Override
  public String name() {
    return "Apache FtpServer";
  }

  /** The served directory (the FTP root {@code /}). */
  @Override
  public Path root() {
    return root;
  }

  /** The control port. */
  public int port() {
    return port;
  }

  /** An endpoint that logs in as the test user. */
  @Override
  public Endpoint endpoint() {
    return new Endpoint("test-ftp", "127.0.0.1", port, USER, Secret.of(PASSWORD), "/", tls != null, null);
  }

  /** An endpoint that logs in anonymously. */
  public Endpoint anonymousEndpoint() {
    return new Endpoint("test-ftp-anon", "127.0.0.1", port, "anonymous", null, "/", tls != null, null);
  }

  private void start() throws IOException, FtpException {
    root = Files.createTempDirectory("shotsync-ftp-");
    FtpServerFactory factory = new FtpServerFactory();
    ListenerFactory listener = new ListenerFactory();
    listener.setServerAddress("127.0.0.1");
    listener.setPort(0);
    listener.setIdleTimeout(60);
    if (tls != null) {
      SslConfigurationFactory ssl = new SslConfigurationFactory();
      ssl.setKeystoreFile(tls.keyStore().toFile());
      ssl.setKeystoreType("PKCS12");
      ssl.setKeystorePassword(TestCertificate.PASSWORD);
      ssl.setKeyPassword(TestCertificate.PASSWORD);
      listener.setSslConfiguration(ssl.createSslConfiguration());
      listener.setImplicitSsl(false);
    }
    factory.addListener("default", listener.createListener());
    ConnectionConfigFactory connections = new ConnectionConfigFactory();
    connections.setAnonymousLoginEnabled(true);
    connections.setMaxLogins(4 * maxLogins + 4);
    connections.setMaxAnonymousLogins(maxLogins);
    connections.setMaxLoginFailures(100);
    connections.setLoginFailureDelay(0);
    factory.setConnectionConfig(connections.createConnectionConfig());
    factory.getUserManager().save(user(USER, PASSWORD, true));
    factory.getUserManager().save(user("anonymous", null, false));
    server = factory.createServer();
    server.start();
    port = ((org.apache.ftpserver.impl.DefaultFtpServer) server).getListener("default").getPort();
  }

  private BaseUser user(String name, String password, boolean write) {
    BaseUser u = new BaseUser();
    u.setName(name);
    u.setPassword(password);
    u.setHomeDirectory(root.toString());
    u.setMaxIdleTime(60);
    List<Authority> auth = new ArrayList<>();
    auth.add(new ConcurrentLoginPermission(maxLogins, maxLogins));
    if (write) {
      auth.add(new WritePermission());
    }
    u.setAuthorities(auth);
    return u;
  }

  private void stop() {
    if (server != null) {
      server.stop();
      server = null;
    }
    if (root != null) {
      delete(root);
      root = null;
    }
  }

  private void clean() throws IOException {
    try (var children = Files.list(root)) {
      for (Path p : children.toList()) {
        delete(p);
      }
    }
  }

  /** Deletes a file or a directory tree (test helper). */
  static void delete(Path path) {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
