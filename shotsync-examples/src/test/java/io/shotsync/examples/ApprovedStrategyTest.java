package io.shotsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.ItemKey;
import io.shotsync.api.Version;
import io.shotsync.api.spi.VersionContext;
import io.shotsync.api.spi.VersionDecision;
import io.shotsync.api.spi.VersionStrategy;
import io.shotsync.core.Strategies;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin jar's "approved" strategy, found by id through ServiceLoader and asked item by item. */
class ApprovedStrategyTest {
  private static final ItemKey ANIM = ItemKey.parse("ep01/sq010/sh0010/anim");
  private static final ItemKey LIGHTING = ItemKey.parse("ep01/sq010/sh0010/lighting");
  private static final List<Version> V123 = List.of(Version.of(1), Version.of(2), Version.of(3));

  private static URLClassLoader loader;
  private static VersionStrategy approved;

  @BeforeAll
  static void loadThePlugin() {
    loader = PluginJar.loader();
    Strategies strategies = Strategies.discover(loader);
    assertThat(strategies.problems()).isEmpty();
    approved = strategies.version("approved");
  }

  @AfterAll
  static void closeTheLoader() throws Exception {
    loader.close();
  }

  @Test
  void isFoundByIdOnlyWhereItsJarIsOnTheClassPath() {
    assertThat(Strategies.discover(loader).versionIds()).contains("approved", "latest", "specific", "all", "custom");
    assertThat(Strategies.discover().versionIds()).doesNotContain("approved");
    assertThat(approved.id()).isEqualTo("approved");
    assertThat(approved.getClass().getClassLoader()).isSameAs(loader);
    assertThat(approved.description()).contains("approved.file");
  }

  @Test
  void fetchesTheApprovedVersionFromTheTextFileUnderTheLocalRoot(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("approved.txt"), """
        # approved by the sequence supervisor
        ep01/sq010/sh0010/anim = v002
        """);

    VersionDecision d = approved.select(context(ANIM, V123, Map.of(), root));

    assertThat(d).isEqualTo(VersionDecision.fetch(Version.of(2), "approved v002 in approved.txt"));
  }

  @Test
  void skipsItemsWithoutAnApprovedVersionOrWhoseApprovedVersionIsNotServed(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("approved.txt"), "ep01/sq010/sh0010/anim=v007\n");

    assertThat(approved.select(context(ANIM, V123, Map.of(), root)))
        .isEqualTo(VersionDecision.skip("approved version v007 of ep01/sq010/sh0010/anim is not on the server; "
            + "available: v001, v002, v003"));
    assertThat(approved.select(context(LIGHTING, V123, Map.of(), root)))
        .isEqualTo(VersionDecision.skip("no approved version of ep01/sq010/sh0010/lighting in "
            + root.resolve("approved.txt").toAbsolutePath()));
  }

  @Test
  void readsAJsonFileNamedByTheTaskPropertyRelativeToTheLocalRoot(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("review"));
    Files.writeString(root.resolve("review/dailies.json"), """
        {"ep01/sq010/sh0010/anim": "v003", "ep01/sq010/sh0010/lighting": "v001"}
        """);
    Map<String, String> props = Map.of("approved.file", "review/dailies.json");

    assertThat(approved.select(context(ANIM, V123, props, root)))
        .isEqualTo(VersionDecision.fetch(Version.of(3), "approved v003 in dailies.json"));
    assertThat(approved.select(context(LIGHTING, V123, props, root)))
        .isEqualTo(VersionDecision.fetch(Version.of(1), "approved v001 in dailies.json"));
  }

  @Test
  void aMissingOrMalformedFileSkipsWithAReasonAndAFixedFileIsReadAgain(@TempDir Path root) throws Exception {
    assertThat(approved.select(context(ANIM, V123, Map.of(), root)))
        .isInstanceOf(VersionDecision.Skip.class)
        .extracting(d -> ((VersionDecision.Skip) d).reason()).asString()
        .startsWith("no approvals file: set the task property approved.file");

    Path file = root.resolve("approved.txt");
    Files.writeString(file, "ep01/sq010/sh0010/anim = v002\nep01/sq010/sh0010/anim v003\n");
    assertThat(approved.select(context(ANIM, V123, Map.of(), root)))
        .isEqualTo(VersionDecision.skip("approvals file " + file.toAbsolutePath()
            + " line 2: expected episode/sequence/shot/department = vNNN"));

    Files.writeString(file, "ep01/sq010/sh0010/anim = v1a\n");
    assertThat(((VersionDecision.Skip) approved.select(context(ANIM, V123, Map.of(), root))).reason())
        .contains("line 1: malformed version 'v1a'");

    Files.writeString(file, "ep01/sq010/sh0010/anim = v003 # re-approved after notes\n");
    assertThat(approved.select(context(ANIM, V123, Map.of(), root)))
        .isEqualTo(VersionDecision.fetch(Version.of(3), "approved v003 in approved.txt"));
  }

  private static VersionContext context(ItemKey item, List<Version> available, Map<String, String> props, Path root) {
    return new VersionContext(item, available, available.isEmpty() ? null : available.get(available.size() - 1),
        null, null, null, props, root);
  }
}
