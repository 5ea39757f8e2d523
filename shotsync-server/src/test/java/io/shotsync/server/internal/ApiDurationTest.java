package io.shotsync.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** HTTP duration fields read the library's one grammar and name the field when a value is malformed. */
class ApiDurationTest {

  @Test
  void readsTheLibrarysGrammar() {
    assertThat(ApiJson.parseDuration("olderThan", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(ApiJson.parseDuration("olderThan", "7d")).isEqualTo(Duration.ofDays(7));
    assertThat(ApiJson.parseDuration("olderThan", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(ApiJson.parseDuration("olderThan", "PT5M")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aMalformedDurationIsABadFieldNamingIt() {
    ApiException e = catchThrowableOfType(ApiException.class, () -> ApiJson.parseDuration("olderThan", "-5m"));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.field()).isEqualTo("olderThan");
    assertThat(e.getMessage()).contains("malformed 'olderThan' '-5m'").contains("1h30m");
  }
}
