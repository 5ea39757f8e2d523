package io.shotsync.core.transfer;

import io.shotsync.api.Endpoint;
import io.shotsync.core.testkit.FaultProxy;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test against the FTP server its subclass registers, reached directly or through a {@link FaultProxy} made for each
 * test ({@link #viaProxy}), with a generator of its shot tree and a local root.
 */
abstract class ThroughFaultProxy {
  static final String SHOT = "ep01/sq010/sh0010";
  static final String BIG = SHOT + "/anim/publish/v001/big.bin";

  private final FtpServerExtension ftp;
  @TempDir
  Path local;
  FaultProxy proxy;
  Endpoint viaProxy;
  ShotTreeGenerator tree;

  /** A test of the subclass's server (its static extension field: one server per class). */
  ThroughFaultProxy(FtpServerExtension ftp) {
    this.ftp = ftp;
  }

  @BeforeEach
  void startProxy() throws Exception {
    proxy = new FaultProxy("127.0.0.1", ftp.port());
    viaProxy = ftp.endpoint().withPort(proxy.port());
    tree = new ShotTreeGenerator(ftp.root());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }
}
