package io.shotsync.core.internal.endpoint;

import io.shotsync.core.EndpointConfig;
import io.shotsync.core.internal.ftp.Connections;
import io.shotsync.core.internal.ftp.FtpPool;
import io.shotsync.core.internal.ftp.FtpPools;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connections of each endpoint, opened on first use and shared by its scans, dry runs and transfers. */
public final class ConnectionPools implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionPools.class);

  private final Endpoints endpoints;
  private final Map<String, Connections> connections = new ConcurrentHashMap<>();

  /** Pools for these endpoints. */
  public ConnectionPools(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  /**
   * The connections of an endpoint, with as many permits as its options ask for.
   *
   * @throws io.shotsync.api.NotFoundException when the endpoint is unknown
   */
  public Connections of(String endpointId) {
    return connections.computeIfAbsent(endpointId, id -> {
      EndpointConfig c = endpoints.config(id);
      FtpPool pool = FtpPools.open(c.endpoint(), c.options());
      return new Connections(pool, c.options().connections());
    });
  }

  /** Closes every pool opened. */
  @Override
  public void close() {
    for (Connections c : connections.values()) {
      try {
        c.pool().close();
      } catch (RuntimeException e) {
        LOG.debug("closing a pool failed: {}", e.toString());
      }
    }
  }
}
