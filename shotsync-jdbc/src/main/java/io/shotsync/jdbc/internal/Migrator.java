package io.shotsync.jdbc.internal;

import io.shotsync.api.ShotSyncException;
import io.shotsync.jdbc.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the newest schema: applies the dialect's {@code V<n>__<name>.sql} scripts that the
 * {@code shotsync_schema_version} table does not list yet, in order, holding a database-wide lock so that two
 * processes starting at once do not both apply them.
 *
 * <p>The lock is {@code pg_advisory_lock} on PostgreSQL (per schema), {@code GET_LOCK} on MariaDB (per
 * database), and on H2, which has neither, a row lock on {@code shotsync_migration_lock} held by a second
 * connection while the first runs the scripts (H2 commits DDL at once, so the lock cannot share its
 * transaction). Scripts use {@code IF NOT EXISTS} throughout, so a run that stopped half way can be repeated.
 */
public final class Migrator {
  /** The scripts, oldest first; each dialect has one of each under {@code migration/<dialect>/}. */
  static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__task_runs_with.sql",
      "V3__auto_retries_used.sql", "V4__bytes_received.sql");

  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
  private static final String LOCK_NAME = "shotsync_migrate";

  private final Dialect dialect;
  private final int target;

  /** A migrator for the dialect, to the newest version. */
  public Migrator(Dialect dialect) {
    this(dialect, SCRIPTS.size());
  }

  /** A migrator that stops at schema version {@code target} (tests make stores of older versions with it). */
  public Migrator(Dialect dialect, int target) {
    if (target < 1 || target > SCRIPTS.size()) {
      throw new IllegalArgumentException("no schema version " + target);
    }
    this.dialect = dialect;
    this.target = target;
  }

  /** The newest schema version this library knows. */
  public static int latestVersion() {
    return SCRIPTS.size();
  }

  /** Applies the missing scripts; {@code source} must be able to hand out two connections at once (for H2). */
  public void migrate(ConnectionSource source) throws SQLException {
    Connection c = source.acquire();
    boolean broken = true;
    try {
      switch (dialect) {
        case POSTGRESQL -> withPostgresLock(c);
        case MARIADB -> withMariaDbLock(c);
        case H2 -> withH2Lock(source, c);
      }
      broken = false;
    } finally {
      source.release(c, broken);
    }
  }

  private void withPostgresLock(Connection c) throws SQLException {
    long key;
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
      rs.next();
      key = (LOCK_NAME + ":" + rs.getString(1)).hashCode();
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
      ps.setLong(1, key);
      ps.execute();
    }
    try {
      apply(c);
    } finally {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        ps.setLong(1, key);
        ps.execute();
      }
    }
  }

  private void withMariaDbLock(Connection c) throws SQLException {
    String name;
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
      rs.next();
      name = LOCK_NAME + ":" + rs.getString(1);
    }
    name = name.length() > 64 ? name.substring(0, 64) : name;
    try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 120)")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getInt(1) != 1) {
          throw new ShotSyncException("could not take the schema migration lock '" + name
              + "' within 120 s; is another shotsync process stuck migrating?");
        }
      }
    }
    try {
      apply(c);
    } finally {
      try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
        ps.setString(1, name);
        ps.execute();
      }
    }
  }

  private void withH2Lock(ConnectionSource source, Connection c) throws SQLException {
    Connection lock = source.acquire();
    boolean broken = true;
    try {
      takeH2Lock(lock);
      try {
        apply(c);
      } finally {
        lock.commit();
        lock.setAutoCommit(true);
      }
      broken = false;
    } finally {
      source.release(lock, broken);
    }
  }

  private static void takeH2Lock(Connection lock) throws SQLException {
    SQLException last = null;
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Statement st = lock.createStatement()) {
        lock.setAutoCommit(true);
        st.execute("CREATE TABLE IF NOT EXISTS shotsync_migration_lock (id INT NOT NULL PRIMARY KEY)");
        st.execute("INSERT INTO shotsync_migration_lock (id) SELECT 1 WHERE NOT EXISTS"
            + " (SELECT 1 FROM shotsync_migration_lock WHERE id = 1)");
        lock.setAutoCommit(false);
        st.execute("SET LOCK_TIMEOUT 10000");
        try (ResultSet rs = st.executeQuery("SELECT id FROM shotsync_migration_lock WHERE id = 1 FOR UPDATE")) {
          if (rs.next()) {
            return;
          }
        }
      } catch (SQLException e) {
        // another process created the table or row first, or holds the lock longer than the timeout
        last = e;
        try {
          lock.rollback();
        } catch (SQLException ignored) {
          // the next round starts over
        }
      }
      sleepABit();
    }
    throw new ShotSyncException("could not take the H2 schema migration lock within 120 s", last);
  }

  private void apply(Connection c) throws SQLException {
    c.setAutoCommit(true);
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS shotsync_schema_version ("
          + "version INT NOT NULL PRIMARY KEY, script VARCHAR(200) NOT NULL, installed_at VARCHAR(40) NOT NULL)");
    }
    int current = 0;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(version) FROM shotsync_schema_version")) {
      if (rs.next()) {
        current = rs.getInt(1);
      }
    }
    if (current > SCRIPTS.size()) {
      throw new ShotSyncException("the database schema is at version " + current + ", newer than this shotsync"
          + " (it knows up to " + SCRIPTS.size() + "); use a newer shotsync-jdbc");
    }
    for (int v = current + 1; v <= target; v++) {
      String script = SCRIPTS.get(v - 1);
      LOG.info("applying {} schema migration {}", dialect.id(), script);
      List<String> statements = statements(read(script));
      // PostgreSQL runs DDL in transactions: the script and its version row commit together.
      boolean transactional = dialect == Dialect.POSTGRESQL;
      c.setAutoCommit(!transactional);
      try {
        try (Statement st = c.createStatement()) {
          for (String sql : statements) {
            st.execute(sql);
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO shotsync_schema_version (version, script, installed_at) VALUES (?, ?, ?)")) {
          ps.setInt(1, v);
          ps.setString(2, script);
          ps.setString(3, Instant.now().toString());
          ps.executeUpdate();
        }
        if (transactional) {
          c.commit();
        }
      } catch (SQLException e) {
        if (transactional) {
          c.rollback();
        }
        throw new ShotSyncException("schema migration " + dialect.id() + "/" + script + " failed: "
            + e.getMessage(), e);
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private String read(String script) {
    String path = "/io/shotsync/jdbc/migration/" + dialect.id() + "/" + script;
    try (InputStream in = Migrator.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new ShotSyncException("migration script " + path + " is missing from the shotsync-jdbc jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ShotSyncException("could not read migration script " + path, e);
    }
  }

  /** Splits a script into statements: drops {@code --} comment lines, splits at a ';' that ends a line. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("--")) {
        continue;
      }
      if (t.endsWith(";")) {
        cur.append(t, 0, t.length() - 1);
        out.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(t).append('\n');
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }

  private static void sleepABit() {
    try {
      Thread.sleep(20 + ThreadLocalRandom.current().nextInt(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShotSyncException("interrupted while waiting for the schema migration lock");
    }
  }
}
