package io.shotsync.core.transfer;

import io.shotsync.core.internal.ftp.Capabilities;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.TestFtpServer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance suite against ApacheFtpServer. */
class ApacheFtpServerConformanceTest extends FtpConformanceTest {
  @RegisterExtension
  static final FtpServerExtension SERVER = new FtpServerExtension();

  @Override
  TestFtpServer server() {
    return SERVER;
  }

  @Override
  Capabilities expectedCapabilities() {
    // MLST, MDTM, MFMT, SIZE, REST STREAM and UTF8 in FEAT; its MD5/MMD5 commands are not used
    return new Capabilities(true, true, true, true, true, true, Set.of(), List.of());
  }

  @Override
  Set<String> expectedProbes() {
    return Set.of("MDTM", "MFMT", "MLSD", "REST", "STAT", "UTF8", "XMD5");
  }
}
