package io.shotsync.core.strategy;

import io.shotsync.api.Version;
import io.shotsync.api.spi.VersionContext;
import io.shotsync.api.spi.VersionDecision;
import io.shotsync.api.spi.VersionStrategy;

/**
 * {@code custom}: the version picked for each item; an item with no pick takes its latest, as the seed does.
 * A pick the server does not have skips the item with the reason.
 */
public final class CustomVersionStrategy implements VersionStrategy {

  @Override
  public VersionDecision select(VersionContext c) {
    Version picked = c.selected();
    if (picked == null) {
      if (c.latest() == null) {
        return VersionDecision.skip("no version picked and none available on the server");
      }
      return VersionDecision.fetch(c.latest(), "no version picked; latest is " + c.latest());
    }
    for (Version v : c.available()) {
      if (v.equals(picked)) {
        return VersionDecision.fetch(v, "version " + v + " picked for " + c.item());
      }
    }
    return VersionDecision.skip("picked version " + picked + " not available for " + c.item());
  }

  @Override
  public String id() {
    return "custom";
  }

  @Override
  public String description() {
    return "a version picked per shot (--select SHOT/DEPT=vNNN); latest where none is picked";
  }
}
