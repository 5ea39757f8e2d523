package io.shotsync.core.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real FTP server binary (vsftpd, pure-ftpd) for a test class: on {@code 127.0.0.1}, a free high control port,
 * a passive port range of its own, a generated configuration in a temporary state directory and a temporary,
 * root-owned served tree. It waits for the 220 banner and, afterwards, stops exactly the process it started (and that
 * process's own children, by PID).
 *
 * <p>Register it as a {@code static} field with {@code @RegisterExtension}; the served root is emptied before each test.
 * Where the binary is missing or the JVM does not run as root (the daemons chroot), the class's tests are skipped
 * with the reason, unless {@value #REQUIRE_ENV}=1 is set (CI), which turns that into a failure.
 */
public abstract class FtpDaemon implements TestFtpServer, BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  /** Set to 1 to make a missing server a failure instead of a skip. */
  public static final String REQUIRE_ENV = "SHOTSYNC_REQUIRE_SERVERS";
  private static final int PASSIVE_PORTS = 24;

  private Path state;
  private Path root;
  private int port;
  private int passiveMin;
  private Process process;
  private Thread shutdownHook;

  /** The binary's name for messages, such as {@code vsftpd}. */
  protected abstract String binaryName();

  /** Where the binary is, or null when it is not installed. */
  protected abstract Path binary();

  /** How to install it, for the skip message. */
  protected abstract String installHint();

  /** Writes the configuration into {@code state} and returns the command line to run in the foreground. */
  protected abstract List<String> prepare(Path binary, Path state) throws IOException;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path bin = binary();
    if (bin == null) {
      unavailable(binaryName() + " is not installed (" + installHint() + ")");
    }
    if (!isRoot()) {
      unavailable(binaryName() + " needs root to chroot its users; the tests do not run as root");
    }
    start(bin);
  }

  /** Skips the tests, or fails them when servers are required. */
  static void unavailable(String why) {
    if ("1".equals(System.getenv(REQUIRE_ENV))) {
      throw new IllegalStateException(why + ", but " + REQUIRE_ENV + "=1 requires it");
    }
    Assumptions.abort(why + "; skipped (" + REQUIRE_ENV + "=1 makes this a failure)");
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    try (var children = Files.list(root)) {
      for (Path p : children.toList()) {
        FtpServerExtension.delete(p);
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down
      }
    }
    if (state != null) {
      FtpServerExtension.delete(state);
    }
  }

  @Override
  public Path root() {
    return root;
  }

  /** The control port. */
  public int port() {
    return port;
  }

  /** The first passive port; the range has {@value #PASSIVE_PORTS} ports. */
  protected int passiveMin() {
    return passiveMin;
  }

  /** The last passive port. */
  protected int passiveMax() {
    return passiveMin + PASSIVE_PORTS - 1;
  }

  /** The state directory (configuration, logs). */
  public Path state() {
    return state;
  }

  /** The server's own log so far, for failure messages. */
  public String log() {
    try {
      return Files.readString(state.resolve("daemon.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void start(Path bin) throws IOException, InterruptedException {
    state = Files.createTempDirectory("shotsync-" + binaryName() + "-");
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
    root = Files.createDirectory(state.resolve("root"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    port = freePort();
    passiveMin = freeRange();
    List<String> command = prepare(bin, state);
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(state.resolve("daemon.log").toFile()).redirectInput(ProcessBuilder.Redirect.from(
            Path.of("/dev/null").toFile())).start();
    shutdownHook = new Thread(this::stop, "stop " + binaryName());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(binaryName() + " exited with " + process.exitValue() + " on start; log:\n"
            + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        s.setSoTimeout(2000);
        String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line != null && line.startsWith("220")) {
          s.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
          return;
        }
        last = String.valueOf(line);
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(100);
    }
    stop();
    throw new IllegalStateException(binaryName() + " sent no 220 banner on 127.0.0.1:" + port + " (" + last
        + "); log:\n" + log());
  }

  private synchronized void stop() {
    Process p = process;
    if (p == null) {
      return;
    }
    process = null;
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // per-session children of the daemon, by the PIDs seen before it was stopped
    for (ProcessHandle c : children) {
      if (c.isAlive()) {
        c.destroy();
      }
    }
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A run of free ports in 40000-59999, free when looked at. */
  private static int freeRange() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first = 40_000 + ThreadLocalRandom.current().nextInt(20_000 - PASSIVE_PORTS);
      boolean free = true;
      for (int p = first; p < first + PASSIVE_PORTS && free; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          s.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return first;
      }
    }
    throw new UncheckedIOException(new IOException("no free passive port range in 40000-59999"));
  }

  /** The first executable among the candidates, or null. */
  protected static Path firstExecutable(String... candidates) {
    for (String c : candidates) {
      if (c != null && !c.isBlank() && Files.isExecutable(Path.of(c))) {
        return Path.of(c);
      }
    }
    return null;
  }

  /** Runs a helper command (openssl, pure-pw) in {@code dir} and returns its output; fails on a non-zero exit. */
  static String exec(Path dir, String... command) throws IOException {
    Process p;
    try {
      p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(command[0] + " not found: " + e.getMessage(), e);
    }
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(command[0] + " " + command[1] + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return name() + " on 127.0.0.1:" + port;
  }
}
