package io.shotsync.core.internal.transfer;

import io.shotsync.api.ShotSyncException;
import io.shotsync.api.event.LogLevel;
import io.shotsync.core.internal.files.PartRecord;
import io.shotsync.core.internal.ftp.Connections;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A large file in byte ranges on several connections: this thread takes ranges on its own connection and helpers
 * take more on connections that are free now; each range is retried by its own {@link RetryPolicy}.
 */
final class RangedFetch {
  private final FileJob job;
  private final ConcurrentLinkedQueue<Range> queue = new ConcurrentLinkedQueue<>();
  private final AtomicReference<RuntimeException> error = new AtomicReference<>();

  RangedFetch(FileJob job) {
    this.job = job;
  }

  /** Fetches from {@code offset} to the end in ranges over at most {@code conns} connections. */
  long fetch(long offset, int conns) {
    return fetch(List.of(new PartRecord.Span(offset, job.remote.size())), conns);
  }

  /** Fetches the {@code missing} spans in ranges over at most {@code conns} connections; answers their bytes. */
  long fetch(List<PartRecord.Span> missing, int conns) {
    long span = missing.stream().mapToLong(PartRecord.Span::length).sum();
    long each = Math.max(FetchStep.MIN_RANGE, (span + conns - 1) / conns);
    List<Range> list = new ArrayList<>();
    for (PartRecord.Span m : missing) {
      for (long p = m.start(); p < m.end(); p += each) {
        list.add(new Range(p, Math.min(m.end(), p + each)));
      }
    }
    long first = missing.isEmpty() ? job.remote.size() : missing.get(0).start();
    long keep = Math.max(first, job.held().isEmpty() ? 0 : job.held().get(job.held().size() - 1).end());
    job.ranges(list);
    job.log(LogLevel.DEBUG, "fetching " + job.rel + " in " + list.size() + " ranges from byte " + first);
    queue.addAll(list);
    try (FileChannel ch = FetchStep.openPart(job, false)) {
      if (ch.size() > keep) {
        ch.truncate(keep);
      }
      List<Future<?>> helpers = new ArrayList<>();
      for (int i = 1; i < list.size(); i++) {
        Connections.Lease extra = job.ctx.connections.tryAcquire();
        if (extra == null) {
          break;
        }
        helpers.add(job.ctx.segmentExecutor.submit(() -> work(extra, ch)));
      }
      Connections.Lease own = job.ctx.connections.acquire(job.ctx::cancelled);
      if (own == null) {
        error.compareAndSet(null, job.cancelled());
      } else {
        work(own, ch);
      }
      await(helpers);
    } catch (IOException e) {
      throw job.localError("cannot write " + job.part(), e);
    }
    RuntimeException e = error.get();
    if (e != null) {
      throw e;
    }
    job.checkCancelled();
    return span;
  }

  private void await(List<Future<?>> helpers) {
    for (Future<?> f : helpers) {
      try {
        f.get();
      } catch (ExecutionException e) {
        error.compareAndSet(null, new ShotSyncException("range worker failed: " + e.getCause(), e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error.compareAndSet(null, job.cancelled());
      }
    }
  }

  private void work(Connections.Lease lease, FileChannel ch) {
    try {
      Range r;
      while (error.get() == null && !job.ctx.cancelled() && (r = queue.poll()) != null) {
        fetchRange(lease, ch, r);
      }
    } catch (RuntimeException e) {
      error.compareAndSet(null, e);
    } finally {
      lease.release();
    }
  }

  private void fetchRange(Connections.Lease lease, FileChannel ch, Range r) {
    RetryPolicy retry = new RetryPolicy(job, "a range of ");
    while (r.done.get() < r.length()) {
      job.checkCancelled();
      long from = r.start + r.done.get();
      PartSink out = new PartSink(job, ch, from, r.end, r);
      try {
        try {
          lease.session().retrieve(job.abs, from, r.end - from, out, n -> {});
        } finally {
          r.done.set(out.pos - r.start);
        }
        if (r.done.get() < r.length()) {
          throw job.endedShort("range", out.pos, r.end);
        }
      } catch (RuntimeException e) {
        IOException local = out.localError;
        if (local != null) {
          throw job.localError("cannot write " + job.rel, local);
        }
        if (job.ctx.cancelled()) {
          lease.broken();
          throw job.cancelled();
        }
        if (r.done.get() >= r.length()) {
          // an early close of a ranged read (426 from vsftpd) after every byte arrived is fine
          lease.broken();
          return;
        }
        if (!RetryPolicy.retryable(e)) {
          throw retry.fatal(e);
        }
        lease.broken();
        retry.failed(e, from);
        if (r.done.get() > 0) {
          job.resumedMidway = r.start + r.done.get();
        }
      }
    }
  }
}
