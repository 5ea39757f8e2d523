package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Logins: passwords from the environment, ~/.netrc or the URL; unreachable servers and refused logins exit 4. */
class RemoteIT extends WithFtpServer {
  @Test
  void unreachablePortExits4() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Cli.Result r = cli().run("scan", "--remote", "ftp://127.0.0.1:" + port + "/");
    assertThat(r.exit()).as(r.toString()).isEqualTo(4);
    assertThat(r.err().strip().lines()).as(r.toString()).hasSize(1);
  }

  @Test
  void wrongPasswordExits4WithoutShowingIt() {
    Cli.Result r = cli().env("SHOTSYNC_PASSWORD", "wrong-pw").run("scan", "--remote", ftp.userUrl());
    assertThat(r.exit()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).doesNotContain("wrong-pw");
  }

  @Test
  void passwordFromTheEnvironment() {
    Cli.Result r = cli().env("SHOTSYNC_PASSWORD", FtpFixture.PASSWORD).run("scan", "--remote", ftp.userUrl());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.err()).doesNotContain("warning");
  }

  @Test
  void loginAndPasswordFromNetrcUnderHome() throws IOException {
    Cli cli = cli();
    // a wrong netrc password is used (and refused), so the entry is really read
    Files.writeString(cli.home().resolve(".netrc"), "machine 127.0.0.1 login " + FtpFixture.USER
        + " password nope\n");
    Cli.Result bad = cli.run("scan", "--remote", ftp.url().replace("ftp://", "ftp://" + FtpFixture.USER + "@"));
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(4);
    Files.writeString(cli.home().resolve(".netrc"), "# studio server\nmachine 127.0.0.1\n  login "
        + FtpFixture.USER + "\n  password \"" + FtpFixture.PASSWORD + "\"\n\ndefault login anonymous password x\n");
    Cli.Result ok = cli.run("scan", "--remote", ftp.userUrl());
    assertThat(ok.exit()).as(ok.toString()).isZero();
  }

  @Test
  void passwordInTheUrlWorksWithAWarning() {
    String url = ftp.userUrl().replace(FtpFixture.USER + "@", FtpFixture.USER + ":" + FtpFixture.PASSWORD + "@");
    Cli.Result r = cli().run("scan", "--remote", url, "--json");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.err()).contains("warning").doesNotContain(FtpFixture.PASSWORD);
    assertThat(r.out()).doesNotContain(FtpFixture.PASSWORD);
    r.json();
  }
}
