package io.shotsync.core.internal.plan;

import io.shotsync.api.RemoteEntry;

/** Makes a remote entry's coarse mtime exact (MDTM), for a conflict strategy that compares remote mtimes. */
@FunctionalInterface
public interface RemoteTimes {
  /** Asks nothing: the listing's mtime stands. */
  RemoteTimes LISTING = e -> e;

  /** The entry with its exact mtime, or the entry as it is when the server cannot tell. */
  RemoteEntry exact(RemoteEntry coarse);
}
