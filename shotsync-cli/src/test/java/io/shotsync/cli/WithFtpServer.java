package io.shotsync.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class's FTP server with the default demo tree, and a command with a fresh home for each test. */
abstract class WithFtpServer {
  @TempDir
  static Path shared;

  static FtpFixture ftp;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startFtp() {
    ftp = FtpFixture.start(shared.resolve("ftp"));
  }

  @AfterAll
  static void stopFtp() {
    ftp.close();
  }

  Cli cli() {
    return new Cli(tmp.resolve("home"));
  }
}
