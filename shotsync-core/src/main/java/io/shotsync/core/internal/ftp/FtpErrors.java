package io.shotsync.core.internal.ftp;

import io.shotsync.api.RemoteException;
import io.shotsync.api.RemoteException.Kind;
import io.shotsync.core.internal.files.SafePaths;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.jspecify.annotations.Nullable;

/** Maps FTP replies and I/O failures to {@link RemoteException}s; messages never hold a password. */
public final class FtpErrors {
  private FtpErrors() {}

  /** The kind of failure an FTP reply code means. */
  public static Kind kindOf(int replyCode) {
    if (replyCode == 530 || replyCode == 332) {
      return Kind.LOGIN_REFUSED;
    }
    if (replyCode >= 400 && replyCode < 500) {
      return Kind.TRANSIENT; // 421, 425, 426, 450, 451, 452
    }
    return Kind.PERMANENT;
  }

  /** A failure from a reply: {@code what} says which command on which path. */
  public static RemoteException reply(String what, int replyCode, @Nullable String replyText) {
    return new RemoteException(kindOf(replyCode), replyCode,
        what + " failed: " + (replyCode == 0 ? "no reply" : clean(replyText)), null);
  }

  /** A failure from an I/O exception, kept as the cause. */
  public static RemoteException io(String what, IOException e) {
    Kind kind;
    String why;
    if (e instanceof UnknownHostException) {
      kind = Kind.UNREACHABLE;
      why = "unknown host " + e.getMessage();
    } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      kind = Kind.UNREACHABLE;
      why = "connection refused or no route (" + e.getMessage() + ")";
    } else if (e instanceof SocketTimeoutException) {
      kind = Kind.TRANSIENT;
      why = "timed out";
    } else if (e instanceof FTPConnectionClosedException) {
      kind = Kind.TRANSIENT;
      why = "the server closed the connection" + (e.getMessage() == null ? "" : " (" + clean(e.getMessage()) + ")");
    } else if (e instanceof SSLHandshakeException && certificateProblem(e)) {
      kind = Kind.UNREACHABLE;
      why = "TLS handshake refused: " + e.getMessage() + "; if this is the right server, trust it explicitly"
          + " (--trust sha256:<fingerprint> or --trust FILE.pem; Endpoint trust in the library)";
    } else if (e instanceof SSLException) {
      kind = Kind.PERMANENT;
      why = "TLS failed: " + e.getMessage();
    } else {
      kind = Kind.TRANSIENT;
      why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return new RemoteException(kind, 0, what + " failed: " + why, e);
  }

  /**
   * A failure of a logged-in session: like {@link #io}, but a refused data connection or a lost route counts as
   * TRANSIENT, since the server answered a moment ago.
   */
  public static RemoteException session(String what, IOException e) {
    RemoteException r = io(what, e);
    if (r.kind() != Kind.UNREACHABLE || e instanceof SSLException) {
      return r;
    }
    return new RemoteException(Kind.TRANSIENT, 0, what + " failed: data connection refused or lost ("
        + e.getMessage() + ")", e);
  }

  private static boolean certificateProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  static String clean(@Nullable String replyText) {
    return replyText == null ? "" : SafePaths.printable(replyText.strip());
  }
}
