package io.shotsync.core.internal.ftp;

import io.shotsync.api.Endpoint;
import io.shotsync.api.RemoteException;
import io.shotsync.api.RemoteException.Kind;
import io.shotsync.core.internal.files.SafePaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.jspecify.annotations.Nullable;

/**
 * The per-file commands of one {@link CommonsNetFtpSession}: MDTM (one, or pipelined), SIZE, RETR and the checksum
 * commands. A failure that leaves the control connection unusable marks the session broken.
 */
final class FileCommands {
  /**
   * The copy buffer of each transfer thread, reused file after file: large enough that a large file moves in few
   * reads and writes (the socket hands over what it holds, often several hundred KiB on loopback).
   */
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[1024 * 1024]);

  /**
   * The same for a transfer through a channel ({@link BufferSink}): native memory, so the bytes go from the socket to
   * the file without passing through the Java heap.
   */
  private static final ThreadLocal<ByteBuffer> DIRECT_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1024 * 1024));

  /** How often a transfer waiting for data asks whether its bytes are still wanted. */
  static final long ABANDON_CHECK_MILLIS = 200;

  /**
   * A transfer expected to be at least this large goes through a channel when its sink takes buffers: it then saves
   * two copies of every byte for a few more system calls per file (non-blocking mode and a selector for the timeout).
   */
  static final long CHANNEL_MIN = 1024 * 1024;

  /** MDTM commands sent in one write before their replies are read; small enough never to fill a socket buffer. */
  static final int PIPELINE_BATCH = 64;

  private final CommonsNetFtpSession session;
  private final FTPClient ftp;
  private final DataClient data;
  private final Endpoint endpoint;

  FileCommands(CommonsNetFtpSession session, DataClient data, Endpoint endpoint) {
    this.session = session;
    this.ftp = data.client();
    this.data = data;
    this.endpoint = endpoint;
  }

  /** The mtime of one file by MDTM, or null when the server has no MDTM. */
  @Nullable Instant modificationTime(String path) {
    session.touch();
    try {
      int code = ftp.sendCommand("MDTM", path);
      if (!FTPReply.isPositiveCompletion(code)) {
        if (code == 500 || code == 502 || code == 504) {
          return null;
        }
        throw FtpErrors.reply("MDTM " + SafePaths.printable(path), code, ftp.getReplyString());
      }
      return mdtmReply(ftp.getReplyString());
    } catch (IOException e) {
      session.markBroken();
      throw FtpErrors.session("MDTM " + SafePaths.printable(path), e);
    }
  }

  /** The mtimes of several files: the MDTMs go in pipelined batches of {@value #PIPELINE_BATCH}. */
  List<@Nullable Instant> modificationTimes(List<String> paths) {
    session.touch();
    List<@Nullable Instant> out = new ArrayList<>(paths.size());
    try {
      for (int from = 0; from < paths.size(); from += PIPELINE_BATCH) {
        List<String> batch = paths.subList(from, Math.min(paths.size(), from + PIPELINE_BATCH));
        List<String> commands = new ArrayList<>(batch.size());
        for (String p : batch) {
          commands.add("MDTM " + p);
        }
        for (String reply : data.pipeline(commands)) {
          out.add(mdtmReply(reply));
        }
      }
      session.touch();
      return out;
    } catch (IOException e) {
      session.markBroken();
      throw FtpErrors.session("MDTM of " + paths.size() + " files", e);
    }
  }

  /** The time in {@code 213 YYYYMMDDHHMMSS[.sss]}, or null for any other reply. */
  static @Nullable Instant mdtmReply(String reply) {
    String r = reply.strip();
    if (!r.startsWith("213 ")) {
      return null;
    }
    String value = r.substring(4).strip();
    int space = value.indexOf(' ');
    return ListingParser.mlsdTime(space < 0 ? value : value.substring(0, space));
  }

  /** The size of one file by SIZE. */
  long size(String path) {
    session.touch();
    try {
      int code = ftp.sendCommand("SIZE", path);
      if (!FTPReply.isPositiveCompletion(code)) {
        throw FtpErrors.reply("SIZE " + SafePaths.printable(path), code, ftp.getReplyString());
      }
      String[] parts = ftp.getReplyString().strip().split("\\s+");
      try {
        return Long.parseLong(parts[parts.length - 1]);
      } catch (NumberFormatException e) {
        throw new RemoteException(Kind.PERMANENT, code, "SIZE " + SafePaths.printable(path) + ": malformed reply '"
            + FtpErrors.clean(ftp.getReplyString()) + "'", e);
      }
    } catch (IOException e) {
      session.markBroken();
      throw FtpErrors.session("SIZE " + SafePaths.printable(path), e);
    }
  }

  /**
   * Fetches {@code path} from {@code offset} (all of it, or {@code length} bytes when that is not negative) into
   * {@code out}; answers the bytes copied.
   *
   * <p>{@code progress} receives the bytes just copied with each call (a delta, not a running total). When
   * {@code offset} is positive and the server has SIZE, a server that accepted REST but still sends from byte 0 is
   * detected once more bytes arrive than the rest of the file holds (PERMANENT, reply 350); the caller then starts
   * the file over. With {@code length} not negative the transfer is cut after that many bytes, and the 426/451
   * the server answers to the early close counts as success.
   */
  long retrieve(String path, long offset, long length, OutputStream out, LongConsumer progress) {
    session.touch();
    String what = "RETR " + SafePaths.printable(path) + (offset > 0 ? " from " + offset : "") + " on " + endpoint.id();
    long remaining = -1;
    if (offset > 0 && session.capabilities().size()) {
      remaining = size(path) - offset;
    }
    long limit = length >= 0 ? length : Long.MAX_VALUE;
    Copy copy = new Copy(what, limit, remaining, progress);
    try {
      BufferSink buffers = data.channels() && out instanceof BufferSink b
          && Math.min(limit, b.expected()) >= CHANNEL_MIN ? b : null;
      SocketChannel channel = null;
      InputStream in = null;
      ftp.setRestartOffset(Math.max(0, offset));
      try {
        if (buffers != null) {
          channel = data.openDataChannel("RETR", path);
        } else {
          in = ftp.retrieveFileStream(path);
        }
      } finally {
        ftp.setRestartOffset(0);
      }
      if (channel != null && buffers != null) {
        copy.fromChannel(channel, buffers);
      } else if (in != null) {
        copy.fromStream(in, out);
      } else {
        if (offset > 0 && data.restRefused()) {
          throw new RemoteException(Kind.PERMANENT, ftp.getReplyCode(), what + ": the server refused REST ("
              + FtpErrors.clean(ftp.getReplyString()) + "); start the file over", null);
        }
        throw FtpErrors.reply(what, ftp.getReplyCode(), ftp.getReplyString());
      }
      boolean cut = length >= 0 && copy.copied >= length;
      if (!ftp.completePendingCommand()) {
        int code = ftp.getReplyCode();
        if (!(cut && (code == 426 || code == 451 || code == 450))) {
          throw FtpErrors.reply(what, code, ftp.getReplyString());
        }
      }
      return copy.copied;
    } catch (IOException e) {
      session.markBroken();
      throw FtpErrors.session(what + " after " + copy.copied + " bytes", e);
    } catch (RuntimeException e) {
      session.markBroken(); // the control connection may be mid-transfer
      throw e;
    }
  }

  /** One transfer's copy loop, through an array (a stream) or a direct buffer (a channel). */
  private final class Copy {
    private final String what;
    private final long limit;
    private final long remaining;
    private final LongConsumer progress;
    long copied;

    Copy(String what, long limit, long remaining, LongConsumer progress) {
      this.what = what;
      this.limit = limit;
      this.remaining = remaining;
      this.progress = progress;
    }

    void fromStream(InputStream in, OutputStream out) throws IOException {
      BufferSink sized = out instanceof BufferSink b ? b : null;
      try (in) {
        byte[] buf = BUFFER.get();
        while (copied < limit) {
          int n = in.read(buf, 0, nextRead(buf.length, sized));
          if (n < 0) {
            break;
          }
          checkRest(n);
          out.write(buf, 0, n);
          copied += n;
          progress.accept(n);
        }
      }
    }

    /**
     * Reads without blocking and waits for data in a selector for at most the data timeout, which a blocking channel
     * read would not honour; a wait also ends within {@link #ABANDON_CHECK_MILLIS} of the sink being abandoned, so a
     * cancel does not wait for a stalled server's timeout.
     */
    void fromChannel(SocketChannel channel, BufferSink out) throws IOException {
      long timeout = Math.max(0, ftp.getDataTimeout().toMillis());
      ByteBuffer buf = DIRECT_BUFFER.get();
      try (channel; Selector ready = Selector.open()) {
        channel.configureBlocking(false);
        channel.register(ready, SelectionKey.OP_READ);
        boolean waiting = false;
        long waitingSince = 0;
        while (copied < limit) {
          buf.clear().limit(nextRead(buf.capacity(), out));
          int n = channel.read(buf);
          if (n < 0) {
            break;
          }
          if (n == 0) {
            long now = System.nanoTime();
            if (!waiting) {
              waiting = true;
              waitingSince = now;
            }
            long idle = (now - waitingSince) / 1_000_000;
            if (timeout > 0 && idle >= timeout) {
              throw new SocketTimeoutException("no data for " + timeout + " ms");
            }
            ready.select(timeout == 0 ? ABANDON_CHECK_MILLIS : Math.max(1, Math.min(ABANDON_CHECK_MILLIS,
                timeout - idle)));
            ready.selectedKeys().clear();
            if (out.abandoned()) {
              throw new IOException("cancelled");
            }
            continue;
          }
          waiting = false;
          checkRest(n);
          out.write(buf.flip());
          copied += n;
          progress.accept(n);
        }
      }
    }

    /** The most to read next: the buffer's room, the sink's chunk (a rate limit's burst) and what is still wanted. */
    private int nextRead(int room, @Nullable BufferSink sink) {
      long most = sink == null ? room : Math.min(room, sink.chunk());
      return (int) Math.min(most, limit - copied);
    }

    private void checkRest(int n) {
      if (remaining >= 0 && copied + n > remaining) {
        session.markBroken();
        throw new RemoteException(Kind.PERMANENT, 350, what + ": the server sent more than the rest of the file;"
            + " it ignored REST, start the file over", null);
      }
    }
  }

  /** The server's checksum of one file as {@code ALGORITHM:hex} (HASH, XMD5 or XCRC), or null. */
  @Nullable String checksum(String path) {
    session.touch();
    Capabilities caps = session.capabilities();
    try {
      boolean hash = caps.raw().stream().anyMatch(l -> l.toUpperCase(Locale.ROOT).startsWith("HASH"));
      if (hash) {
        int code = ftp.sendCommand("HASH", path);
        if (FTPReply.isPositiveCompletion(code)) {
          // 213 SHA-256 0-1234 abcdef... name
          String[] parts = ftp.getReplyString().strip().split("\\s+", 5);
          if (parts.length >= 4) {
            return parts[1].toUpperCase(Locale.ROOT) + ":" + parts[3].toLowerCase(Locale.ROOT);
          }
        }
      }
      for (String[] cmd : new String[][] {{"MD5", "XMD5"}, {"CRC32", "XCRC"}}) {
        if (caps.hashAlgorithms().contains(cmd[0])) {
          int code = ftp.sendCommand(cmd[1], path);
          if (FTPReply.isPositiveCompletion(code)) {
            String[] parts = ftp.getReplyString().strip().split("\\s+");
            return cmd[0] + ":" + parts[parts.length - 1].toLowerCase(Locale.ROOT);
          }
        }
      }
      return null;
    } catch (IOException e) {
      session.markBroken();
      throw FtpErrors.session("checksum of " + SafePaths.printable(path), e);
    }
  }
}
