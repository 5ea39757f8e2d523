package io.shotsync.jdbc.internal;

import io.shotsync.jdbc.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The store's one query helper: what differs between the dialects (how instants and JSON are bound, how a row
 * is upserted), and binding parameters, running batches and mapping rows the same way for every table.
 */
public final class Sql {
  /** How many rows go in one batch, and how many parameters in one {@code IN (...)}. */
  public static final int CHUNK = 500;

  private final Dialect dialect;

  /** Binds one row's parameters to a statement. */
  @FunctionalInterface
  public interface Binder<T> {
    /** Binds {@code row}. */
    void bind(PreparedStatement ps, T row) throws SQLException;
  }

  /** Maps the current row of a result set. */
  @FunctionalInterface
  public interface RowMapper<T> {
    /** The value of the current row. */
    T map(ResultSet rs) throws SQLException;
  }

  /** The SQL helpers of one dialect. */
  public Sql(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The dialect. */
  public Dialect dialect() {
    return dialect;
  }

  /** Binds an instant (or SQL NULL): TIMESTAMPTZ on PostgreSQL and H2, a UTC DATETIME on MariaDB. */
  public void setInstant(PreparedStatement ps, int index, @Nullable Instant value) throws SQLException {
    if (dialect == Dialect.MARIADB) {
      if (value == null) {
        ps.setNull(index, Types.TIMESTAMP);
      } else {
        ps.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
      }
    } else if (value == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, value.atOffset(ZoneOffset.UTC));
    }
  }

  /** Reads an instant written by {@link #setInstant}, or null. */
  public @Nullable Instant getInstant(ResultSet rs, String column) throws SQLException {
    if (dialect == Dialect.MARIADB) {
      LocalDateTime t = rs.getObject(column, LocalDateTime.class);
      return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** Binds JSON text to a JSON column (JSONB on PostgreSQL, which needs it sent untyped). */
  public void setJson(PreparedStatement ps, int index, @org.jspecify.annotations.Nullable String json)
      throws SQLException {
    if (json == null) {
      ps.setNull(index, dialect == Dialect.POSTGRESQL ? Types.OTHER : Types.VARCHAR);
    } else if (dialect == Dialect.POSTGRESQL) {
      ps.setObject(index, json, Types.OTHER);
    } else {
      ps.setString(index, json);
    }
  }

  /** An INSERT that replaces the row with the same key: MERGE, ON CONFLICT or ON DUPLICATE KEY. */
  public String upsert(String table, List<String> columns, List<String> keys) {
    String cols = String.join(", ", columns);
    String marks = String.join(", ", Collections.nCopies(columns.size(), "?"));
    List<String> rest = columns.stream().filter(c -> !keys.contains(c)).toList();
    return switch (dialect) {
      case H2 -> "MERGE INTO " + table + " (" + cols + ") KEY (" + String.join(", ", keys) + ") VALUES (" + marks
          + ")";
      case POSTGRESQL -> "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT ("
          + String.join(", ", keys) + ") DO UPDATE SET "
          + rest.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
      case MARIADB -> "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON DUPLICATE KEY UPDATE "
          + rest.stream().map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", "));
    };
  }

  /** Adds one batch entry per row, running the batch every {@link #CHUNK} rows and at the end. */
  public static <T> void batch(PreparedStatement ps, Iterable<? extends T> rows, Binder<T> binder)
      throws SQLException {
    int n = 0;
    for (T row : rows) {
      binder.bind(ps, row);
      ps.addBatch();
      if (++n % CHUNK == 0) {
        ps.executeBatch();
      }
    }
    if (n % CHUNK != 0) {
      ps.executeBatch();
    }
  }

  /** Runs the query and maps every row. */
  public static <T> List<T> list(PreparedStatement ps, RowMapper<T> mapper) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
      return out;
    }
  }

  /** Pieces of at most {@link #CHUNK} values, for {@code IN (...)} lists. */
  public static <T> List<List<T>> chunks(List<T> values) {
    List<List<T>> out = new ArrayList<>();
    for (int from = 0; from < values.size(); from += CHUNK) {
      out.add(values.subList(from, Math.min(values.size(), from + CHUNK)));
    }
    return out;
  }

  /** Binds strings from index {@code start}. */
  public static void bindStrings(PreparedStatement ps, int start, List<String> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      ps.setString(start + i, values.get(i));
    }
  }

  /** Binds longs from index {@code start}. */
  public static void bindLongs(PreparedStatement ps, int start, List<Long> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      ps.setLong(start + i, values.get(i));
    }
  }

  /** {@code ?, ?, ?} for n parameters. */
  public static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  /** True for a unique or primary key violation. */
  public static boolean isDuplicate(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      String state = s.getSQLState();
      if (state != null && state.startsWith("23") && !state.equals("23502")) {
        return true;
      }
      if (s.getErrorCode() == 1062) {
        return true;
      }
    }
    return false;
  }

  /** True for a deadlock, serialization failure or lock timeout: running the transaction again may succeed. */
  public static boolean isRetryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("40") || state.equals("HYT00") || state.equals("55P03"))) {
          return true;
        }
        if (s.getErrorCode() == 1213 || s.getErrorCode() == 1205) {
          return true;
        }
      }
    }
    return false;
  }
}
