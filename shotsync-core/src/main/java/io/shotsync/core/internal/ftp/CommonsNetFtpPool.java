package io.shotsync.core.internal.ftp;

import io.shotsync.api.Endpoint;
import io.shotsync.api.RemoteException;
import io.shotsync.api.RemoteException.Kind;
import io.shotsync.api.SyncOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FtpPool} over commons-net: at most {@link SyncOptions#connections()} sessions lent at once, idle ones
 * reused (checked with NOOP when they sat idle a while), dead ones replaced. A 421 while connecting lowers the
 * concurrency to the sessions already open (at least one) and waits for one of them; with none open it backs off
 * ({@link SyncOptions#retryBackoff()}, doubling) up to {@link SyncOptions#retries()} times.
 */
public final class CommonsNetFtpPool implements FtpPool {
  private static final Logger LOG = LoggerFactory.getLogger(CommonsNetFtpPool.class);
  private static final Duration CHECK_AFTER_IDLE = Duration.ofSeconds(5);

  private final Endpoint endpoint;
  private final SyncOptions options;
  private final FtpsTrust trust;
  private final CommonsNetFtpSession.ServerInfo server = new CommonsNetFtpSession.ServerInfo();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private final Deque<CommonsNetFtpSession> idle = new ArrayDeque<>();
  private int lent;
  private int limit;
  private boolean refused;
  private boolean closed;

  /** A pool for this endpoint; connects lazily, on the first borrow. */
  public CommonsNetFtpPool(Endpoint endpoint, SyncOptions options) {
    this(endpoint, options, FtpsTrust.standard());
  }

  /** A pool whose FTPS connections trust what {@code trust} says. */
  public CommonsNetFtpPool(Endpoint endpoint, SyncOptions options, FtpsTrust trust) {
    this.endpoint = endpoint;
    this.options = options;
    this.trust = trust;
    this.limit = options.connections();
  }

  /** The endpoint. */
  public Endpoint endpoint() {
    return endpoint;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Waits at most the connect timeout plus the data timeout for a session to come back, then throws a
   * TRANSIENT {@link RemoteException}.
   */
  @Override
  public FtpSession borrow() {
    long deadline = System.nanoTime() + options.connectTimeout().plus(options.dataTimeout()).toNanos();
    int attempts = 0;
    while (true) {
      CommonsNetFtpSession reuse = lend(deadline);
      if (reuse != null) {
        if (!reuse.isBroken() && (reuse.idle().compareTo(CHECK_AFTER_IDLE) < 0 || reuse.isAlive())) {
          return reuse;
        }
        LOG.debug("replacing a dead connection to {}", endpoint.id());
        reuse.close();
      }
      try {
        return CommonsNetFtpSession.open(endpoint, options, trust, server);
      } catch (RemoteException e) {
        if (unlendAfter(e)) {
          continue;
        }
        if (e.kind() == Kind.TRANSIENT && attempts < options.retries() && System.nanoTime() < deadline) {
          long backoff = Math.min(30_000, options.retryBackoff().toMillis() << Math.min(attempts, 16));
          attempts++;
          LOG.info("connect to {} failed ({}); retry {} in {} ms", endpoint.id(), e.getMessage(), attempts, backoff);
          sleep(backoff);
          continue;
        }
        throw e;
      }
    }
  }

  /** Waits for a free slot until the deadline and takes it; answers an idle session to reuse, if there is one. */
  private @Nullable CommonsNetFtpSession lend(long deadline) {
    lock.lock();
    try {
      while (!closed && lent >= limit) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new RemoteException(Kind.TRANSIENT, 0, "no connection to " + endpoint.id() + " came free in time ("
              + limit + " in use)", null);
        }
        try {
          freed.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RemoteException(Kind.TRANSIENT, 0, "interrupted while waiting for a connection to "
              + endpoint.id(), e);
        }
      }
      if (closed) {
        throw new IllegalStateException("pool of " + endpoint.id() + " is closed");
      }
      lent++;
      return idle.pollFirst();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives back the slot a failed connect took. A 421 while other sessions are open lowers the limit to those and
   * answers true: wait for one of them rather than retry.
   */
  private boolean unlendAfter(RemoteException e) {
    lock.lock();
    try {
      lent--;
      int others = lent + idle.size();
      if (e.replyCode() == 421 && others > 0) {
        int lowered = Math.max(1, others);
        if (lowered < limit) {
          refused = true;
          LOG.warn("{} refused another connection (421); using at most {} connection(s)", endpoint.id(), lowered);
          limit = lowered;
        }
        freed.signalAll();
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void release(FtpSession session, boolean broken) {
    CommonsNetFtpSession s = (CommonsNetFtpSession) session;
    boolean keep;
    lock.lock();
    try {
      lent--;
      keep = !broken && !closed && !s.isBroken() && lent + idle.size() < limit;
      if (keep) {
        idle.addFirst(s);
      }
      freed.signalAll();
    } finally {
      lock.unlock();
    }
    if (!keep) {
      s.close();
    }
  }

  @Override
  public Capabilities capabilities() {
    Capabilities c = server.capabilities;
    if (c == null) {
      FtpSession s = borrow();
      release(s, false);
      c = server.capabilities;
    }
    return c == null ? Capabilities.none() : c;
  }

  @Override
  public void raiseLimit(int n) {
    lock.lock();
    try {
      if (!refused && n > limit) {
        limit = n;
        freed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int concurrency() {
    lock.lock();
    try {
      return limit;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    List<CommonsNetFtpSession> toClose;
    lock.lock();
    try {
      closed = true;
      toClose = new ArrayList<>(idle);
      idle.clear();
      freed.signalAll();
    } finally {
      lock.unlock();
    }
    toClose.forEach(CommonsNetFtpSession::close);
  }

  @Override
  public String toString() {
    return "FtpPool[" + endpoint.id() + ", " + concurrency() + " connections]";
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException(Kind.TRANSIENT, 0, "interrupted", e);
    }
  }
}
