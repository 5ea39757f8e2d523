package io.shotsync.core.internal.ftp;

import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.LocalStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Decides which server certificates an FTPS endpoint accepts, from {@link Endpoint#trust()}. Pluggable: the pool
 * takes any implementation; {@link #standard()} handles
 *
 * <ul>
 *   <li>null: the certificate chain must lead to a CA in the JVM's default trust store and name the host;
 *   <li>a PEM file path: the chain must lead to a certificate in that file (a studio CA, or the server's own
 *       self-signed certificate) and name the host;
 *   <li>{@code sha256:AB:CD:...} (64 hex digits, colons optional): the server's certificate must be exactly the one
 *       with that SHA-256 fingerprint; the host name is not checked, the pin says which server it is.
 * </ul>
 *
 * <p>A refused certificate fails the handshake with a message that names the certificate, its fingerprint and why
 * it was refused.
 */
@FunctionalInterface
public interface FtpsTrust {

  /** The TLS context for this endpoint. */
  SSLContext context(Endpoint endpoint);

  /** True when the host name must also match the certificate (all but pinned fingerprints). */
  default boolean checkHostName(Endpoint endpoint) {
    return !isFingerprint(endpoint.trust());
  }

  /** True for a {@code sha256:} trust value. */
  static boolean isFingerprint(@Nullable String trust) {
    return trust != null && trust.regionMatches(true, 0, "sha256:", 0, 7);
  }

  /** The built-in trust decisions. */
  static FtpsTrust standard() {
    return endpoint -> {
      String trust = endpoint.trust();
      try {
        X509ExtendedTrustManager tm;
        if (trust == null) {
          tm = new Explaining(fromStore(null), "the JVM's trust store");
        } else if (isFingerprint(trust)) {
          tm = new Pinned(endpoint.id(), trust.substring(7).replace(":", "").toLowerCase(Locale.ROOT));
        } else {
          tm = new Explaining(fromPem(endpoint.id(), Path.of(trust)), "the certificate in " + trust);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {tm}, null);
        return ctx;
      } catch (GeneralSecurityException e) {
        throw new InvalidInputException("cannot set up TLS trust for endpoint " + endpoint.id() + ": " + e.getMessage());
      }
    };
  }

  /** {@code sha256:AB:CD:...} of a certificate. */
  static String fingerprint(X509Certificate c) throws CertificateException {
    try {
      return "sha256:" + HexFormat.ofDelimiter(":").withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new CertificateException(e);
    }
  }

  private static X509ExtendedTrustManager fromStore(@Nullable KeyStore ks) throws GeneralSecurityException {
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(ks);
    for (TrustManager t : f.getTrustManagers()) {
      if (t instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager in " + f.getAlgorithm());
  }

  private static X509ExtendedTrustManager fromPem(String endpointId, Path pem) throws GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("cert" + i++, c);
      }
      if (i == 0) {
        throw new InvalidInputException("no certificate in " + pem + " (trust of endpoint " + endpointId + ")");
      }
      return fromStore(ks);
    } catch (CertificateException e) {
      throw new InvalidInputException("cannot read a PEM certificate from " + pem + " (trust of endpoint "
          + endpointId + "): " + e.getMessage());
    } catch (IOException e) {
      throw new LocalStorageException("cannot read trusted certificate " + pem + " of endpoint " + endpointId, e);
    }
  }

  /** Why a certificate was refused, naming it and its fingerprint. */
  private static CertificateException refusal(X509Certificate[] chain, String why, @Nullable CertificateException cause) {
    String who = "the server's certificate";
    if (chain != null && chain.length > 0) {
      try {
        who = "the server's certificate '" + chain[0].getSubjectX500Principal().getName() + "' ("
            + fingerprint(chain[0]) + ")";
      } catch (CertificateException e) {
        // keep the plain wording
      }
    }
    return new CertificateException(who + " " + why + (cause == null ? "" : ": " + cause.getMessage()), cause);
  }

  /**
   * A trust manager for the client side of a connection: the three server checks go to {@link #check}, client
   * certificates are never accepted.
   */
  abstract class ServerCheck extends X509ExtendedTrustManager {
    /** Checks a server's chain; {@code socket} or {@code engine} (or neither) is the connection. */
    abstract void check(X509Certificate[] chain, String authType, @Nullable Socket socket, @Nullable SSLEngine engine)
        throws CertificateException;

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain, authType, socket, null);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain, authType, null, engine);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain, authType, null, null);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("client certificates are not checked here");
    }
  }

  /** Delegates to a PKIX trust manager and explains its refusals. */
  final class Explaining extends ServerCheck {
    private final X509ExtendedTrustManager delegate;
    private final String anchors;

    Explaining(X509ExtendedTrustManager delegate, String anchors) {
      this.delegate = delegate;
      this.anchors = anchors;
    }

    @Override
    void check(X509Certificate[] chain, String authType, @Nullable Socket socket, @Nullable SSLEngine engine)
        throws CertificateException {
      try {
        if (socket != null) {
          delegate.checkServerTrusted(chain, authType, socket); // with the host name check when it is asked for
        } else if (engine != null) {
          delegate.checkServerTrusted(chain, authType, engine);
        } else {
          delegate.checkServerTrusted(chain, authType);
        }
      } catch (CertificateException e) {
        String m = String.valueOf(e.getMessage());
        boolean name = m.contains("No subject alternative") || m.contains("No name matching");
        throw refusal(chain, name ? "does not name the host connected to" : "is not trusted by " + anchors, e);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  /** Accepts exactly the certificate with one SHA-256 fingerprint. */
  final class Pinned extends ServerCheck {
    private final String hex;

    Pinned(String endpointId, String hex) {
      if (!hex.matches("[0-9a-f]{64}")) {
        throw new InvalidInputException("trust of endpoint " + endpointId
            + " must be sha256: and 64 hex digits (colons allowed), like sha256:AB:CD:...");
      }
      this.hex = hex;
    }

    @Override
    void check(X509Certificate[] chain, String authType, @Nullable Socket socket, @Nullable SSLEngine engine)
        throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the server sent no certificate");
      }
      String actual = fingerprint(chain[0]).substring(7).replace(":", "").toLowerCase(Locale.ROOT);
      if (!actual.equals(hex)) {
        throw refusal(chain, "does not have the pinned fingerprint sha256:" + hex, null);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
