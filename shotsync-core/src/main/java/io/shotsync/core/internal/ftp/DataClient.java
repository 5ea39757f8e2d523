package io.shotsync.core.internal.ftp;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPSClient;
import org.jspecify.annotations.Nullable;

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

  /** Plain FTP. */
  final class Plain extends FTPClient implements DataClient {
    private boolean restRefused;

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

  /** Explicit FTPS. */
  final class Secure extends FTPSClient implements DataClient {
    private boolean restRefused;

    Secure(SSLContext context) {
      super(false, context);
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
}
