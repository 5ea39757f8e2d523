package io.shotsync.core.internal.ftp;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a download's bytes go when they can be handed over as a buffer: a large plain-FTP transfer then reads the data
 * connection into a direct buffer and writes that buffer to the file, instead of copying every byte into an array and
 * out of it again.
 */
public interface BufferSink {
  /** The bytes this sink still expects: a transfer this large goes through a buffer. */
  long expected();

  /** Takes the buffer's remaining bytes (all of them, or fails). */
  void write(ByteBuffer src) throws IOException;

  /**
   * The most bytes worth reading at once: a rate-limited sink takes what its limit allows at a time, so bytes reach
   * the file (and the progress) as they are allowed, not a whole buffer after a long wait.
   */
  default long chunk() {
    return Long.MAX_VALUE;
  }

  /** True once the bytes are no longer wanted (the run was cancelled): a wait for more data then ends early. */
  default boolean abandoned() {
    return false;
  }
}
