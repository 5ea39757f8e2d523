package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --tls-cert --tls-key} from the shaded jar: certificates made here with the {@code openssl} command, a
 * client that trusts only them, health and an authenticated call over HTTPS, {@code Secure} session cookies, and
 * clear start-up errors for files that are not a PEM certificate and PKCS#8 key.
 */
class TlsIT {
  private static final Pattern URL = Pattern.compile("shotsync serve: (https://127\\.0\\.0\\.1:\\d+)/\\?token=(\\S+)");

  @TempDir
  Path dir;

  @Test
  void servesHttpsWithASelfSignedRsaCertificate() throws Exception {
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    assertThat(Files.readString(dir.resolve("key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
    Process p = serve(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    try {
      Matcher m = started(p);
      String base = m.group(1);
      String token = m.group(2);
      HttpClient trusting = client(dir.resolve("cert.pem"));
      HttpResponse<String> health = get(trusting, base + "/api/v1/health", null);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.uri().getScheme()).isEqualTo("https");
      assertThat(get(trusting, base + "/api/v1/endpoints", null).statusCode()).isEqualTo(401);
      HttpResponse<String> endpoints = get(trusting, base + "/api/v1/endpoints", token);
      assertThat(endpoints.statusCode()).as(endpoints.body()).isEqualTo(200);
      assertThat(endpoints.body()).contains("\"demo\"");
      HttpResponse<String> signIn = get(trusting, base + "/?token=" + token, null);
      assertThat(signIn.statusCode()).isEqualTo(303);
      assertThat(signIn.headers().allValues("Set-Cookie")).hasSize(2)
          .allSatisfy(c -> assertThat(c).contains("; Secure").contains("SameSite=Strict"));

      // a client that does not trust the certificate stops at the handshake
      HttpClient stranger = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(stranger, base + "/api/v1/health", null))
          .isInstanceOf(SSLHandshakeException.class);
    } finally {
      p.destroy();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
    }
  }

  @Test
  void servesAChainWithAnEcKeyToAClientTrustingOnlyTheAuthority() throws Exception {
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
        "-out", "ca.pem", "-days", "2", "-subj", "/CN=shotsync test authority");
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "key.pem",
        "-out", "server.csr", "-subj", "/CN=localhost");
    Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
        "server.pem", "-days", "2", "-extfile", "ext.cnf");
    Files.writeString(dir.resolve("chain.pem"), Files.readString(dir.resolve("server.pem"))
        + Files.readString(dir.resolve("ca.pem")));
    Process p = serve(dir.resolve("chain.pem"), dir.resolve("key.pem"));
    try {
      Matcher m = started(p);
      HttpClient trusting = client(dir.resolve("ca.pem"));
      assertThat(get(trusting, m.group(1) + "/api/v1/health", null).statusCode()).isEqualTo(200);
      assertThat(get(trusting, m.group(1) + "/api/v1/strategies", m.group(2)).statusCode()).isEqualTo(200);
    } finally {
      p.destroy();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void filesThatAreNotAPemPairAreAClearStartUpError() throws Exception {
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2",
        "-subj", "/CN=localhost");
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "other.pem");
    openssl("rsa", "-in", "key.pem", "-traditional", "-out", "pkcs1.pem");
    Path broken = dir.resolve("broken.pem");
    String cert = Files.readString(dir.resolve("cert.pem"));
    Files.writeString(broken, cert.substring(0, cert.length() / 2) + "\n-----END CERTIFICATE-----\n");
    Path none = dir.resolve("none.pem");
    Files.writeString(none, "not a certificate\n");

    Cli cli = new Cli(dir.resolve("home"));
    for (List<String> c : List.of(
        List.of(broken.toString(), dir.resolve("key.pem").toString(), "broken.pem: malformed"),
        List.of(none.toString(), dir.resolve("key.pem").toString(), "none.pem holds no PEM certificate"),
        List.of(dir.resolve("key.pem").toString(), dir.resolve("key.pem").toString(), "looks like a private key"),
        List.of(dir.resolve("cert.pem").toString(), dir.resolve("pkcs1.pem").toString(), "convert it to PKCS#8"),
        List.of(dir.resolve("cert.pem").toString(), dir.resolve("other.pem").toString(),
            "belongs to no certificate"),
        List.of(dir.resolve("cert.pem").toString(), dir.resolve("missing.pem").toString(),
            "cannot read the private key file"))) {
      Cli.Result r = cli.run("serve", "--remote", "ftp://127.0.0.1:1/shows", "--local", dir.resolve("l").toString(),
          "--port", "0", "--db", "memory:", "--tls-cert", c.get(0), "--tls-key", c.get(1));
      assertThat(r.exit()).as("%s", r).isEqualTo(2);
      assertThat(r.err()).as("%s", r).contains(c.get(2)).doesNotContain("Exception", "\tat ");
    }
    Cli.Result one = cli.run("serve", "--remote", "ftp://127.0.0.1:1/shows", "--local", dir.toString(),
        "--tls-cert", dir.resolve("cert.pem").toString());
    assertThat(one.exit()).as("%s", one).isEqualTo(2);
    assertThat(one.err()).contains("both --tls-cert FILE and --tls-key FILE");
  }

  private Process serve(Path cert, Path key) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Cli.jarCommand("serve", "--demo",
        "--port", "0", "--db", "memory:", "--local", dir.resolve("local").toString(), "--tls-cert", cert.toString(),
        "--tls-key", key.toString()))
        .redirectErrorStream(true);
    pb.environment().put("SHOTSYNC_SERVER_TOKEN", "tls-it-token");
    pb.environment().put("SHOTSYNC_HOME", dir.resolve("home").toString());
    pb.environment().put("HOME", dir.toString());
    return pb.start();
  }

  private static Matcher started(Process p) throws Exception {
    BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      seen.add(line);
      Matcher m = URL.matcher(line);
      if (m.matches()) {
        Thread drain = new Thread(() -> {
          try {
            lines.transferTo(java.io.Writer.nullWriter());
          } catch (java.io.IOException e) {
            // the process ended
          }
        });
        drain.setDaemon(true);
        drain.start();
        return m;
      }
    }
    throw new AssertionError("no https start-up URL in " + seen);
  }

  /** A client that trusts exactly the certificate(s) in this PEM file. */
  static HttpClient client(Path trusted) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(trusted)) {
      int i = 0;
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("trusted-" + i++, c);
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s\n%s", cmd, out).isZero();
  }
}
