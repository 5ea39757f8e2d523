package io.shotsync.core.internal.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Endpoint;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.core.testkit.TestFtpServer;
import io.shotsync.core.testkit.VsftpdServer;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FTPS against vsftpd with {@code require_ssl_reuse=YES} and encrypted logins and data forced: a listing or
 * download only works when the data connection resumes the control connection's TLS session.
 */
class VsftpdFtpsTest extends FtpsContractTest {
  @RegisterExtension
  static final VsftpdServer SERVER = VsftpdServer.withTls(CERT);

  @Override
  TestFtpServer server() {
    return SERVER;
  }

  /** With the JVM property the shotsync command sets (and the build sets for tests): resumption by session id. */
  @Test
  void overTls12TooDataConnectionsResumeTheControlSession() throws Exception {
    new ShotTreeGenerator(SERVER.root()).file("a/b.bin", 200_000);
    Endpoint e = SERVER.endpoint().withFtps(true, CERT.trustFingerprint());
    String hex = CERT.sha256().replace(":", "").toLowerCase(Locale.ROOT);
    SSLContext tls12 = SSLContext.getInstance("TLSv1.2");
    tls12.init(null, new TrustManager[] {new FtpsTrust.Pinned(e.id(), hex)}, null);
    try (CommonsNetFtpSession s = CommonsNetFtpSession.open(e, SyncOptions.defaults(), endpoint -> tls12,
        new CommonsNetFtpSession.ServerInfo())) {
      assertThat(s.list("/a", w -> { })).extracting(RemoteEntry::path).containsExactly("/a/b.bin");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(s.retrieve("/a/b.bin", 0, -1, out, n -> { })).isEqualTo(200_000);
      assertThat(out.toByteArray()).isEqualTo(ShotTreeGenerator.content("a/b.bin", 200_000));
    }
  }
}
