package io.shotsync.jdbc.internal;

import io.shotsync.api.Endpoint;
import io.shotsync.api.spi.TaskStore.StoredStructure;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Endpoints ({@code shotsync_endpoints}, never their passwords) and their scanned structures. */
public final class EndpointDao {
  private static final String SELECT = "SELECT id, host, port, user_name, root_path, ftps, trust"
      + " FROM shotsync_endpoints";

  private final Db db;
  private final String endpointUpsert;
  private final String structureUpsert;

  /** The endpoints in {@code db}. */
  public EndpointDao(Db db) {
    this.db = db;
    this.endpointUpsert = db.sql().upsert("shotsync_endpoints", List.of("id", "host", "port", "user_name",
        "root_path", "ftps", "trust", "updated_at"), List.of("id"));
    this.structureUpsert = db.sql().upsert("shotsync_structures", List.of("endpoint_id", "structure_json",
        "scanned_at"), List.of("endpoint_id"));
  }

  /** Inserts or replaces an endpoint, without its password. */
  public void save(Endpoint endpoint) {
    db.write("save endpoint " + endpoint.id(), c -> {
      try (PreparedStatement ps = c.prepareStatement(endpointUpsert)) {
        // the password is not among the columns, and never will be
        ps.setString(1, endpoint.id());
        ps.setString(2, endpoint.host());
        ps.setInt(3, endpoint.port());
        ps.setString(4, endpoint.user());
        ps.setString(5, endpoint.root());
        ps.setBoolean(6, endpoint.ftps());
        ps.setString(7, endpoint.trust());
        db.sql().setInstant(ps, 8, db.clock().instant());
        ps.executeUpdate();
      }
    });
  }

  /** The endpoint with this id. */
  public Optional<Endpoint> endpoint(String id) {
    return db.read("read endpoint " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(map(rs)) : Optional.<Endpoint>empty();
        }
      }
    });
  }

  /** Every endpoint, by id. */
  public List<Endpoint> endpoints() {
    return db.read("list endpoints", c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY id")) {
        return Sql.list(ps, EndpointDao::map);
      }
    });
  }

  /** Inserts or replaces the scanned structure of an endpoint. */
  public void saveStructure(String endpointId, String json, Instant scannedAt) {
    db.write("save the structure of " + endpointId, c -> {
      try (PreparedStatement ps = c.prepareStatement(structureUpsert)) {
        ps.setString(1, endpointId);
        ps.setString(2, json);
        db.sql().setInstant(ps, 3, scannedAt);
        ps.executeUpdate();
      }
    });
  }

  /** The scanned structure of an endpoint. */
  public Optional<StoredStructure> structure(String endpointId) {
    return db.read("read the structure of " + endpointId, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT structure_json, scanned_at FROM shotsync_structures WHERE endpoint_id = ?")) {
        ps.setString(1, endpointId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.<StoredStructure>empty();
          }
          return Optional.of(new StoredStructure(endpointId, rs.getString(1),
              Objects.requireNonNull(db.sql().getInstant(rs, "scanned_at"))));
        }
      }
    });
  }

  /** When the structure of an endpoint was scanned, without reading it. */
  public Optional<Instant> structureScannedAt(String endpointId) {
    return db.read("read when the structure of " + endpointId + " was scanned", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT scanned_at FROM shotsync_structures WHERE endpoint_id = ?")) {
        ps.setString(1, endpointId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.ofNullable(db.sql().getInstant(rs, "scanned_at")) : Optional.<Instant>empty();
        }
      }
    });
  }

  private static Endpoint map(ResultSet rs) throws SQLException {
    return new Endpoint(rs.getString("id"), rs.getString("host"), rs.getInt("port"), rs.getString("user_name"),
        null, rs.getString("root_path"), rs.getBoolean("ftps"), rs.getString("trust"));
  }
}
