package io.shotsync.core.strategy;

import io.shotsync.api.spi.ConflictContext;
import io.shotsync.api.spi.ConflictDecision;
import io.shotsync.api.spi.ConflictStrategy;

/** {@code skip}: an existing local file is left alone (the default; fastest, saves bandwidth). */
public final class SkipConflictStrategy implements ConflictStrategy {

  @Override
  public ConflictDecision decide(ConflictContext c) {
    return ConflictDecision.skip("exists locally");
  }

  /** Never reads the remote mtime: no MDTM is asked for it. */
  @Override
  public boolean comparesRemoteMtimes() {
    return false;
  }

  @Override
  public String id() {
    return "skip";
  }

  @Override
  public String description() {
    return "leave files that already exist locally";
  }
}
