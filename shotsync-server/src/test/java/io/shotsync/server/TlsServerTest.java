package io.shotsync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.Endpoint;
import io.shotsync.api.InvalidInputException;
import io.shotsync.core.ShotSync;
import io.shotsync.jdbc.JdbcTaskStore;
import java.io.InputStream;
import java.net.ServerSocket;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ShotSyncServer.Builder#tls}: HTTPS with a certificate made here by {@code openssl}, and bad files refused. */
class TlsServerTest {
  @TempDir
  Path dir;

  @Test
  void servesHttpsToAClientTrustingTheCertificate() throws Exception {
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "key.pem",
        "-out", "cert.pem", "-days", "2", "-subj", "/CN=localhost", "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1");
    try (JdbcTaskStore store = JdbcTaskStore.open("jdbc:h2:mem:tls-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
         ShotSync sync = ShotSync.builder().endpoint(Endpoint.fromUrl("e", "ftp://127.0.0.1:1/shows"))
             .localRoot(dir.resolve("local")).store(store).build();
         ShotSyncServer server = ShotSyncServer.builder(sync).port(0).token("tls-token")
             .tls(dir.resolve("cert.pem"), dir.resolve("key.pem")).start()) {
      assertThat(server.isTls()).isTrue();
      assertThat(server.url()).startsWith("https://127.0.0.1:");
      assertThat(server.tokenUrl()).startsWith("https://");
      HttpClient http = trusting(dir.resolve("cert.pem"));
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/health"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/session"))
          .header("Authorization", "Bearer tls-token").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(session.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aMalformedPemFailsBeforeAnythingListens() throws Exception {
    Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n"
        + "-----END CERTIFICATE-----\n");
    Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (JdbcTaskStore store = JdbcTaskStore.open("jdbc:h2:mem:tls-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
         ShotSync sync = ShotSync.builder().endpoint(Endpoint.fromUrl("e", "ftp://127.0.0.1:1/shows"))
             .localRoot(dir.resolve("local")).store(store).build()) {
      ShotSyncServer.Builder b = ShotSyncServer.builder(sync).port(port).token("tls-token")
          .tls(dir.resolve("cert.pem"), dir.resolve("key.pem"));
      assertThatThrownBy(b::start).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(dir.resolve("cert.pem").toString()).hasMessageContaining("malformed");
      try (ServerSocket again = new ServerSocket(port)) {
        assertThat(again.getLocalPort()).as("the port was never bound").isEqualTo(port);
      }
    }
  }

  private static HttpClient trusting(Path pem) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      ks.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      Assumptions.abort("no openssl command: " + e.getMessage());
      return;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s\n%s", cmd, out).isZero();
  }
}
