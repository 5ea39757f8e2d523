package io.shotsync.jdbc;

import io.shotsync.api.InvalidInputException;
import java.util.Locale;

/** The databases {@link JdbcTaskStore} knows: each has its own schema scripts, locks and claim query. */
public enum Dialect {
  /** H2 2.x, embedded in a file or in memory. */
  H2("h2"),
  /** PostgreSQL 12 or newer. */
  POSTGRESQL("postgresql"),
  /** MariaDB 10.6 or newer, or MySQL 8 (both need {@code SKIP LOCKED}). */
  MARIADB("mariadb");

  private final String id;

  Dialect(String id) {
    this.id = id;
  }

  /** The short name, also the folder of the dialect's migration scripts. */
  public String id() {
    return id;
  }

  /**
   * The dialect of a JDBC URL: {@code jdbc:h2:}, {@code jdbc:postgresql:}, {@code jdbc:mariadb:} or
   * {@code jdbc:mysql:}.
   *
   * @throws InvalidInputException for any other URL; the message does not show the URL's password
   */
  public static Dialect fromUrl(String jdbcUrl) {
    String u = jdbcUrl.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (u.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
      return MARIADB;
    }
    throw new InvalidInputException("unsupported store URL '" + io.shotsync.jdbc.internal.Urls.redact(jdbcUrl)
        + "': expected jdbc:h2:, jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:");
  }

  /** True when {@link #fromUrl} knows the URL. */
  public static boolean accepts(String jdbcUrl) {
    String u = jdbcUrl.toLowerCase(Locale.ROOT);
    return u.startsWith("jdbc:h2:") || u.startsWith("jdbc:postgresql:") || u.startsWith("jdbc:mariadb:")
        || u.startsWith("jdbc:mysql:");
  }

  /** The dialect of a database product name as JDBC metadata reports it ({@code H2}, {@code PostgreSQL}, ...). */
  public static Dialect fromProductName(String product) {
    String p = product.toLowerCase(Locale.ROOT);
    if (p.contains("h2")) {
      return H2;
    }
    if (p.contains("postgres")) {
      return POSTGRESQL;
    }
    if (p.contains("mariadb") || p.contains("mysql")) {
      return MARIADB;
    }
    throw new InvalidInputException("unsupported database '" + product + "': shotsync-jdbc knows H2, PostgreSQL,"
        + " MariaDB and MySQL");
  }
}
