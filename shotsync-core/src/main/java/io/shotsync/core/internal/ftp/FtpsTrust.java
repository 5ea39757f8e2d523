package io.shotsync.core.internal.ftp;

import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.LocalStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Decides which server certificates an FTPS endpoint accepts, from {@link Endpoint#trust()}. Pluggable: the pool
 * takes any implementation; {@link #standard()} handles null (the JVM trust store with host name checking),
 * {@code sha256:<hex>} (pin the server certificate's fingerprint) and a PEM file path (trust that certificate).
 */
@FunctionalInterface
public interface FtpsTrust {

  /** The TLS context for this endpoint. */
  SSLContext context(Endpoint endpoint);

  /** True when the host name must also match the certificate (false for pinned certificates). */
  default boolean checkHostName(Endpoint endpoint) {
    return endpoint.trust() == null;
  }

  /** The built-in trust decisions. */
  static FtpsTrust standard() {
    return endpoint -> {
      String trust = endpoint.trust();
      try {
        TrustManager tm;
        if (trust == null) {
          TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
          f.init((KeyStore) null);
          tm = f.getTrustManagers()[0];
        } else if (trust.regionMatches(true, 0, "sha256:", 0, 7)) {
          tm = pinned(endpoint.id(), trust.substring(7).replace(":", "").toLowerCase(Locale.ROOT));
        } else {
          tm = fromPem(endpoint.id(), Path.of(trust));
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {tm}, null);
        return ctx;
      } catch (GeneralSecurityException e) {
        throw new InvalidInputException("cannot set up TLS trust for endpoint " + endpoint.id() + ": " + e.getMessage());
      }
    };
  }

  private static TrustManager pinned(String endpointId, String hex) {
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new InvalidInputException("trust of endpoint " + endpointId + " must be sha256: and 64 hex digits");
    }
    return new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not checked here");
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
          throw new CertificateException("server sent no certificate");
        }
        try {
          String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
          if (!actual.equals(hex)) {
            throw new CertificateException("server certificate sha256:" + actual + " does not match the pinned one");
          }
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new CertificateException(e);
        }
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
  }

  private static TrustManager fromPem(String endpointId, Path pem) throws GeneralSecurityException {
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
      TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(ks);
      return f.getTrustManagers()[0];
    } catch (IOException e) {
      throw new LocalStorageException("cannot read trusted certificate " + pem + " of endpoint " + endpointId, e);
    }
  }
}
