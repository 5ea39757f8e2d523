package io.shotsync.core.internal.ftp;

import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.TestFtpServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** FTPS against Apache FtpServer with explicit SSL (AUTH TLS). */
class ApacheFtpServerFtpsTest extends FtpsContractTest {
  @RegisterExtension
  static final FtpServerExtension SERVER = FtpServerExtension.withTls(CERT);

  @Override
  TestFtpServer server() {
    return SERVER;
  }
}
