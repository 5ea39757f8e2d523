package io.shotsync.core.testkit;

import io.shotsync.api.Endpoint;
import io.shotsync.api.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * pure-ftpd as a {@link FtpDaemon}: a virtual user {@value #USER} (PureDB, mapped to uid/gid 65534) chrooted to the
 * served root, which is read-only for it (the files belong to root), no anonymous logins, no syslog.
 *
 * <p>Debian's pure-ftpd package conflicts with vsftpd (both provide {@code ftp-server}), so {@code .ci/run} unpacks
 * it with {@code dpkg-deb -x} into {@value #UNPACKED} instead of installing it; an installed
 * {@code /usr/sbin/pure-ftpd} or {@code $SHOTSYNC_PUREFTPD} is used first.
 */
public final class PureFtpdServer extends FtpDaemon {
  /** Where {@code .ci/run} unpacks the package. */
  public static final String UNPACKED = "/opt/shotsync-servers/pure-ftpd";
  /** The virtual user. */
  public static final String USER = "artist";
  /** Its password. */
  public static final String PASSWORD = "s3cret-Pa55";

  @Override
  public String name() {
    return "pure-ftpd";
  }

  @Override
  protected String binaryName() {
    return "pure-ftpd";
  }

  @Override
  protected Path binary() {
    return firstExecutable(System.getenv("SHOTSYNC_PUREFTPD"), "/usr/sbin/pure-ftpd", UNPACKED + "/usr/sbin/pure-ftpd");
  }

  @Override
  protected String installHint() {
    return "it conflicts with vsftpd as a Debian package: apt-get download pure-ftpd && dpkg-deb -x pure-ftpd_*.deb "
        + UNPACKED + " (what .ci/run does)";
  }

  @Override
  public Endpoint endpoint() {
    return new Endpoint("pure-ftpd", "127.0.0.1", port(), USER, Secret.of(PASSWORD), "/", false, null);
  }

  @Override
  protected List<String> prepare(Path binary, Path state) throws IOException {
    Path pureHome = binary.getParent().getParent();
    Path purePw = firstExecutable(System.getenv("SHOTSYNC_PUREPW"), pureHome.resolve("bin/pure-pw").toString(),
        "/usr/bin/pure-pw");
    if (purePw == null) {
      throw new IllegalStateException("pure-pw not found beside " + binary);
    }
    Path passwd = state.resolve("pureftpd.passwd");
    Path pdb = state.resolve("pureftpd.pdb");
    String hash = exec(state, "openssl", "passwd", "-6", "-salt", "shotsynctest", PASSWORD).strip();
    // user:hash:uid:gid:gecos:home/./ (chroot there) and the unused quota/ratio/limit fields
    Files.writeString(passwd, USER + ":" + hash + ":65534:65534::" + root() + "/./::::::::::::\n");
    exec(state, purePw.toString(), "mkdb", pdb.toString(), "-f", passwd.toString());
    return List.of(binary.toString(),
        "-S", "127.0.0.1," + port(),
        "-p", passiveMin() + ":" + passiveMax(),
        "-P", "127.0.0.1",
        "-l", "puredb:" + pdb,
        "-E", "-A", "-H", "-4",
        "-u", "1",
        "-I", "60",
        "-f", "none",
        "-O", "clf:" + state.resolve("xferlog"));
  }
}
