package io.shotsync.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Where the store gets its connections: a host's {@link DataSource}, or a small pool of its own. */
public interface ConnectionSource extends AutoCloseable {

  /** A connection in auto-commit mode. */
  Connection acquire() throws SQLException;

  /** Gives a connection back; {@code broken} ones are closed instead of reused. */
  void release(Connection connection, boolean broken);

  /** Closes the pooled connections; the default does nothing. */
  @Override
  default void close() {}

  /** Borrows from a host's data source, which pools (or not) as it likes. */
  static ConnectionSource of(DataSource dataSource) {
    return new ConnectionSource() {
      @Override
      public Connection acquire() throws SQLException {
        Connection c = dataSource.getConnection();
        if (!c.getAutoCommit()) {
          c.setAutoCommit(true);
        }
        return c;
      }

      @Override
      public void release(Connection connection, boolean broken) {
        try {
          connection.close();
        } catch (SQLException e) {
          // nothing left to do with it
        }
      }
    };
  }
}
