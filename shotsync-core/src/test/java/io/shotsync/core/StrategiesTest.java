package io.shotsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.ItemKey;
import io.shotsync.api.UnknownStrategyException;
import io.shotsync.api.Version;
import io.shotsync.api.spi.ConflictDecision;
import io.shotsync.api.spi.VersionContext;
import io.shotsync.api.spi.VersionDecision;
import io.shotsync.api.spi.VersionStrategy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrategiesTest {

  @Test
  void discoversTheEightBuiltInsByIdThroughServiceLoader() {
    Strategies s = Strategies.discover();
    assertThat(s.versionIds()).containsExactly("all", "custom", "latest", "specific");
    assertThat(s.conflictIds()).containsExactly("compare", "keep_both", "overwrite", "skip");
    assertThat(s.version("latest")).isInstanceOf(io.shotsync.core.strategy.LatestVersionStrategy.class);
    assertThat(s.conflict("keep_both")).isInstanceOf(io.shotsync.core.strategy.KeepBothConflictStrategy.class);
    assertThat(s.problems()).isEmpty();
  }

  @Test
  void unknownIdErrorListsTheKnownIds() {
    Strategies s = Strategies.discover();
    assertThatThrownBy(() -> s.version("newest"))
        .isInstanceOf(UnknownStrategyException.class)
        .hasMessage("unknown version strategy 'newest'; known: all, custom, latest, specific");
    assertThatThrownBy(() -> s.conflict("replace"))
        .isInstanceOf(UnknownStrategyException.class)
        .hasMessage("unknown conflict strategy 'replace'; known: compare, keep_both, overwrite, skip");
  }

  @Test
  void explicitRegistrationWinsOverDiscovery() {
    VersionStrategy oldest = c -> VersionDecision.fetch(c.available().get(0), "oldest");
    Strategies s = Strategies.discover().registerVersion("latest", oldest).registerVersion("oldest", oldest);
    assertThat(s.version("latest")).isSameAs(oldest);
    assertThat(s.versionIds()).contains("oldest");
    assertThat(s.registerConflict("never", c -> ConflictDecision.skip("never")).conflictIds()).contains("never");
    assertThatThrownBy(() -> s.registerVersion("two words", oldest)).hasMessageContaining("non-blank word");
  }

  @Test
  void aPluginJarOnTheClassPathAddsAStrategyById(@TempDir Path dir) throws Exception {
    Path jar = PluginJar.build(dir, "com.studio.ApprovedOnly", """
        package com.studio;
        import io.shotsync.api.spi.*;
        public final class ApprovedOnly implements VersionStrategy {
          public VersionDecision select(VersionContext c) {
            String approved = c.properties().getOrDefault("approved", "");
            return c.available().stream().filter(v -> v.text().equals(approved)).findFirst()
                .map(v -> VersionDecision.fetch(v, "approved"))
                .orElseGet(() -> VersionDecision.skip("no approved version"));
          }
          public String id() { return "approved"; }
        }
        """, Map.of("io.shotsync.api.spi.VersionStrategy", "com.studio.ApprovedOnly\n"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      Strategies s = Strategies.discover(loader);
      assertThat(s.versionIds()).containsExactly("all", "approved", "custom", "latest", "specific");
      VersionContext c = new VersionContext(ItemKey.parse("ep/sq/sh/anim"),
          List.of(Version.parse("v001"), Version.parse("v002")), Version.parse("v002"), null, null, null,
          Map.of("approved", "v001"), dir);
      assertThat(s.version("approved").select(c)).isEqualTo(VersionDecision.fetch(Version.parse("v001"), "approved"));
      assertThat(s.problems()).isEmpty();
    }
  }

  @Test
  void aBrokenProviderIsReportedAndTheRestStillLoad(@TempDir Path dir) throws Exception {
    Path jar = PluginJar.build(dir, "com.studio.Exploding", """
        package com.studio;
        import io.shotsync.api.spi.*;
        public final class Exploding implements ConflictStrategy {
          public Exploding() { throw new IllegalStateException("licence server down"); }
          public ConflictDecision decide(ConflictContext c) { return ConflictDecision.skip("x"); }
          public String id() { return "exploding"; }
        }
        """, Map.of("io.shotsync.api.spi.ConflictStrategy", "com.studio.Exploding\ncom.studio.Missing\n"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      Strategies s = Strategies.discover(loader);
      assertThat(s.conflictIds()).containsExactly("compare", "keep_both", "overwrite", "skip");
      assertThat(s.problems()).hasSize(2);
      assertThat(s.problems()).anySatisfy(p -> assertThat(p)
          .startsWith("broken conflict strategy provider skipped").contains("com.studio.Exploding")
          .contains("licence server down"));
      assertThat(s.problems()).anySatisfy(p -> assertThat(p).contains("com.studio.Missing"));
    }
  }

  @Test
  void aDuplicateIdIsReportedWithWhereEachCameFrom(@TempDir Path dir) throws Exception {
    Path jar = PluginJar.build(dir, "com.studio.MyLatest", """
        package com.studio;
        import io.shotsync.api.spi.*;
        public final class MyLatest implements VersionStrategy {
          public VersionDecision select(VersionContext c) { return VersionDecision.skip("mine"); }
          public String id() { return "latest"; }
        }
        """, Map.of("io.shotsync.api.spi.VersionStrategy", "com.studio.MyLatest\n"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      Strategies s = Strategies.discover(loader);
      assertThat(s.version("latest")).isInstanceOf(io.shotsync.core.strategy.LatestVersionStrategy.class);
      assertThat(s.problems()).singleElement().satisfies(p -> assertThat(p)
          .startsWith("duplicate version strategy id 'latest': com.studio.MyLatest from file:")
          .contains(jar.getFileName().toString()).contains("keeping io.shotsync.core.strategy.LatestVersionStrategy"));
    }
  }

  /** Compiles one class against the test class path and packs it with service files into a jar. */
  static final class PluginJar {
    static Path build(Path dir, String className, String source, Map<String, String> services) throws IOException {
      Path src = dir.resolve("src/" + className.replace('.', '/') + ".java");
      Files.createDirectories(src.getParent());
      Files.writeString(src, source);
      Path classes = Files.createDirectories(dir.resolve("classes"));
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
          src.toString());
      assertThat(rc).as("javac exit code").isZero();
      Path jar = dir.resolve(className.substring(className.lastIndexOf('.') + 1).toLowerCase() + "-plugin.jar");
      try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
        try (var walk = Files.walk(classes)) {
          for (Path p : walk.filter(Files::isRegularFile).toList()) {
            j.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
            j.write(Files.readAllBytes(p));
            j.closeEntry();
          }
        }
        for (Map.Entry<String, String> e : services.entrySet()) {
          j.putNextEntry(new JarEntry("META-INF/services/" + e.getKey()));
          j.write(e.getValue().getBytes(StandardCharsets.UTF_8));
          j.closeEntry();
        }
      }
      return jar;
    }
  }
}
