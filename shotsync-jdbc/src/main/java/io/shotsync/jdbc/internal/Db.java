package io.shotsync.jdbc.internal;

import io.shotsync.api.ShotSyncException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A store's database: its connections, dialect helpers and clock. Reads run in auto-commit mode; writes run in
 * one transaction, again after a deadlock, serialization failure or lock timeout.
 */
public final class Db implements AutoCloseable {
  private static final int RETRIES = 5;

  private final ConnectionSource source;
  private final Sql sql;
  private final Clock clock;
  private final String description;
  private volatile boolean closed;

  /** Statements run on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    /** Runs the statements. */
    T run(Connection c) throws SQLException;
  }

  /** Statements run on one connection that answer nothing. */
  @FunctionalInterface
  public interface Statements {
    /** Runs the statements. */
    void run(Connection c) throws SQLException;
  }

  /** A database reached through {@code source}, described in messages as {@code description}. */
  public Db(ConnectionSource source, Sql sql, Clock clock, String description) {
    this.source = source;
    this.sql = sql;
    this.clock = clock;
    this.description = description;
  }

  /** The dialect's SQL helpers. */
  public Sql sql() {
    return sql;
  }

  /** The clock leases are measured on. */
  public Clock clock() {
    return clock;
  }

  /** What the store is, for messages. */
  public String description() {
    return description;
  }

  /** Runs statements in auto-commit mode. */
  public <T> T read(String what, Work<T> work) {
    return run(what, work, false);
  }

  /** Runs statements in one transaction, again after a deadlock or serialization failure. */
  public <T> T write(String what, Work<T> work) {
    return run(what, work, true);
  }

  /** {@link #write(String, Work)} for statements that answer nothing. */
  public void write(String what, Statements work) {
    run(what, c -> {
      work.run(c);
      return Boolean.TRUE;
    }, true);
  }

  /** Refuses further work and closes the connections. */
  @Override
  public void close() {
    closed = true;
    source.close();
  }

  private <T> T run(String what, Work<T> work, boolean transaction) {
    if (closed) {
      throw new ShotSyncException("could not " + what + ": the " + description + " store is closed");
    }
    for (int attempt = 1; ; attempt++) {
      Connection c;
      try {
        c = source.acquire();
      } catch (SQLException e) {
        throw new ShotSyncException("could not " + what + ": no connection to the " + description + " store: "
            + e.getMessage(), e);
      }
      boolean broken = false;
      try {
        if (transaction) {
          c.setAutoCommit(false);
        }
        T result = work.run(c);
        if (transaction) {
          c.commit();
        }
        return result;
      } catch (SQLException e) {
        broken = rollback(c, transaction);
        if (Sql.isRetryable(e) && attempt < RETRIES) {
          sleep(attempt);
          continue;
        }
        throw new ShotSyncException("could not " + what + " in the " + description + " store: "
            + e.getMessage(), e);
      } catch (RuntimeException e) {
        broken = rollback(c, transaction);
        throw e;
      } finally {
        try {
          if (!broken && transaction) {
            c.setAutoCommit(true);
          }
        } catch (SQLException e) {
          broken = true;
        }
        source.release(c, broken);
      }
    }
  }

  private static boolean rollback(Connection c, boolean transaction) {
    try {
      if (transaction) {
        c.rollback();
      }
      return c.isClosed() || !c.isValid(2);
    } catch (SQLException e) {
      return true;
    }
  }

  private static void sleep(int attempt) {
    try {
      Thread.sleep(10L * attempt + ThreadLocalRandom.current().nextInt(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShotSyncException("interrupted while retrying a store operation");
    }
  }
}
