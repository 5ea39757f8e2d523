package io.shotsync.core.internal.ftp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPSClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens raw data connections (for streamed listings) and reports a refused REST, on plain and TLS clients alike. */
interface DataClient {

  /** The commons-net client. */
  FTPClient client();

  /** Sends the command on a fresh data connection; null when the server refused (see the reply code). */
  @Nullable Socket openData(String command, @Nullable String argument) throws IOException;

  /**
   * Sends the commands in one write and then reads one reply per command (pipelining); answers the reply lines
   * of each (code and text). The caller keeps batches small enough that replies never fill the socket buffers.
   */
  List<String> pipeline(List<String> commands) throws IOException;

  /** True when the last transfer's REST was refused. */
  boolean restRefused();

  /** True when {@link #openDataChannel} works here (plain FTP; a TLS connection has no channel to read). */
  default boolean channels() {
    return false;
  }

  /**
   * As {@link #openData}, on a connection read through its channel (a buffer at a time, into native memory); null
   * when the server refused. Only where {@link #channels()}.
   */
  default @Nullable SocketChannel openDataChannel(String command, @Nullable String argument) throws IOException {
    throw new UnsupportedOperationException("no channel data connections over " + getClass().getSimpleName());
  }

  /** Writes every command, flushes once, then reads the replies in order. */
  private static List<String> pipeline(FTPClient ftp, java.io.Writer control, List<String> commands)
      throws IOException {
    StringBuilder batch = new StringBuilder(commands.size() * 64);
    for (String c : commands) {
      batch.append(c).append("\r\n");
    }
    control.write(batch.toString());
    control.flush();
    List<String> replies = new ArrayList<>(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      ftp.getReply();
      replies.add(ftp.getReplyString());
    }
    return replies;
  }

  /** A plain FTP client. */
  static DataClient plain() {
    return new Plain();
  }

  /** An explicit FTPS (AUTH TLS) client with this TLS context. */
  static DataClient secure(SSLContext context) {
    return new Secure(context);
  }

  /**
   * Plain FTP. Its control replies are read through a stream that reports no bytes available: the JDK's reader then
   * decodes what one read brought instead of asking the socket how much more is waiting (an {@code ioctl(FIONREAD)}
   * for every reply, three per downloaded file), and reads again only when a line needs more.
   */
  final class Plain extends FTPClient implements DataClient {
    private boolean restRefused;
    /** True while {@link #openDataChannel} opens its connection: the socket made then has a channel. */
    private boolean channelData;

    Plain() {
      setSocketFactory(new Sockets() {
        @Override
        public Socket createSocket() throws IOException {
          return channelData ? SocketChannel.open().socket() : new Socket();
        }
      });
    }

    @Override
    protected void _connectAction_(@Nullable Reader socketIsReader) throws IOException {
      super._connectAction_(socketIsReader != null ? socketIsReader
          : new InputStreamReader(new NoneAvailable(_socket_.getInputStream()), getControlEncoding()));
    }

    @Override
    public FTPClient client() {
      return this;
    }

    @Override
    public @Nullable Socket openData(String command, @Nullable String argument) throws IOException {
      return _openDataConnection_(command, argument);
    }

    @Override
    public boolean channels() {
      return true;
    }

    @Override
    public @Nullable SocketChannel openDataChannel(String command, @Nullable String argument) throws IOException {
      Socket s;
      channelData = true;
      try {
        s = _openDataConnection_(command, argument);
      } finally {
        channelData = false;
      }
      if (s == null) {
        return null;
      }
      SocketChannel ch = s.getChannel();
      if (ch == null) {
        s.close();
        throw new IOException("the data connection for " + command + " has no channel");
      }
      return ch;
    }

    @Override
    protected boolean restart(long offset) throws IOException {
      boolean ok = super.restart(offset);
      restRefused = !ok;
      return ok;
    }

    @Override
    public List<String> pipeline(List<String> commands) throws IOException {
      return DataClient.pipeline(this, _controlOutput_, commands);
    }

    @Override
    public boolean restRefused() {
      boolean r = restRefused;
      restRefused = false;
      return r;
    }
  }

  /**
   * Explicit FTPS. After {@link #protectData()} every data connection is TLS too, and it resumes the control
   * connection's TLS session, which servers such as vsftpd ({@code require_ssl_reuse=YES}, its default), ProFTPD
   * and FileZilla Server insist on so that nobody else can connect to the data port.
   *
   * <p>JSSE offers no API to resume a given session: it looks a session up by the peer's host and port, and a data
   * connection goes to another port than the control connection. The well-known commons-net workaround (NET-408)
   * plants the control session into the JDK's cache by reflection on {@code sun.security.ssl}, which Java 17 only
   * allows with {@code --add-opens}. Here the data socket instead reports the control connection's port (and the
   * TLS layer gets the control connection's host name), so the JDK's own lookup finds the control session; this
   * works with TLS 1.2 and 1.3 and needs no flag.
   */
  final class Secure extends FTPSClient implements DataClient {
    private static final Logger LOG = LoggerFactory.getLogger(Secure.class);
    private final SSLContext context;
    private boolean restRefused;
    private boolean protectedData;
    private boolean reuseLogged;

    Secure(SSLContext context) {
      super(false, context);
      this.context = context;
    }

    /** PBSZ 0 and PROT P: data connections from now on are TLS, resuming the control connection's session. */
    void protectData() throws IOException {
      execPBSZ(0);
      execPROT("P");
      // execPROT made data sockets TLS with sessions of their own; open them plain and layer TLS in openData
      setSocketFactory(new ControlPortSockets(getRemotePort()));
      protectedData = true;
    }

    @Override
    protected @Nullable Socket _openDataConnection_(String command, @Nullable String arg) throws IOException {
      Socket raw = super._openDataConnection_(command, arg);
      if (raw == null || !protectedData || raw instanceof SSLSocket) {
        return raw;
      }
      SSLSocket control = (SSLSocket) _socket_;
      SSLSession controlSession = control.getSession();
      SSLSocket data;
      try {
        data = (SSLSocket) context.getSocketFactory().createSocket(raw, controlSession.getPeerHost(),
            controlSession.getPeerPort(), true);
        data.setUseClientMode(true);
        data.setSSLParameters(control.getSSLParameters()); // protocols, suites, SNI and host name checking
        data.startHandshake();
      } catch (IOException e) {
        raw.close();
        throw e;
      }
      if (!reuseLogged) {
        reuseLogged = true;
        // TLS 1.3 gives a resumed connection a session id of its own, so only the server can tell reuse for sure
        LOG.debug("FTPS data connection over {}, offered the control connection's session to resume",
            data.getSession().getProtocol());
      }
      return data;
    }

    @Override
    public FTPClient client() {
      return this;
    }

    @Override
    public @Nullable Socket openData(String command, @Nullable String argument) throws IOException {
      return _openDataConnection_(command, argument);
    }

    @Override
    protected boolean restart(long offset) throws IOException {
      boolean ok = super.restart(offset);
      restRefused = !ok;
      return ok;
    }

    @Override
    public List<String> pipeline(List<String> commands) throws IOException {
      return DataClient.pipeline(this, _controlOutput_, commands);
    }

    @Override
    public boolean restRefused() {
      boolean r = restRefused;
      restRefused = false;
      return r;
    }
  }

  /** A stream whose {@link #available()} is always 0, without asking the socket underneath. */
  final class NoneAvailable extends FilterInputStream {
    NoneAvailable(InputStream in) {
      super(in);
    }

    @Override
    public int available() {
      return 0;
    }
  }

  /**
   * Plain sockets that, once connected, report the control connection's port as theirs: JSSE keys its client session
   * cache by peer host and {@link Socket#getPort()}, so TLS layered over such a socket resumes the control session.
   */
  final class ControlPortSockets extends Sockets {
    private final int controlPort;

    ControlPortSockets(int controlPort) {
      this.controlPort = controlPort;
    }

    @Override
    public Socket createSocket() {
      return new Socket() {
        @Override
        public int getPort() {
          return isConnected() ? controlPort : super.getPort();
        }
      };
    }
  }

  /** A socket factory whose every socket comes unconnected from {@link #createSocket()}, then bound and connected. */
  abstract class Sockets extends SocketFactory {
    @Override
    public abstract Socket createSocket() throws IOException;

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      Socket s = createSocket();
      s.connect(new InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      Socket s = createSocket();
      s.bind(new InetSocketAddress(localHost, localPort));
      s.connect(new InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      Socket s = createSocket();
      s.connect(new InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      Socket s = createSocket();
      s.bind(new InetSocketAddress(localAddress, localPort));
      s.connect(new InetSocketAddress(address, port));
      return s;
    }
  }
}
