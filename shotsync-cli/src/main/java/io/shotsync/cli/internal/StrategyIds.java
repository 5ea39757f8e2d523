package io.shotsync.cli.internal;

import io.shotsync.core.Strategies;
import java.util.Iterator;

/** The strategy ids the registry discovers, for help texts: a plugin jar on the class path adds its own. */
public final class StrategyIds {
  private StrategyIds() {}

  /** Version strategy ids. */
  public static final class Version implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Strategies.discover().versionIds().iterator();
    }
  }

  /** Conflict strategy ids. */
  public static final class Conflict implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Strategies.discover().conflictIds().iterator();
    }
  }
}
