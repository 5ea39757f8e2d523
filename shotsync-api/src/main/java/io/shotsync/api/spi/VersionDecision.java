package io.shotsync.api.spi;

import io.shotsync.api.Version;
import java.util.List;
import java.util.Objects;

/** A {@link VersionStrategy}'s answer: fetch these versions, or skip the item with a reason. */
public sealed interface VersionDecision {

  /** Fetch these versions (at least one), with a reason for the log. */
  record Fetch(List<Version> versions, String reason) implements VersionDecision {
    /** Checks and copies. */
    public Fetch {
      versions = List.copyOf(versions);
      Objects.requireNonNull(reason, "reason");
      if (versions.isEmpty()) {
        throw new IllegalArgumentException("a fetch decision needs at least one version; skip instead");
      }
    }
  }

  /** Skip the item; the reason becomes the item's message. */
  record Skip(String reason) implements VersionDecision {
    /** Checks. */
    public Skip {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Fetch one version. */
  static VersionDecision fetch(Version version, String reason) {
    return new Fetch(List.of(version), reason);
  }

  /** Fetch several versions. */
  static VersionDecision fetch(List<Version> versions, String reason) {
    return new Fetch(versions, reason);
  }

  /** Skip with a reason. */
  static VersionDecision skip(String reason) {
    return new Skip(reason);
  }
}
