package io.shotsync.core.internal.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.Endpoint;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.RemoteException;
import io.shotsync.api.RemoteException.Kind;
import io.shotsync.api.Task;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.core.ShotSync;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.core.testkit.TestCertificate;
import io.shotsync.core.testkit.TestFtpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explicit FTPS against a server with a self-signed certificate naming only {@code IP:127.0.0.1}: refused by default
 * with a message naming the certificate and its fingerprint, accepted when trusted by fingerprint or PEM, refused
 * when the host name does not match a PEM-trusted certificate. Subclasses register the server.
 */
abstract class FtpsContractTest {
  static final TestCertificate CERT = TestCertificate.shared();
  static final String SHOT = "ep01/sq010/sh0010";

  @TempDir
  Path local;

  abstract TestFtpServer server();

  private Endpoint trusting(String trust) {
    return server().endpoint().withFtps(true, trust);
  }

  private Endpoint onLocalhost(String trust) {
    Endpoint e = trusting(trust);
    return new Endpoint(e.id(), "localhost", e.port(), e.user(), e.password(), e.root(), true, trust);
  }

  private static SyncOptions options() {
    return SyncOptions.defaults().withRetries(0, Duration.ofMillis(10));
  }

  private static RemoteException refusal(Endpoint e) {
    try (CommonsNetFtpSession s = CommonsNetFtpSession.open(e, options())) {
      throw new AssertionError("connected to " + e + " although it should have been refused");
    } catch (RemoteException r) {
      return r;
    }
  }

  @Test
  void aSelfSignedCertificateIsRefusedByDefaultNamingItsFingerprint() {
    RemoteException r = refusal(trusting(null));
    assertThat(r.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(r.getMessage()).contains("TLS handshake refused").contains("CN=shotsync-test")
        .contains(CERT.trustFingerprint()).contains("is not trusted by the JVM's trust store").contains("--trust");
  }

  @Test
  void aPinnedFingerprintIsAcceptedAndAShotDownloadsOverProtectedData() throws Exception {
    ShotTreeGenerator tree = new ShotTreeGenerator(server().root()).animVersion(SHOT, "v001")
        .lightingVersion(SHOT, "v001", 2);
    Endpoint e = trusting(CERT.trustFingerprint());
    try (ShotSync sync = ShotSync.builder().endpoint(e).localRoot(local).options(options()).build()) {
      Task t = sync.run(TaskSpec.builder(e.id()).shots(SHOT).build()).await(Duration.ofSeconds(60));
      assertThat(t.status()).as(t.message()).isEqualTo(TaskStatus.COMPLETED);
      for (var f : tree.files().entrySet()) {
        assertThat(Files.readAllBytes(local.resolve(f.getKey()))).as(f.getKey())
            .isEqualTo(ShotTreeGenerator.content(f.getKey(), f.getValue()));
      }
    }
  }

  @Test
  void aTrustedPemCertificateIsAcceptedForListingsAndRetrieves() {
    new ShotTreeGenerator(server().root()).file("a/b.bin", 300_000);
    try (CommonsNetFtpSession s = CommonsNetFtpSession.open(trusting(CERT.cert().toString()), options())) {
      List<RemoteEntry> list = s.list("/a", w -> { });
      assertThat(list).extracting(RemoteEntry::path).containsExactly("/a/b.bin");
      var out = new java.io.ByteArrayOutputStream();
      assertThat(s.retrieve("/a/b.bin", 100_000, -1, out, n -> { })).isEqualTo(200_000);
      byte[] all = ShotTreeGenerator.content("a/b.bin", 300_000);
      assertThat(out.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(all, 100_000, 300_000));
    }
  }

  @Test
  void aHostNameTheCertificateDoesNotNameIsRefusedEvenWhenItsPemIsTrusted() {
    RemoteException r = refusal(onLocalhost(CERT.cert().toString()));
    assertThat(r.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(r.getMessage()).contains("does not name the host connected to").contains(CERT.trustFingerprint());
  }

  @Test
  void aPinnedFingerprintDoesNotDependOnTheHostName() {
    try (CommonsNetFtpSession s = CommonsNetFtpSession.open(onLocalhost(CERT.trustFingerprint()), options())) {
      assertThat(s.list("/", w -> { })).isEmpty();
    }
  }

  @Test
  void anotherFingerprintIsRefused() {
    String other = "sha256:" + "00:".repeat(31) + "00";
    RemoteException r = refusal(trusting(other));
    assertThat(r.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(r.getMessage()).contains("does not have the pinned fingerprint").contains(CERT.trustFingerprint());
  }
}
