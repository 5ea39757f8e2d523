package io.shotsync.core.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault-injecting FTP proxy for tests: forwards control connections to a server, rewrites PASV and EPSV replies
 * so data connections also pass through it, and on request: cuts the data connections of the next downloads
 * (RETR) or listings (LIST, MLSD, NLST) after a number of bytes (a cut listing is then answered 426, as a server
 * does when its data connection breaks), stalls a download's data connection (no bytes, socket left open), refuses
 * REST, answers REST itself without telling the server (so the server sends the file from its start), refuses
 * whole connections with 421, or answers chosen commands with a reply of its own (a 421 closes the connection).
 * A data connection learns which command it serves when the server starts sending, so listings made between
 * downloads never take a download's fault. {@link #dataFaults} cuts data connections by a rule of the caller's
 * (a share of them at a random byte, for a soak) once the planned faults are used up.
 */
public final class FaultProxy implements AutoCloseable {
  private static final Pattern PASV = Pattern.compile("227 .*\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\).*");
  private static final Pattern EPSV = Pattern.compile("229 .*\\(\\|\\|\\|(\\d+)\\|\\).*");

  /**
   * Chooses, for a data connection that no planned fault took, after how many bytes it is cut: {@code verb} is
   * {@code RETR}, {@code LIST}, {@code MLSD} or {@code NLST} and {@code argument} what the client sent with it.
   * A negative answer lets it through. A cut listing is answered 426, like {@link #cutListingOf}.
   */
  @FunctionalInterface
  public interface DataFaults {
    /** Bytes to forward before the cut, or a negative number for none. */
    long cutAfter(String verb, String argument);
  }

  /** How REST commands are treated. */
  public enum RestMode {
    /** Forwarded. */
    NORMAL,
    /** Refused with 502 (the server never sees it). */
    REFUSE,
    /** Answered 350 by the proxy; the server never sees it and sends from byte 0. */
    IGNORE
  }

  private final String serverHost;
  private final int serverPort;
  private final ServerSocket listener;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final List<Long> cutPlan = new CopyOnWriteArrayList<>();
  private final List<Object[]> listingCutPlan = new CopyOnWriteArrayList<>();
  private final List<Long> stallPlan = new CopyOnWriteArrayList<>();
  private final List<String[]> answerPlan = new CopyOnWriteArrayList<>();
  private final List<Object[]> completionPlan = new CopyOnWriteArrayList<>();
  private final AtomicInteger refuseConnections = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger stalls = new AtomicInteger();
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final AtomicInteger retrs = new AtomicInteger();
  private volatile long stallMillis = 30_000;

  /** What one control connection is doing, for its data connections. */
  private static final class Control {
    volatile String transfer = "";
    volatile String argument = "";
    volatile long listingLimit = -1;
    volatile boolean failNextCompletion;
  }
  private final List<Long> restOffsets = new CopyOnWriteArrayList<>();
  private final AtomicInteger cuts = new AtomicInteger();
  private final AtomicLong dataBytes = new AtomicLong();
  private final AtomicLong retrievedBytes = new AtomicLong();
  private volatile DataFaults dataFaults = (verb, argument) -> -1;
  private volatile RestMode restMode = RestMode.NORMAL;
  private volatile boolean closed;

  /** Starts a proxy on a free local port in front of {@code host:port}. */
  public FaultProxy(String host, int port) throws IOException {
    this.serverHost = host;
    this.serverPort = port;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptControl);
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Cuts the data connections of each of the next downloads (one per value) after that many bytes. */
  public void cutNextDataAfter(long... bytes) {
    for (long b : bytes) {
      cutPlan.add(b);
    }
  }

  /**
   * Cuts the data connections of the next {@code times} listings of a directory whose path contains
   * {@code pathPart} after {@code bytes}; the server's completion reply is then turned into 426.
   */
  public void cutListingOf(String pathPart, long bytes, int times) {
    for (int i = 0; i < times; i++) {
      listingCutPlan.add(new Object[] {pathPart, bytes});
    }
  }

  /**
   * Stalls the next download after {@code bytes}: nothing more is forwarded and the sockets stay open for
   * {@code hold}, then they are closed.
   */
  public void stallNextDataAfter(long bytes, java.time.Duration hold) {
    stallMillis = hold.toMillis();
    stallPlan.add(bytes);
  }

  /** Cuts data connections by this rule from now on, after the planned cuts and stalls. */
  public void dataFaults(DataFaults faults) {
    this.dataFaults = java.util.Objects.requireNonNull(faults, "faults");
  }

  /**
   * Runs {@code action} on the proxy's thread before the server's completion reply (226 or 250) of the next download
   * whose path contains {@code pathPart} is forwarded: the client has the file's bytes (or is receiving the last
   * ones) and waits for that reply before it does anything else with the file.
   */
  public void beforeCompletionOf(String pathPart, Runnable action) {
    completionPlan.add(new Object[] {pathPart, action});
  }

  /** Answers each of the next {@code times} connections with {@code 421} and closes them. */
  public void refuseNextConnections(int times) {
    refuseConnections.addAndGet(times);
  }

  /**
   * Answers the next {@code times} commands that start with {@code verb} (such as {@code RETR}) with {@code reply}
   * instead of forwarding them; a {@code 421} reply also closes the control connection, as a server does.
   */
  public void answerNext(String verb, String reply, int times) {
    for (int i = 0; i < times; i++) {
      answerPlan.add(new String[] {verb.toUpperCase(java.util.Locale.ROOT), reply});
    }
  }

  /** Connections refused with 421 so far. */
  public int refused() {
    return refused.get();
  }

  /** Downloads stalled so far. */
  public int stalls() {
    return stalls.get();
  }

  /** RETR commands forwarded to the server. */
  public int retrs() {
    return retrs.get();
  }

  /** Every command line clients sent (PASS arguments masked), in order. */
  public List<String> commands() {
    return List.copyOf(commands);
  }

  /** Sets how REST commands are treated from now on. */
  public void restMode(RestMode mode) {
    this.restMode = mode;
  }

  /** The offsets of every REST command clients sent, in order. */
  public List<Long> restOffsets() {
    return List.copyOf(restOffsets);
  }

  /** How many data connections were cut. */
  public int cuts() {
    return cuts.get();
  }

  /** Bytes forwarded from the server on data connections. */
  public long dataBytes() {
    return dataBytes.get();
  }

  /** Bytes forwarded from the server on the data connections of downloads (RETR), listings not counted. */
  public long retrievedBytes() {
    return retrievedBytes.get();
  }

  private void acceptControl() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        if (refuseConnections.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          refused.incrementAndGet();
          try (client) {
            write(client.getOutputStream(), "421 Too many users, try again later\r\n");
          }
          continue;
        }
        Socket server = new Socket(serverHost, serverPort);
        open.add(client);
        open.add(server);
        Control ctl = new Control();
        threads.execute(() -> clientToServer(client, server, ctl));
        threads.execute(() -> serverToClient(server, client, ctl));
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void clientToServer(Socket client, Socket server, Control ctl) {
    try (client; server) {
      InputStream in = client.getInputStream();
      OutputStream toServer = server.getOutputStream();
      OutputStream toClient = client.getOutputStream();
      String line;
      while ((line = readLine(in)) != null) {
        String upper = line.toUpperCase(java.util.Locale.ROOT);
        commands.add(upper.startsWith("PASS ") ? "PASS ****" : line);
        String[] answer = null;
        for (String[] a : answerPlan) {
          if (upper.startsWith(a[0]) && answerPlan.remove(a)) {
            answer = a;
            break;
          }
        }
        if (answer != null) {
          write(toClient, answer[1] + "\r\n");
          if (answer[1].startsWith("421")) {
            return;
          }
          continue;
        }
        if (upper.startsWith("RETR ") || upper.startsWith("LIST") || upper.startsWith("MLSD")
            || upper.startsWith("NLST")) {
          ctl.transfer = upper.substring(0, 4);
          ctl.argument = line.length() > 5 ? line.substring(5) : "";
          if (upper.startsWith("RETR ")) {
            retrs.incrementAndGet();
          } else {
            // chosen before the server sees the command, so its completion reply is never forwarded as 226 first
            for (Object[] c : listingCutPlan) {
              if (ctl.argument.contains((String) c[0]) && listingCutPlan.remove(c)) {
                ctl.listingLimit = (Long) c[1];
                ctl.failNextCompletion = true;
                break;
              }
            }
            if (!ctl.failNextCompletion) {
              long limit = dataFaults.cutAfter(ctl.transfer, ctl.argument);
              if (limit >= 0) {
                ctl.listingLimit = limit;
                ctl.failNextCompletion = true;
              }
            }
          }
        }
        if (upper.startsWith("REST ")) {
          long offset = Long.parseLong(line.substring(5).trim());
          restOffsets.add(offset);
          RestMode mode = restMode;
          if (mode == RestMode.REFUSE) {
            write(toClient, "502 REST not implemented\r\n");
            continue;
          }
          if (mode == RestMode.IGNORE) {
            write(toClient, "350 Restarting at " + offset + ". Send STORE or RETRIEVE\r\n");
            continue;
          }
        }
        write(toServer, line + "\r\n");
      }
    } catch (IOException e) {
      // connection ended
    }
  }

  private void serverToClient(Socket server, Socket client, Control ctl) {
    try (client; server) {
      InputStream in = server.getInputStream();
      OutputStream toClient = client.getOutputStream();
      String line;
      while ((line = readLine(in)) != null) {
        Matcher m = PASV.matcher(line);
        Matcher e = EPSV.matcher(line);
        if (m.matches()) {
          String host = m.group(1) + "." + m.group(2) + "." + m.group(3) + "." + m.group(4);
          int port = Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6));
          int local = openData(host, port, ctl);
          line = "227 Entering Passive Mode (127,0,0,1," + (local / 256) + "," + (local % 256) + ")";
        } else if (e.matches()) {
          int local = openData(serverHost, Integer.parseInt(e.group(1)), ctl);
          line = "229 Entering Extended Passive Mode (|||" + local + "|)";
        } else if ("RETR".equals(ctl.transfer) && (line.startsWith("226") || line.startsWith("250"))) {
          for (Object[] c : completionPlan) {
            if (ctl.argument.contains((String) c[0]) && completionPlan.remove(c)) {
              ((Runnable) c[1]).run();
              break;
            }
          }
        }
        if (ctl.failNextCompletion && (line.startsWith("226") || line.startsWith("250"))) {
          ctl.failNextCompletion = false;
          line = "426 Connection closed; transfer aborted.";
        }
        write(toClient, line + "\r\n");
      }
    } catch (IOException e) {
      // connection ended
    }
  }

  private int openData(String host, int port, Control ctl) throws IOException {
    ServerSocket data = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    threads.execute(() -> {
      try (data; Socket client = data.accept(); Socket server = new Socket(host, port)) {
        open.add(client);
        open.add(server);
        threads.execute(() -> pump(client, server, null));
        pump(server, client, ctl);
      } catch (IOException ex) {
        // data connection ended
      }
    });
    return data.getLocalPort();
  }

  /** Copies bytes; {@code ctl} is set on the download direction, whose fault is chosen at the first bytes. */
  private void pump(Socket from, Socket to, Control ctl) {
    byte[] buf = new byte[16384];
    long sent = 0;
    long limit = Long.MAX_VALUE;
    boolean stall = false;
    boolean listing = false;
    boolean decided = ctl == null;
    boolean retrieval = false;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        if (!decided) {
          decided = true;
          if (ctl.transfer.equals("RETR")) {
            retrieval = true;
            if (!stallPlan.isEmpty()) {
              limit = stallPlan.remove(0);
              stall = true;
            } else if (!cutPlan.isEmpty()) {
              limit = cutPlan.remove(0);
            } else {
              long chosen = dataFaults.cutAfter("RETR", ctl.argument);
              if (chosen >= 0) {
                limit = chosen;
              }
            }
          } else if (ctl.listingLimit >= 0) {
            limit = ctl.listingLimit;
            ctl.listingLimit = -1;
            listing = true;
          }
        }
        int allowed = (int) Math.min(n, limit - sent);
        out.write(buf, 0, allowed);
        sent += allowed;
        if (ctl != null) {
          dataBytes.addAndGet(allowed);
          if (retrieval) {
            retrievedBytes.addAndGet(allowed);
          }
        }
        if (sent >= limit) {
          out.flush();
          if (stall) {
            stalls.incrementAndGet();
            long until = System.nanoTime() + stallMillis * 1_000_000L;
            while (!closed && !to.isClosed() && System.nanoTime() < until) {
              Thread.sleep(20);
            }
          } else {
            cuts.incrementAndGet();
          }
          if (!listing) {
            to.setSoLinger(true, 0); // a reset, as a broken download looks; a cut listing ends cleanly, then 426
          }
          to.close();
          from.close();
          return;
        }
      }
      to.shutdownOutput();
    } catch (IOException | InterruptedException e) {
      try {
        to.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  private static synchronized void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    List<Socket> all = new ArrayList<>(open);
    for (Socket s : all) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    threads.shutdownNow();
  }
}
