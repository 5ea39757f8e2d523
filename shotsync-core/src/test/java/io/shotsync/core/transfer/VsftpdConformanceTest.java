package io.shotsync.core.transfer;

import io.shotsync.core.internal.ftp.Capabilities;
import io.shotsync.core.testkit.VsftpdServer;
import io.shotsync.core.testkit.TestFtpServer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance suite against Vsftpd. */
class VsftpdConformanceTest extends FtpConformanceTest {
  @RegisterExtension
  static final VsftpdServer SERVER = new VsftpdServer();

  @Override
  TestFtpServer server() {
    return SERVER;
  }

  @Override
  Capabilities expectedCapabilities() {
    // only MDTM, SIZE and REST STREAM: no MLSD (LIST with day precision for old files), no MFMT, UTF8 not in FEAT
    return new Capabilities(false, true, false, true, true, false, Set.of(), List.of());
  }

  @Override
  Set<String> expectedProbes() {
    return Set.of("MDTM", "REST", "STAT", "UTF8");
  }
}
