package io.shotsync.core.internal.transfer;

import io.shotsync.api.RemoteEntry;
import io.shotsync.api.RemoteException;
import io.shotsync.core.internal.ftp.Connections;
import io.shotsync.core.internal.plan.RemoteTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Asks the server for a file's exact mtime ({@code MDTM}) on a pooled connection; the same lookup serves a dry run and
 * the run, so both hand a conflict strategy the same time. Where the server has no MDTM, or it fails, the listing's
 * mtime stands.
 */
public final class ExactMtimes implements RemoteTimes {
  private final Connections connections;
  private final String remoteRoot;
  private final BooleanSupplier cancelled;
  private final Consumer<String> log;

  /**
   * A lookup over these connections.
   *
   * @param remoteRoot the endpoint root entry paths are relative to
   * @param cancelled true when the caller gives up waiting for a connection
   * @param log where one DEBUG line per answer goes
   */
  public ExactMtimes(Connections connections, String remoteRoot, BooleanSupplier cancelled, Consumer<String> log) {
    this.connections = connections;
    this.remoteRoot = remoteRoot;
    this.cancelled = cancelled;
    this.log = log;
  }

  @Override
  public RemoteEntry exact(RemoteEntry r) {
    if (!connections.pool().capabilities().mdtm()) {
      return r;
    }
    Connections.Lease lease = connections.acquire(cancelled);
    if (lease == null) {
      throw new CancelledException("cancelled while asking the mtime of " + r.path());
    }
    String abs = remoteRoot.endsWith("/") ? remoteRoot + r.path() : remoteRoot + "/" + r.path();
    try {
      Instant exact = lease.session().modificationTime(abs);
      if (exact == null) {
        return r;
      }
      log.accept("MDTM " + r.path() + ": " + exact + " (listing said " + r.modified() + " within " + r.precision()
          + ")");
      return RemoteEntry.file(r.path(), r.size(), exact, Duration.ZERO);
    } catch (RemoteException e) {
      if (e.isRetryable()) {
        lease.broken();
      }
      log.accept("MDTM failed for " + r.path() + ", using the listing's mtime: " + e.getMessage());
      return r;
    } finally {
      lease.release();
    }
  }
}
