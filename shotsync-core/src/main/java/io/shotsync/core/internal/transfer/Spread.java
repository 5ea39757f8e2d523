package io.shotsync.core.internal.transfer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A queued piece of work ranked by its place in its local directory: the queue hands out the first file of every
 * queued directory before any second one, so connections write into different directories at once instead of
 * queueing on one directory's lock; equal ranks go first in, first out.
 */
final class Spread implements Runnable, Comparable<Spread> {
  private static final AtomicLong SUBMITTED = new AtomicLong();

  private final int rank;
  private final long order = SUBMITTED.incrementAndGet();
  private final Runnable work;

  Spread(int rank, Runnable work) {
    this.rank = rank;
    this.work = work;
  }

  @Override
  public void run() {
    work.run();
  }

  @Override
  public int compareTo(Spread o) {
    return rank != o.rank ? Integer.compare(rank, o.rank) : Long.compare(order, o.order);
  }
}
