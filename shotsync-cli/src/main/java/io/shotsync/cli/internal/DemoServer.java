package io.shotsync.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.jspecify.annotations.Nullable;

/**
 * A read-only Apache FtpServer on 127.0.0.1 serving one directory, for {@code shotsync demo} and tests.
 * Anonymous login is allowed; named users can be added; RETR of chosen paths can be refused with 550.
 */
public final class DemoServer implements AutoCloseable {
  private final FtpServer server;
  private final int port;

  private DemoServer(FtpServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** A builder serving {@code root}. */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /** The control port it listens on. */
  public int port() {
    return port;
  }

  /** {@code ftp://127.0.0.1:PORT/}, or with a user name. */
  public String url(String user) {
    return "ftp://" + (user.isEmpty() || user.equals("anonymous") ? "" : user + "@") + "127.0.0.1:" + port + "/";
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Configures a {@link DemoServer}. */
  public static final class Builder {
    private final Path root;
    private final Map<String, String> users = new LinkedHashMap<>();
    private boolean anonymous = true;
    private int port;
    private Predicate<String> refuseRetrieve = p -> false;
    private @Nullable Path keyStore;
    private @Nullable String keyStorePassword;

    private Builder(Path root) {
      this.root = root;
    }

    /** Adds a user with a password (read-only, home at the root). */
    public Builder user(String name, String password) {
      users.put(name, password);
      return this;
    }

    /** Allows anonymous login (on by default). */
    public Builder anonymous(boolean on) {
      this.anonymous = on;
      return this;
    }

    /** The port; 0 (the default) for a free one. */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /** Answers RETR of files whose argument matches with 550, as a permission problem would. */
    public Builder refuseRetrieve(Predicate<String> matcher) {
      this.refuseRetrieve = matcher;
      return this;
    }

    /** Offers explicit FTPS (AUTH TLS) with the key and certificate in this PKCS#12 key store. */
    public Builder tls(Path pkcs12, String password) {
      this.keyStore = pkcs12;
      this.keyStorePassword = password;
      return this;
    }

    /** Starts the server. */
    public DemoServer start() {
      FtpServerFactory factory = new FtpServerFactory();
      ListenerFactory listener = new ListenerFactory();
      listener.setServerAddress("127.0.0.1");
      listener.setPort(port);
      listener.setIdleTimeout(60);
      DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
      data.setPassiveAddress("127.0.0.1");
      data.setPassiveExternalAddress("127.0.0.1");
      data.setActiveEnabled(false);
      listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
      if (keyStore != null) {
        SslConfigurationFactory ssl = new SslConfigurationFactory();
        ssl.setKeystoreFile(keyStore.toFile());
        ssl.setKeystoreType("PKCS12");
        ssl.setKeystorePassword(keyStorePassword);
        ssl.setKeyPassword(keyStorePassword);
        listener.setSslConfiguration(ssl.createSslConfiguration());
        listener.setImplicitSsl(false);
      }
      factory.addListener("default", listener.createListener());

      ConnectionConfigFactory connections = new ConnectionConfigFactory();
      connections.setAnonymousLoginEnabled(anonymous);
      connections.setMaxLogins(100);
      connections.setMaxAnonymousLogins(100);
      connections.setMaxThreads(0);
      factory.setConnectionConfig(connections.createConnectionConfig());

      PropertiesUserManagerFactory userFactory = new PropertiesUserManagerFactory();
      userFactory.setPasswordEncryptor(new ClearTextPasswordEncryptor());
      UserManager userManager = userFactory.createUserManager();
      try {
        if (anonymous) {
          userManager.save(newUser("anonymous", null));
        }
        for (Map.Entry<String, String> u : users.entrySet()) {
          userManager.save(newUser(u.getKey(), u.getValue()));
        }
      } catch (FtpException e) {
        throw new IllegalStateException("cannot set up the FTP users: " + e.getMessage(), e);
      }
      factory.setUserManager(userManager);

      Predicate<String> refuse = refuseRetrieve;
      Map<String, org.apache.ftpserver.ftplet.Ftplet> ftplets = new LinkedHashMap<>();
      ftplets.put("refuse", new DefaultFtplet() {
        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
          if ("RETR".equalsIgnoreCase(request.getCommand()) && request.getArgument() != null
              && refuse.test(request.getArgument())) {
            session.write(new DefaultFtpReply(550, "Permission denied."));
            return FtpletResult.SKIP;
          }
          return super.beforeCommand(session, request);
        }
      });
      factory.setFtplets(ftplets);

      FtpServer server = factory.createServer();
      try {
        server.start();
      } catch (FtpException e) {
        throw new IllegalStateException("cannot start the FTP server: " + e.getMessage(), e);
      }
      Listener l = ((org.apache.ftpserver.impl.DefaultFtpServer) server).getListener("default");
      return new DemoServer(server, l.getPort());
    }

    private BaseUser newUser(String name, @Nullable String password) {
      BaseUser u = new BaseUser();
      u.setName(name);
      u.setPassword(password);
      u.setHomeDirectory(root.toAbsolutePath().toString());
      u.setEnabled(true);
      List<Authority> auth = new ArrayList<>();
      auth.add(new ConcurrentLoginPermission(0, 0));
      u.setAuthorities(auth);
      return u;
    }
  }
}
