package io.shotsync.examples;

import io.shotsync.core.testkit.FtpServerExtension;
import java.util.concurrent.CountDownLatch;

/**
 * Serves the examples' shot tree from the core test kit's FTP server until Enter or Ctrl-C, so the examples
 * can be run by hand (see README.md). Prints the URL to give them.
 */
public final class DemoServer {
  private DemoServer() {}

  /** Starts the server, prints its URL and waits. */
  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    FtpServerExtension ftp = new FtpServerExtension();
    ftp.beforeAll(null);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ftp.afterAll(null);
      stopped.countDown();
    }, "demo-server-stop"));
    RemoteTree tree = ServedTree.write(ftp);
    System.out.println("serving " + tree.items().size() + " items from " + ftp.root());
    System.out.println("URL=" + ServedTree.url(ftp));
    System.out.println("press Enter or Ctrl-C to stop");
    System.out.flush();
    if (System.in.read() < 0) {
      stopped.await(); // no console: serve until the process is stopped
      return;
    }
    System.exit(0);
  }
}
