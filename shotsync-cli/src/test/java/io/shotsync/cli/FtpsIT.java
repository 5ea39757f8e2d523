package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ftps:// URLs and --trust: a self-signed server is refused by default, accepted by fingerprint or PEM file. */
class FtpsIT {
  @TempDir
  static Path shared;

  static FtpFixture ftp;
  static Path pem;
  static String fingerprint;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws Exception {
    Path certs = Files.createDirectories(shared.resolve("certs"));
    pem = certs.resolve("server.pem");
    Path key = certs.resolve("server.key");
    Path p12 = certs.resolve("server.p12");
    run(certs, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=studio-ftp",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", pem.toString());
    run(certs, "openssl", "pkcs12", "-export", "-in", pem.toString(), "-inkey", key.toString(), "-out",
        p12.toString(), "-passout", "pass:changeit");
    try (InputStream in = Files.newInputStream(pem)) {
      byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
      fingerprint = "sha256:" + HexFormat.ofDelimiter(":").withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }
    ftp = FtpFixture.start(shared.resolve("ftp"), FtpFixture.TREE, b -> b.tls(p12, "changeit"));
  }

  private static void run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
  }

  @AfterAll
  static void stop() {
    ftp.close();
  }

  private String url() {
    return ftp.url().replace("ftp://", "ftps://");
  }

  @Test
  void aSelfSignedServerIsRefusedByDefaultWithItsFingerprint() {
    Cli.Result r = new Cli(tmp.resolve("home")).run("scan", "--remote", url());
    assertThat(r.exit()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains("not trusted").contains(fingerprint).contains("--trust");
  }

  @Test
  void trustedByFingerprintItScansAndDownloads() {
    Cli cli = new Cli(tmp.resolve("home"));
    Cli.Result scan = cli.run("scan", "--remote", url(), "--trust", fingerprint, "--json");
    assertThat(scan.exit()).as(scan.toString()).isZero();
    Path dest = tmp.resolve("dest");
    Cli.Result dl = cli.run("download", "--remote", url(), "--trust", fingerprint, "--local", dest.toString());
    assertThat(dl.exit()).as(dl.toString()).isZero();
    assertThat(FtpFixture.files(dest)).isNotEmpty().allSatisfy(f ->
        assertThat(dest.resolve(f)).hasSameBinaryContentAs(ftp.root.resolve(f)));
  }

  @Test
  void trustedByPemFileItCompares() {
    Cli.Result r = new Cli(tmp.resolve("home")).run("compare", "--remote", url(), "--trust", pem.toString(),
        "--local", tmp.resolve("empty").toString());
    assertThat(r.exit()).as(r.toString()).isZero();
  }

  @Test
  void trustOnAPlainUrlOrAMissingFileIsAUsageError() {
    Cli cli = new Cli(tmp.resolve("home"));
    Cli.Result plain = cli.run("scan", "--remote", ftp.url(), "--trust", fingerprint);
    assertThat(plain.exit()).as(plain.toString()).isEqualTo(2);
    assertThat(plain.err()).contains("--trust applies to ftps:// URLs only");
    Cli.Result missing = cli.run("scan", "--remote", url(), "--trust", tmp.resolve("nope.pem").toString());
    assertThat(missing.exit()).as(missing.toString()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file");
  }
}
