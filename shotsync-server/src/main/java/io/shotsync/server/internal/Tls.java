package io.shotsync.server.internal;

import io.shotsync.api.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS from two PEM files: a certificate chain (the server's certificate, then any intermediates) and its private
 * key in PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, RSA or EC, unencrypted). Both are read and checked against each
 * other before anything listens, so a wrong file is a start-up error that names it.
 */
public final class Tls {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

  private final KeyStore keyStore;
  private final String password;
  private final X509Certificate certificate;

  private Tls(KeyStore keyStore, String password, X509Certificate certificate) {
    this.keyStore = keyStore;
    this.password = password;
    this.certificate = certificate;
  }

  /** The server's own certificate (the one its key belongs to). */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Reads and checks the two files.
   *
   * @throws InvalidInputException naming the file and what is wrong with it
   */
  public static Tls load(Path certificateFile, Path keyFile) {
    List<X509Certificate> chain = certificates(certificateFile);
    PrivateKey key = privateKey(keyFile);
    X509Certificate own = null;
    for (X509Certificate c : chain) {
      if (matches(key, c)) {
        own = c;
        break;
      }
    }
    if (own == null) {
      throw new InvalidInputException("the private key in " + keyFile + " belongs to no certificate in "
          + certificateFile + " (subject " + chain.get(0).getSubjectX500Principal().getName() + ")");
    }
    List<Certificate> ordered = new ArrayList<>();
    ordered.add(own);
    for (X509Certificate c : chain) {
      if (c != own) {
        ordered.add(c);
      }
    }
    try {
      String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("shotsync", key, password.toCharArray(), ordered.toArray(new Certificate[0]));
      return new Tls(ks, password, own);
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidInputException("cannot use the key in " + keyFile + " with the certificate in "
          + certificateFile + ": " + e.getMessage());
    }
  }

  /**
   * A connector serving HTTPS on {@code host:port} with the given HTTP settings (to which it adds what tells the
   * application that a request came over TLS, so cookies get {@code Secure}).
   */
  public Connector connector(Server server, HttpConfiguration http, String host, int port) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(keyStore);
    ssl.setKeyStorePassword(password);
    ssl.setKeyManagerPassword(password);
    ssl.setCertAlias("shotsync");
    // the Host header is checked by the server's own allow-list; a client reaching it by an address the
    // certificate does not name is the client's to judge (curl --cacert with https://127.0.0.1 and a host name cert)
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
        new HttpConnectionFactory(http));
    c.setHost(host);
    c.setPort(port);
    return c;
  }

  private static List<X509Certificate> certificates(Path file) {
    String text = read(file, "certificate");
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      throw new InvalidInputException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
          + (text.contains("PRIVATE KEY-----") ? "; it looks like a private key: pass it as the key" : ""));
    }
    List<X509Certificate> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509");
      while (m.find()) {
        if (!m.group(1).equals("CERTIFICATE")) {
          continue;
        }
        byte[] der = decode(file, m.group(2));
        Collection<? extends Certificate> cs = f.generateCertificates(new ByteArrayInputStream(der));
        for (Certificate c : cs) {
          out.add((X509Certificate) c);
        }
      }
    } catch (CertificateException e) {
      throw new InvalidInputException(file + ": malformed certificate: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(file + ": malformed PEM certificate (no complete -----BEGIN CERTIFICATE-----"
          + " ... -----END CERTIFICATE----- block)");
    }
    return out;
  }

  private static PrivateKey privateKey(Path file) {
    String text = read(file, "private key");
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      switch (type) {
        case "PRIVATE KEY" -> {
          PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(decode(file, m.group(2)));
          for (String algorithm : List.of("RSA", "EC")) {
            try {
              return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
              // try the next kind
            } catch (GeneralSecurityException e) {
              throw new InvalidInputException(file + ": " + e.getMessage());
            }
          }
          throw new InvalidInputException(file + ": malformed private key, or one neither RSA nor EC");
        }
        case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new InvalidInputException(file + " holds a " + type
            + " (PKCS#1 or SEC1); convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
        case "ENCRYPTED PRIVATE KEY" -> throw new InvalidInputException(file + " holds an encrypted key; decrypt"
            + " it to an unencrypted PKCS#8 file readable only by the server's user: openssl pkcs8 -in " + file
            + " -out key.pem");
        default -> {
          // a certificate or parameters beside the key: skip
        }
      }
    }
    throw new InvalidInputException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----, PKCS#8)"
        + (text.contains("-----BEGIN CERTIFICATE-----") ? "; it looks like a certificate: pass it as the certificate"
        : ""));
  }

  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> null;
    };
    if (algorithm == null || !key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm())) {
      return false;
    }
    try {
      byte[] probe = "shotsync".getBytes(StandardCharsets.US_ASCII);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(cert.getPublicKey());
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] decode(Path file, String base64) {
    try {
      return Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(file + ": malformed PEM (bad base64): " + e.getMessage());
    }
  }

  private static String read(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new InvalidInputException(file + " is not a PEM " + what + " (binary content; DER? convert with"
          + " openssl to PEM)");
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidInputException("cannot read the " + what + " file " + file + ": no such file");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new InvalidInputException("cannot read the " + what + " file " + file + ": permission denied (it"
          + " must be readable by the server's user)");
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the " + what + " file " + file + ": " + e.getMessage());
    }
  }
}
