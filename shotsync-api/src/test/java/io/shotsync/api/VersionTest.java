package io.shotsync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

  @Test
  void parsesPaddedAndUnpaddedSpellingsAndKeepsThem() {
    assertThat(Version.parse("v001").number()).isEqualTo(1);
    assertThat(Version.parse("v12").number()).isEqualTo(12);
    assertThat(Version.parse("V0010").number()).isEqualTo(10);
    assertThat(Version.parse("V0010").text()).isEqualTo("V0010");
    assertThat(Version.parse("v001")).hasToString("v001");
  }

  @Test
  void comparesByNumberNeverAsStrings() {
    List<Version> versions = new ArrayList<>(List.of(
        Version.parse("v011"), Version.parse("v10"), Version.parse("v9"), Version.parse("v002")));
    versions.sort(null);
    assertThat(versions).extracting(Version::text).containsExactly("v002", "v9", "v10", "v011");
    assertThat(Version.parse("v9")).isLessThan(Version.parse("v10"));
    assertThat(Version.parse("v10")).isLessThan(Version.parse("v011"));
  }

  @Test
  void paddingDoesNotChangeIdentity() {
    assertThat(Version.parse("v5")).isEqualTo(Version.parse("v005"));
    assertThat(Version.parse("v5").hashCode()).isEqualTo(Version.parse("V0005").hashCode());
    assertThat(Version.parse("v5")).isNotEqualTo(Version.parse("v50"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "v", "001", "version1", "v1a", "v-1", " v001", "v001 ", "vv1", "v1.2", "v1234567890"})
  void rejectsGarbageWithTheInputInTheMessage(String input) {
    assertThatThrownBy(() -> Version.parse(input))
        .isInstanceOf(InvalidInputException.class)
        .isInstanceOf(ShotSyncException.class)
        .hasMessageContaining("malformed version '" + input + "'")
        .hasMessageContaining("like v001");
  }

  @Test
  void controlCharactersInBadInputAreShownEscaped() {
    assertThatThrownBy(() -> Version.parse("v1\r\nDELE x"))
        .hasMessageContaining("v1\\u000d\\u000aDELE x")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n"));
  }

  @Test
  void tryParseAnswersNullForGarbage() {
    assertThat(Version.tryParse("v3")).isEqualTo(Version.of(3));
    assertThat(Version.tryParse("final")).isNull();
    assertThat(Version.tryParse(null)).isNull();
  }

  @Test
  void ofPadsToThreeDigits() {
    assertThat(Version.of(5).text()).isEqualTo("v005");
    assertThat(Version.of(1234).text()).isEqualTo("v1234");
    assertThatThrownBy(() -> Version.of(-1)).isInstanceOf(InvalidInputException.class);
  }
}
