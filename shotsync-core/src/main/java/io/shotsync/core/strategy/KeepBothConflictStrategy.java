package io.shotsync.core.strategy;

import io.shotsync.api.spi.ConflictContext;
import io.shotsync.api.spi.ConflictDecision;
import io.shotsync.api.spi.ConflictStrategy;

/**
 * {@code keep_both}: the existing file is renamed aside (it keeps its bytes under a name that never collides
 * and is never read as another version or frame) and the remote file is fetched, as the seed does.
 */
public final class KeepBothConflictStrategy implements ConflictStrategy {

  @Override
  public ConflictDecision decide(ConflictContext c) {
    return ConflictDecision.keepBoth("keep the existing file aside and fetch the remote one");
  }

  /** Never reads the remote mtime: no MDTM is asked for it. */
  @Override
  public boolean comparesRemoteMtimes() {
    return false;
  }

  @Override
  public String id() {
    return "keep_both";
  }

  @Override
  public String description() {
    return "rename existing files aside with a timestamp, then fetch (safest, uses more storage)";
  }
}
