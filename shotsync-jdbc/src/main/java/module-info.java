/** A shotsync task store over JDBC: embedded H2 by default, PostgreSQL and MariaDB for shared deployments. */
module io.shotsync.jdbc {
  requires transitive io.shotsync.api;
  requires transitive java.sql;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires static org.jspecify;

  exports io.shotsync.jdbc;

  provides io.shotsync.api.spi.TaskStoreProvider with io.shotsync.jdbc.internal.JdbcTaskStoreProvider;
}
