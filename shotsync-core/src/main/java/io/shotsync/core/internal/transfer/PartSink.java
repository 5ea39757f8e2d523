package io.shotsync.core.internal.transfer;

import io.shotsync.core.internal.ftp.BufferSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;

/**
 * Writes at a position of the temporary file: counts, limits the rate, notices cancel and overruns. A sequential
 * sink refuses bytes past the listing's size (the server ignored REST or the file grows); a ranged one stops at its
 * range's end.
 */
final class PartSink extends OutputStream implements BufferSink {
  /** The least a rate-limited transfer reads at once. */
  private static final long MIN_CHUNK = 8192;
  private final FileJob job;
  private final FileChannel ch;
  private final long limit;
  private final @Nullable Range range;
  volatile long pos;
  volatile @Nullable IOException localError;
  volatile boolean overrun;

  /** A sink from {@code pos} up to {@code limit}; {@code range} is null for a sequential fetch. */
  PartSink(FileJob job, FileChannel ch, long pos, long limit, @Nullable Range range) {
    this.job = job;
    this.ch = ch;
    this.pos = pos;
    this.limit = limit;
    this.range = range;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    write(ByteBuffer.wrap(b, off, len));
  }

  @Override
  public long expected() {
    return limit - pos;
  }

  @Override
  public long chunk() {
    return Math.max(MIN_CHUNK, job.ctx.rate.burstBytes());
  }

  @Override
  public boolean abandoned() {
    return job.ctx.cancelled();
  }

  @Override
  public void write(ByteBuffer buf) throws IOException {
    int len = buf.remaining();
    if (len <= 0) {
      return;
    }
    // every byte read off the data connection counts as received, also those past a range's end or the listing's size
    job.received(len);
    if (job.ctx.cancelled()) {
      throw new IOException("cancelled");
    }
    if (pos + len > limit) {
      if (range == null) {
        overrun = true;
        throw new IOException("more bytes than the listing's size " + limit);
      }
      len = (int) (limit - pos);
      if (len <= 0) {
        throw new IOException("range complete");
      }
      buf.limit(buf.position() + len);
    }
    if (!job.ctx.rate.acquire(len, job.ctx::cancelled)) {
      throw new IOException("cancelled");
    }
    long p = pos;
    try {
      while (buf.hasRemaining()) {
        p += ch.write(buf, p);
      }
    } catch (IOException e) {
      localError = e;
      throw e;
    }
    pos = p;
    // the confirmed spans move with every write, so the periodic record of what the temporary file holds (what a
    // later process resumes from after a kill) holds the bytes on disk, not the offset the transfer started at
    if (range != null) {
      range.done.set(p - range.start);
    } else {
      job.sequentialAt(p);
    }
    job.wrote(len, ch);
  }
}
