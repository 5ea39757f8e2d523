package io.shotsync.core.internal.ftp;

import java.io.IOException;
import java.net.Socket;
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

  /** True when the last transfer's REST was refused. */
  boolean restRefused();

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
    public boolean restRefused() {
      boolean r = restRefused;
      restRefused = false;
      return r;
    }
  }
}
