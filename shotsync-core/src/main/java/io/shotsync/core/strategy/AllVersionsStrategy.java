package io.shotsync.core.strategy;

import io.shotsync.api.spi.VersionContext;
import io.shotsync.api.spi.VersionDecision;
import io.shotsync.api.spi.VersionStrategy;

/** {@code all}: every available version, each in its own folder or file set. */
public final class AllVersionsStrategy implements VersionStrategy {

  @Override
  public VersionDecision select(VersionContext c) {
    if (c.available().isEmpty()) {
      return VersionDecision.skip("no version available on the server");
    }
    return VersionDecision.fetch(c.available(), "all " + c.available().size() + " available versions");
  }

  @Override
  public String id() {
    return "all";
  }

  @Override
  public String description() {
    return "every available version of each shot";
  }
}
