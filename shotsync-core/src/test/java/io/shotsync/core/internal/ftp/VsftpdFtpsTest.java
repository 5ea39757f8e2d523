package io.shotsync.core.internal.ftp;

import io.shotsync.core.testkit.TestFtpServer;
import io.shotsync.core.testkit.VsftpdServer;
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
}
