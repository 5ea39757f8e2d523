package io.shotsync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration grammar that options, command flags and HTTP fields share. */
class DurationGrammarTest {

  @ParameterizedTest
  @CsvSource({
      "500ms, PT0.5S",
      "30s, PT30S",
      "5m, PT5M",
      "1h, PT1H",
      "7d, PT168H",
      "1h30m, PT1H30M",
      "2d12h, PT60H",
      "1m30s250ms, PT1M30.25S",
      "10M, PT10M",
      "PT5M, PT5M",
      "P1D, PT24H",
      "' 90s ', PT1M30S",
  })
  void readsUnitsAndIso(String text, String iso) {
    assertThat(SyncOptions.parseDuration("delay", text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 minutes", "-5m", "PT-5M", "m", "5m1h", "1.5h", "5y", "99999999999s"})
  void refusesAnythingElseNamingTheValue(String text) {
    assertThatThrownBy(() -> SyncOptions.parseDuration("option delay", text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("malformed option delay '")
        .hasMessageContaining("expected a duration like 30s, 500ms, 5m, 1h30m, 7d or PT30S");
  }
}
