package io.shotsync.core.internal.ftp;

import io.shotsync.api.Endpoint;
import io.shotsync.api.SyncOptions;

/** Opens {@link FtpPool}s. */
public final class FtpPools {
  private FtpPools() {}

  /** A pool of up to {@link SyncOptions#connections()} sessions to the endpoint; connects on the first borrow. */
  public static FtpPool open(Endpoint endpoint, SyncOptions options) {
    return new CommonsNetFtpPool(endpoint, options);
  }

  /** Like {@link #open(Endpoint, SyncOptions)} with a custom FTPS trust decision. */
  public static FtpPool open(Endpoint endpoint, SyncOptions options, FtpsTrust trust) {
    return new CommonsNetFtpPool(endpoint, options, trust);
  }
}
