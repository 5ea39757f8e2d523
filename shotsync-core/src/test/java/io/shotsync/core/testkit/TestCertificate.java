package io.shotsync.core.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * A self-signed server certificate made with {@code openssl req -x509} for FTPS tests: the PEM certificate, its key,
 * a PKCS#12 key store (password {@link #PASSWORD}) for Apache FtpServer, and its SHA-256 fingerprint.
 *
 * @param cert the PEM certificate
 * @param key the PEM private key (unencrypted)
 * @param keyStore the PKCS#12 key store holding both
 * @param sha256 the fingerprint as {@code AB:CD:...}
 */
public record TestCertificate(Path cert, Path key, Path keyStore, String sha256) {
  /** The key store's password. */
  public static final String PASSWORD = "changeit";

  /**
   * Makes a certificate for the given subject alternative names, such as {@code IP:127.0.0.1,DNS:localhost}, in
   * {@code dir}. Tests are skipped when openssl is missing (failed with {@value FtpDaemon#REQUIRE_ENV}=1).
   */
  public static TestCertificate create(Path dir, String commonName, String subjectAltNames) {
    try {
      Files.createDirectories(dir);
      Path cert = dir.resolve(commonName + ".crt.pem");
      Path key = dir.resolve(commonName + ".key.pem");
      Path p12 = dir.resolve(commonName + ".p12");
      FtpDaemon.exec(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
          "-subj", "/CN=" + commonName, "-addext", "subjectAltName=" + subjectAltNames, "-keyout", key.toString(), "-out", cert.toString());
      FtpDaemon.exec(dir, "openssl", "pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(),
          "-name", "server", "-out", p12.toString(), "-passout", "pass:" + PASSWORD);
      return new TestCertificate(cert, key, p12, fingerprint(cert));
    } catch (IOException e) {
      FtpDaemon.unavailable("openssl could not make a test certificate (" + e.getMessage() + ")");
      throw new AssertionError(e);
    }
  }

  private static TestCertificate shared;

  /**
   * One certificate for {@code CN=shotsync-test} naming only {@code IP:127.0.0.1} (so {@code localhost} does not
   * match), made once per JVM in a temporary directory that is deleted on exit.
   */
  public static synchronized TestCertificate shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("shotsync-cert-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FtpServerExtension.delete(dir)));
        shared = create(dir, "shotsync-test", "IP:127.0.0.1");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** {@code sha256:AB:CD:...}, the form {@code Endpoint.trust} takes. */
  public String trustFingerprint() {
    return "sha256:" + sha256;
  }

  private static String fingerprint(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }
}
