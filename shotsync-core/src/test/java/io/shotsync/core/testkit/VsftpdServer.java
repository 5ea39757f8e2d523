package io.shotsync.core.testkit;

import io.shotsync.api.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * vsftpd ({@code /usr/sbin/vsftpd}, or {@code $SHOTSYNC_VSFTPD}) as a {@link FtpDaemon}: standalone in the
 * foreground, anonymous and read-only, chrooted to the served root, with the settings a root-run, container-like
 * sandbox needs ({@code seccomp_sandbox=NO}, {@code isolate=NO}, a root-owned empty {@code secure_chroot_dir}).
 * {@link #withTls} turns on explicit FTPS with {@code require_ssl_reuse=YES}: logins and data must be encrypted and
 * every data connection must resume the control connection's TLS session.
 */
public final class VsftpdServer extends FtpDaemon {
  private final @Nullable TestCertificate tls;

  /** Plain FTP. */
  public VsftpdServer() {
    this(null);
  }

  private VsftpdServer(@Nullable TestCertificate tls) {
    this.tls = tls;
  }

  /** FTPS only, with this certificate, requiring TLS session reuse on data connections. */
  public static VsftpdServer withTls(TestCertificate certificate) {
    return new VsftpdServer(certificate);
  }

  @Override
  public String name() {
    return "vsftpd";
  }

  @Override
  protected String binaryName() {
    return "vsftpd";
  }

  @Override
  protected Path binary() {
    return firstExecutable(System.getenv("SHOTSYNC_VSFTPD"), "/usr/sbin/vsftpd");
  }

  @Override
  protected String installHint() {
    return "apt-get install vsftpd";
  }

  @Override
  public Endpoint endpoint() {
    return new Endpoint("vsftpd", "127.0.0.1", port(), "anonymous", null, "/", tls != null, null);
  }

  @Override
  protected List<String> prepare(Path binary, Path state) throws IOException {
    Path empty = Files.createDirectory(state.resolve("empty"));
    Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("r-xr-xr-x"));
    StringBuilder c = new StringBuilder();
    c.append("""
        listen=YES
        listen_ipv6=NO
        listen_address=127.0.0.1
        background=NO
        anonymous_enable=YES
        no_anon_password=YES
        anon_world_readable_only=NO
        local_enable=NO
        write_enable=NO
        download_enable=YES
        dirlist_enable=YES
        dirmessage_enable=NO
        hide_ids=NO
        use_localtime=NO
        pasv_enable=YES
        pasv_address=127.0.0.1
        port_enable=NO
        seccomp_sandbox=NO
        isolate=NO
        isolate_network=NO
        tcp_wrappers=NO
        pam_service_name=vsftpd
        max_clients=0
        max_per_ip=0
        idle_session_timeout=60
        data_connection_timeout=60
        syslog_enable=NO
        xferlog_enable=YES
        xferlog_std_format=YES
        ftpd_banner=shotsync test vsftpd
        """);
    c.append("listen_port=").append(port()).append('\n');
    c.append("anon_root=").append(root()).append('\n');
    c.append("pasv_min_port=").append(passiveMin()).append('\n');
    c.append("pasv_max_port=").append(passiveMax()).append('\n');
    c.append("secure_chroot_dir=").append(empty).append('\n');
    c.append("xferlog_file=").append(state.resolve("xferlog")).append('\n');
    c.append("vsftpd_log_file=").append(state.resolve("vsftpd.log")).append('\n');
    if (tls == null) {
      c.append("ssl_enable=NO\n");
    } else {
      c.append("""
          ssl_enable=YES
          allow_anon_ssl=YES
          force_anon_logins_ssl=YES
          force_anon_data_ssl=YES
          require_ssl_reuse=YES
          ssl_ciphers=HIGH
          ssl_tlsv1=YES
          ssl_sslv2=NO
          ssl_sslv3=NO
          """);
      c.append("rsa_cert_file=").append(tls.cert()).append('\n');
      c.append("rsa_private_key_file=").append(tls.key()).append('\n');
    }
    Path conf = state.resolve("vsftpd.conf");
    Files.writeString(conf, c);
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
    return List.of(binary.toString(), conf.toString());
  }
}
