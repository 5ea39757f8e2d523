package io.shotsync.core.strategy;

import io.shotsync.api.spi.ConflictContext;
import io.shotsync.api.spi.ConflictDecision;
import io.shotsync.api.spi.ConflictStrategy;

/** {@code overwrite}: always fetch and replace existing files (ensures fresh copies). */
public final class OverwriteConflictStrategy implements ConflictStrategy {

  @Override
  public ConflictDecision decide(ConflictContext c) {
    return ConflictDecision.overwrite("overwrite requested");
  }

  /** Never reads the remote mtime: no MDTM is asked for it. */
  @Override
  public boolean comparesRemoteMtimes() {
    return false;
  }

  @Override
  public String id() {
    return "overwrite";
  }

  @Override
  public String description() {
    return "always fetch and replace existing files";
  }
}
