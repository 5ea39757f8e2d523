package io.shotsync.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest. */
final class VersionInfo implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"shotsync " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
  }
}
