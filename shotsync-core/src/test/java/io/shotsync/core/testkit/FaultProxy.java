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
 * so data connections also pass through it, and on request cuts the next data connections after a number of bytes,
 * refuses REST, or answers REST itself without telling the server (so the server sends the file from its start).
 */
public final class FaultProxy implements AutoCloseable {
  private static final Pattern PASV = Pattern.compile("227 .*\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\).*");
  private static final Pattern EPSV = Pattern.compile("229 .*\\(\\|\\|\\|(\\d+)\\|\\).*");

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
  private final List<Long> restOffsets = new CopyOnWriteArrayList<>();
  private final AtomicInteger cuts = new AtomicInteger();
  private final AtomicLong dataBytes = new AtomicLong();
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

  /** Cuts each of the next data connections (one per value) after that many bytes from the server. */
  public void cutNextDataAfter(long... bytes) {
    for (long b : bytes) {
      cutPlan.add(b);
    }
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

  private void acceptControl() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(serverHost, serverPort);
        open.add(client);
        open.add(server);
        threads.execute(() -> clientToServer(client, server));
        threads.execute(() -> serverToClient(server, client));
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void clientToServer(Socket client, Socket server) {
    try (client; server) {
      InputStream in = client.getInputStream();
      OutputStream toServer = server.getOutputStream();
      OutputStream toClient = client.getOutputStream();
      String line;
      while ((line = readLine(in)) != null) {
        String upper = line.toUpperCase(java.util.Locale.ROOT);
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

  private void serverToClient(Socket server, Socket client) {
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
          int local = openData(host, port);
          line = "227 Entering Passive Mode (127,0,0,1," + (local / 256) + "," + (local % 256) + ")";
        } else if (e.matches()) {
          int local = openData(serverHost, Integer.parseInt(e.group(1)));
          line = "229 Entering Extended Passive Mode (|||" + local + "|)";
        }
        write(toClient, line + "\r\n");
      }
    } catch (IOException e) {
      // connection ended
    }
  }

  private int openData(String host, int port) throws IOException {
    ServerSocket data = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    threads.execute(() -> {
      try (data; Socket client = data.accept(); Socket server = new Socket(host, port)) {
        open.add(client);
        open.add(server);
        long limit = cutPlan.isEmpty() ? Long.MAX_VALUE : cutPlan.remove(0);
        threads.execute(() -> pump(client, server, Long.MAX_VALUE, false));
        pump(server, client, limit, true);
      } catch (IOException ex) {
        // data connection ended
      }
    });
    return data.getLocalPort();
  }

  private void pump(Socket from, Socket to, long limit, boolean download) {
    byte[] buf = new byte[16384];
    long sent = 0;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        int allowed = (int) Math.min(n, limit - sent);
        out.write(buf, 0, allowed);
        sent += allowed;
        if (download) {
          dataBytes.addAndGet(allowed);
        }
        if (sent >= limit) {
          cuts.incrementAndGet();
          out.flush();
          to.setSoLinger(true, 0);
          to.close();
          from.close();
          return;
        }
      }
      to.shutdownOutput();
    } catch (IOException e) {
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
