package io.shotsync.core.testkit;

import io.shotsync.api.Endpoint;
import java.nio.file.Path;

/** An FTP server a test can write a shot tree into and connect to: in the JVM or a daemon on loopback. */
public interface TestFtpServer {

  /** A short name for messages and reports, such as {@code vsftpd 3.0.3}. */
  String name();

  /** The directory the server serves as {@code /} to {@link #endpoint()}. */
  Path root();

  /** An endpoint that logs in and sees {@link #root()} as {@code /}. */
  Endpoint endpoint();
}
