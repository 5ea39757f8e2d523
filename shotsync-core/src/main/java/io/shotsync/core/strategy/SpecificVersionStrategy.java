package io.shotsync.core.strategy;

import io.shotsync.api.Version;
import io.shotsync.api.spi.VersionContext;
import io.shotsync.api.spi.VersionDecision;
import io.shotsync.api.spi.VersionStrategy;
import java.util.stream.Collectors;

/** {@code specific}: the same version for every item; items without it are skipped with the reason. */
public final class SpecificVersionStrategy implements VersionStrategy {

  @Override
  public VersionDecision select(VersionContext c) {
    Version wanted = c.specific();
    if (wanted == null) {
      return VersionDecision.skip("no specific version was given");
    }
    for (Version v : c.available()) {
      if (v.equals(wanted)) {
        return VersionDecision.fetch(v, "specific version " + v + " requested");
      }
    }
    return VersionDecision.skip("version " + wanted + " not available for " + c.item() + ", available: "
        + (c.available().isEmpty() ? "none"
            : c.available().stream().map(Version::toString).collect(Collectors.joining(", "))));
  }

  @Override
  public String id() {
    return "specific";
  }

  @Override
  public String description() {
    return "the same version for all shots; shots without it are skipped";
  }
}
