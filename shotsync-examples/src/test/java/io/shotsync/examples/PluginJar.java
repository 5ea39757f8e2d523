package io.shotsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/** Where the build put the "approved" plugin jar and the CLI jar, and a loader that holds the plugin. */
final class PluginJar {
  private PluginJar() {}

  /** The plugin jar that the build made before the tests ran (see the pom's approved-plugin execution). */
  static Path path() {
    Path jar = Path.of(System.getProperty("examples.pluginJar",
        "target/shotsync-examples-0.1.0-SNAPSHOT-approved-plugin.jar")).toAbsolutePath();
    assertThat(jar).as("the approved plugin jar; build with mvn process-classes or later").isRegularFile();
    return jar;
  }

  /** A loader with the plugin jar over the test's class path, the way a host adds a studio's plugin. */
  static URLClassLoader loader() {
    try {
      return new URLClassLoader("approved-plugin", new URL[] {path().toUri().toURL()},
          PluginJar.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The CLI's runnable jar, which the reactor builds before this module's tests. */
  static Path cliJar() {
    return Path.of(System.getProperty("examples.cliJar", "../shotsync-cli/target/shotsync.jar"))
        .toAbsolutePath().normalize();
  }

  /** The directory of the scripts. */
  static Path scripts() {
    return Path.of(System.getProperty("examples.scripts", "src/main/scripts")).toAbsolutePath();
  }
}
