package io.shotsync.core.strategy;

import io.shotsync.api.spi.ConflictContext;
import io.shotsync.api.spi.ConflictDecision;
import io.shotsync.api.spi.ConflictStrategy;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code compare}: fetch again when the size differs or the remote file is newer than the local one
 * by more than the remote mtime's precision; otherwise skip ("same size and mtime", or "same size, local is
 * newer", each with both times in parentheses).
 */
public final class CompareConflictStrategy implements ConflictStrategy {

  @Override
  public ConflictDecision decide(ConflictContext c) {
    long remoteSize = c.remote().size();
    if (remoteSize != c.localSize()) {
      return ConflictDecision.overwrite("size differs: remote " + remoteSize + " bytes, local " + c.localSize());
    }
    Instant remote = c.remote().modified();
    if (remote == null) {
      return ConflictDecision.skip("same size, remote mtime unknown");
    }
    Duration precision = c.remote().precision();
    // Local mtimes are set from the remote at the precision the server gives; anything within that window
    // (plus a second of file-system rounding) counts as the same time.
    Duration tolerance = precision.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : precision;
    if (remote.isAfter(c.localModified().plus(tolerance))) {
      return ConflictDecision.overwrite("remote newer: " + remote + " after local " + c.localModified()
          + " (precision " + precision + ")");
    }
    String times = " (remote " + remote + ", local " + c.localModified() + ")";
    if (c.localModified().isAfter(remote.plus(tolerance))) {
      return ConflictDecision.skip("same size, local is newer" + times);
    }
    return ConflictDecision.skip("same size and mtime" + times);
  }

  /** Compares remote mtimes: a coarse one is made exact (MDTM) before deciding. */
  @Override
  public boolean comparesRemoteMtimes() {
    return true;
  }

  @Override
  public String id() {
    return "compare";
  }

  @Override
  public String description() {
    return "fetch only files whose size differs or whose remote copy is newer";
  }
}
