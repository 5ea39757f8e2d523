package io.shotsync.core.strategy;

import io.shotsync.api.spi.VersionContext;
import io.shotsync.api.spi.VersionDecision;
import io.shotsync.api.spi.VersionStrategy;

/** {@code latest}: each item fetches its own newest version (the default). */
public final class LatestVersionStrategy implements VersionStrategy {

  @Override
  public VersionDecision select(VersionContext c) {
    if (c.latest() == null) {
      return VersionDecision.skip("no version available on the server");
    }
    return VersionDecision.fetch(c.latest(), "latest of " + c.available().size() + " available is " + c.latest());
  }

  @Override
  public String id() {
    return "latest";
  }

  @Override
  public String description() {
    return "the newest version of each shot (recommended)";
  }
}
