package io.shotsync.core.testkit;

import io.shotsync.api.Endpoint;
import io.shotsync.api.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny scripted FTP server on a loopback {@link ServerSocket}, for failures real servers do not produce on demand:
 * a refused data connection, a 426 halfway through a listing, lines no parser understands, hostile names, a listing
 * of any length generated on the fly. It logs in anyone, answers SYST, FEAT, TYPE, OPTS, CWD, PWD, NOOP, EPSV, PASV
 * and QUIT itself and hands every other command to the {@link Handler}.
 *
 * <pre>{@code
 * try (StubFtpServer stub = StubFtpServer.start((s, cmd, arg) -> {
 *   if (cmd.equals("LIST")) { s.reply("150 here"); s.data(out -> out.write(...)); s.reply("226 done"); }
 *   else s.reply("502 no");
 * })) { ... stub.endpoint() ... }
 * }</pre>
 */
public final class StubFtpServer implements AutoCloseable {

  /** Answers one command. */
  @FunctionalInterface
  public interface Handler {
    /** Handles {@code command} (upper case) with its argument (maybe empty). */
    void handle(Session session, String command, String argument) throws IOException;
  }

  /** Writes to a data connection. */
  @FunctionalInterface
  public interface DataWriter {
    /** Writes the data. */
    void write(OutputStream out) throws IOException;
  }

  /** One client's control connection. */
  public static final class Session {
    private final Writer control;
    private ServerSocket passive;
    private volatile String cwd = "/";

    Session(Writer control) {
      this.control = control;
    }

    /** The working directory the client last changed to (CWD), absolute; {@code /} at first. */
    public String cwd() {
      return cwd;
    }

    /** Sends a reply line, such as {@code 226 done}. */
    public void reply(String line) throws IOException {
      control.write(line + "\r\n");
      control.flush();
    }

    /** Accepts the client's data connection, runs the writer on it and closes it. */
    public void data(DataWriter writer) throws IOException {
      try (ServerSocket ss = passive; Socket s = ss.accept(); OutputStream out = s.getOutputStream()) {
        writer.write(out);
      } finally {
        passive = null;
      }
    }

    /** Writes lines (CRLF-terminated, UTF-8) on the data connection. */
    public void lines(Iterable<String> lines) throws IOException {
      data(out -> {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (String l : lines) {
          w.write(l);
          w.write("\r\n");
        }
        w.flush();
      });
    }
  }

  private final ServerSocket server;
  private final Handler handler;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "stub-ftp");
    t.setDaemon(true);
    return t;
  });
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private volatile String syst = "215 UNIX Type: L8";
  private volatile List<String> features = List.of();
  private volatile boolean refuseData;

  private StubFtpServer(Handler handler) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.handler = handler;
  }

  /** Starts a stub with this handler. */
  public static StubFtpServer start(Handler handler) {
    try {
      StubFtpServer s = new StubFtpServer(handler);
      s.threads.execute(s::acceptLoop);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines of the FEAT reply (none by default: FEAT is answered 211 with no features). */
  public StubFtpServer features(String... lines) {
    this.features = List.of(lines);
    return this;
  }

  /** The SYST reply. */
  public StubFtpServer syst(String reply) {
    this.syst = reply;
    return this;
  }

  /** Makes EPSV and PASV point at a port where nobody listens, so the data connection is refused. */
  public StubFtpServer refuseData() {
    this.refuseData = true;
    return this;
  }

  /** Every command received, with its argument (PASS shown as {@code PASS ****}). */
  public List<String> commands() {
    return List.copyOf(commands);
  }

  /** An endpoint for this stub. */
  public Endpoint endpoint() {
    return new Endpoint("stub", "127.0.0.1", server.getLocalPort(), "artist", Secret.of("pw-not-shown"), "/", false,
        null);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        threads.execute(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8)) {
      Session session = new Session(out);
      session.reply("220 stub ready");
      String line;
      while ((line = in.readLine()) != null) {
        int sp = line.indexOf(' ');
        String cmd = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
        String arg = sp < 0 ? "" : line.substring(sp + 1);
        commands.add(cmd.equals("PASS") ? "PASS ****" : line);
        switch (cmd) {
          case "USER" -> session.reply("331 password please");
          case "PASS" -> session.reply("230 logged in");
          case "SYST" -> session.reply(syst);
          case "FEAT" -> {
            if (features.isEmpty()) {
              session.reply("211 no features");
            } else {
              session.reply("211-Features:");
              for (String f : features) {
                session.reply(" " + f);
              }
              session.reply("211 End");
            }
          }
          case "TYPE", "OPTS", "NOOP" -> session.reply("200 ok");
          case "CWD" -> {
            session.cwd = arg.startsWith("/") ? arg : (session.cwd.endsWith("/") ? session.cwd : session.cwd + "/") + arg;
            session.reply("250 ok");
          }
          case "PWD" -> session.reply("257 \"/\"");
          case "QUIT" -> {
            session.reply("221 bye");
            return;
          }
          case "EPSV", "PASV" -> {
            int port;
            if (refuseData) {
              try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
              }
            } else {
              session.passive = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
              session.passive.setSoTimeout(5000);
              port = session.passive.getLocalPort();
            }
            session.reply(cmd.equals("EPSV") ? "229 Entering Extended Passive Mode (|||" + port + "|)"
                : "227 Entering Passive Mode (127,0,0,1," + (port >> 8) + "," + (port & 255) + ")");
          }
          default -> handler.handle(session, cmd, arg);
        }
      }
    } catch (IOException e) {
      // client went away
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // ignore
    }
    threads.shutdownNow();
  }
}
