package io.shotsync.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.ItemKey;
import io.shotsync.api.Version;
import io.shotsync.api.spi.VersionContext;
import io.shotsync.api.spi.VersionDecision;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The decision table of the four built-in version strategies, with the seed's scenarios. */
class VersionStrategiesTest {
  private static final ItemKey ITEM = ItemKey.parse("ep01/sq010/sh0010/anim");

  private static List<Version> versions(String... v) {
    return Arrays.stream(v).map(Version::parse).toList();
  }

  private static VersionContext ctx(List<Version> available, @Nullable Version specific, @Nullable Version selected) {
    Version latest = available.isEmpty() ? null : available.get(available.size() - 1);
    return new VersionContext(ITEM, available, latest, null, specific, selected, Map.of(), Path.of("/tmp/x"));
  }

  @Test
  void latestTakesEachItemsOwnNewest() {
    VersionDecision d = new LatestVersionStrategy().select(ctx(versions("v001", "v9", "v10"), null, null));
    assertThat(d).isInstanceOfSatisfying(VersionDecision.Fetch.class,
        f -> assertThat(f.versions()).containsExactly(Version.parse("v10")));
  }

  @Test
  void latestSkipsAnItemWithNoVersions() {
    VersionDecision d = new LatestVersionStrategy().select(ctx(List.of(), null, null));
    assertThat(d).isInstanceOfSatisfying(VersionDecision.Skip.class,
        s -> assertThat(s.reason()).contains("no version available"));
  }

  @Test
  void specificFetchesTheVersionWhereItExistsWhateverThePadding() {
    VersionDecision d = new SpecificVersionStrategy().select(
        ctx(versions("v003", "v005", "v007"), Version.parse("v5"), null));
    assertThat(d).isInstanceOfSatisfying(VersionDecision.Fetch.class,
        f -> assertThat(f.versions()).extracting(Version::text).containsExactly("v005"));
  }

  @Test
  void specificSkipsWithAReasonNamingWhatIsAvailable() {
    VersionDecision d = new SpecificVersionStrategy().select(
        ctx(versions("v001", "v002"), Version.parse("v005"), null));
    assertThat(d).isInstanceOfSatisfying(VersionDecision.Skip.class, s -> assertThat(s.reason())
        .isEqualTo("version v005 not available for ep01/sq010/sh0010/anim, available: v001, v002"));
  }

  @Test
  void allFetchesEveryVersionInOrder() {
    VersionDecision d = new AllVersionsStrategy().select(ctx(versions("v001", "v002", "v010"), null, null));
    assertThat(d).isInstanceOfSatisfying(VersionDecision.Fetch.class,
        f -> assertThat(f.versions()).extracting(Version::text).containsExactly("v001", "v002", "v010"));
    assertThat(new AllVersionsStrategy().select(ctx(List.of(), null, null))).isInstanceOf(VersionDecision.Skip.class);
  }

  @Test
  void customFetchesThePickAndFallsBackToLatest() {
    CustomVersionStrategy custom = new CustomVersionStrategy();
    assertThat(custom.select(ctx(versions("v001", "v002", "v003"), null, Version.parse("v002"))))
        .isInstanceOfSatisfying(VersionDecision.Fetch.class,
            f -> assertThat(f.versions()).containsExactly(Version.parse("v002")));
    assertThat(custom.select(ctx(versions("v001", "v002", "v003"), null, null)))
        .isInstanceOfSatisfying(VersionDecision.Fetch.class,
            f -> assertThat(f.versions()).containsExactly(Version.parse("v003")));
    assertThat(custom.select(ctx(versions("v001"), null, Version.parse("v004"))))
        .isInstanceOfSatisfying(VersionDecision.Skip.class,
            s -> assertThat(s.reason()).contains("picked version v004 not available"));
  }
}
