package io.shotsync.core.transfer;

import io.shotsync.core.internal.ftp.Capabilities;
import io.shotsync.core.testkit.PureFtpdServer;
import io.shotsync.core.testkit.TestFtpServer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance suite against PureFtpd. */
class PureFtpdConformanceTest extends FtpConformanceTest {
  @RegisterExtension
  static final PureFtpdServer SERVER = new PureFtpdServer();

  @Override
  TestFtpServer server() {
    return SERVER;
  }

  @Override
  Capabilities expectedCapabilities() {
    // MLSD, MDTM, MFMT, SIZE, REST STREAM and UTF8 in FEAT; no hash command
    return new Capabilities(true, true, true, true, true, true, Set.of(), List.of());
  }

  @Override
  Set<String> expectedProbes() {
    return Set.of("MDTM", "MFMT", "MLSD", "REST", "STAT");
  }
}
