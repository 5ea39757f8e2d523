package io.shotsync.jdbc.internal;

import io.shotsync.api.ShotSyncException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A few connections from {@link DriverManager}, kept open between uses: enough for one process's workers, with
 * no pool library. At most {@code size} are open at once; a caller waits up to 30 s for a free one.
 */
public final class ConnectionPool implements ConnectionSource {
  private static final long VALIDATE_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final String url;
  private final Properties properties;
  private final Semaphore permits;
  private final Deque<Idle> idle = new ArrayDeque<>();
  private volatile boolean closed;

  /** A pool of at most {@code size} connections to the URL, with the driver properties given. */
  public ConnectionPool(String url, Properties properties, int size) {
    this.url = url;
    this.properties = properties;
    this.permits = new Semaphore(Math.max(1, size), true);
  }

  @Override
  public Connection acquire() throws SQLException {
    if (closed) {
      throw new ShotSyncException("the store is closed");
    }
    try {
      if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new SQLException("no free database connection within 30 s", "08001");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a database connection", "08001", e);
    }
    try {
      while (true) {
        Idle i;
        synchronized (idle) {
          i = idle.pollFirst();
        }
        if (i == null) {
          return DriverManager.getConnection(url, properties);
        }
        if (System.nanoTime() - i.since < VALIDATE_AFTER_IDLE_NANOS || i.connection.isValid(2)) {
          return i.connection;
        }
        closeQuietly(i.connection);
      }
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  @Override
  public void release(Connection connection, boolean broken) {
    try {
      if (broken || closed || connection.isClosed()) {
        closeQuietly(connection);
        return;
      }
      synchronized (idle) {
        idle.addFirst(new Idle(connection, System.nanoTime()));
      }
    } catch (SQLException e) {
      closeQuietly(connection);
    } finally {
      permits.release();
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (idle) {
      idle.forEach(i -> closeQuietly(i.connection));
      idle.clear();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // closing anyway
    }
  }

  private record Idle(Connection connection, long since) {}
}
