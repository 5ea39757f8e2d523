package io.shotsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module descriptor registers exactly what META-INF/services does, so both loading paths agree. */
class ModuleDescriptorTest {

  @Test
  void moduleInfoProvidesEveryBuiltInListedInMetaInfServices() throws Exception {
    ModuleDescriptor d = ModuleFinder.of(Path.of("target/classes")).find("io.shotsync.core").orElseThrow()
        .descriptor();
    assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source))
        .containsExactlyInAnyOrder("io.shotsync.core", "io.shotsync.core.strategy");
    for (ModuleDescriptor.Provides p : d.provides()) {
      String listed;
      try (var in = getClass().getResourceAsStream("/META-INF/services/" + p.service())) {
        assertThat(in).as("META-INF/services/" + p.service()).isNotNull();
        listed = new String(in.readAllBytes());
      }
      Set<String> inFile = listed.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .collect(Collectors.toSet());
      assertThat(Set.copyOf(p.providers())).as(p.service()).isEqualTo(inFile);
    }
    assertThat(d.provides().stream().map(ModuleDescriptor.Provides::service))
        .contains("io.shotsync.api.spi.VersionStrategy", "io.shotsync.api.spi.ConflictStrategy");
  }
}
