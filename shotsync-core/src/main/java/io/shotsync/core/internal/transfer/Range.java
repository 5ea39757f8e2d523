package io.shotsync.core.internal.transfer;

import java.util.concurrent.atomic.AtomicLong;

/** One byte range of a file fetched in ranges, and how much of it is on disk. */
final class Range {
  final long start;
  final long end;
  final AtomicLong done = new AtomicLong();

  Range(long start, long end) {
    this.start = start;
    this.end = end;
  }

  long length() {
    return end - start;
  }
}
