package io.shotsync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.event.LogLevel;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelTest {

  @Test
  void shotKeyParsesAndPrintsItsPath() {
    ShotKey k = ShotKey.parse("ep01/sq010/sh0010");
    assertThat(k.episode()).isEqualTo("ep01");
    assertThat(k.sequence()).isEqualTo("sq010");
    assertThat(k.shot()).isEqualTo("sh0010");
    assertThat(k).hasToString("ep01/sq010/sh0010");
  }

  @Test
  void shotKeyRefusesHostileOrMalformedParts() {
    assertThatThrownBy(() -> ShotKey.parse("ep01/sq010")).hasMessageContaining("expected episode/sequence/shot");
    assertThatThrownBy(() -> ShotKey.parse("ep01/../sh0010")).hasMessageContaining("malformed sequence name '..'");
    assertThatThrownBy(() -> new ShotKey("ep01", "sq\\1", "sh1")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new ShotKey("ep01", "sq1", "")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void itemKeyRoundTrips() {
    ItemKey k = ItemKey.parse("ep01/sq010/sh0010/lighting");
    assertThat(k.department()).isEqualTo(Department.LIGHTING);
    assertThat(ItemKey.parse(k.toString())).isEqualTo(k);
    assertThatThrownBy(() -> ItemKey.parse("anim")).hasMessageContaining("expected episode/sequence/shot/department");
  }

  @Test
  void departmentIsAnOpenSetOfLowerCaseNames() {
    assertThat(Department.of("fx")).isEqualTo(new Department("fx"));
    assertThatThrownBy(() -> Department.of("Anim")).hasMessageContaining("malformed department name 'Anim'");
    assertThatThrownBy(() -> Department.of("../x")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void selectionMatchesGlobsWithinAndAcrossSegments() {
    Selection s = Selection.shots("ep01/*/sh00?0", "ep02/**");
    assertThat(s.matches(ShotKey.parse("ep01/sq010/sh0010"))).isTrue();
    assertThat(s.matches(ShotKey.parse("ep01/sq010/sh0011"))).isFalse();
    assertThat(s.matches(ShotKey.parse("ep02/sq020/sh9999"))).isTrue();
    assertThat(s.matches(ShotKey.parse("ep03/sq020/sh0010"))).isFalse();
    assertThat(Selection.all().matches(ShotKey.parse("ep03/sq020/sh0010"))).isTrue();
    assertThat(s.departments(Department.ANIM).matches(Department.LIGHTING)).isFalse();
    assertThat(s.matches(Department.LIGHTING)).isTrue();
  }

  @Test
  void endpointFromUrlNeverShowsThePassword() {
    Endpoint e = Endpoint.fromUrl("studio", "ftp://anna:s3cret@ftp.example.com:2121/shows/abc/");
    assertThat(e.user()).isEqualTo("anna");
    assertThat(e.password()).isNotNull();
    assertThat(e.password().reveal()).isEqualTo("s3cret");
    assertThat(e.port()).isEqualTo(2121);
    assertThat(e.root()).isEqualTo("/shows/abc");
    assertThat(e.toString()).doesNotContain("s3cret");
    assertThat(e.url()).isEqualTo("ftp://anna@ftp.example.com:2121/shows/abc");
    assertThat(String.valueOf(e.password())).isEqualTo("******");
    assertThat(Endpoint.urlHasPassword("ftp://anna:s3cret@h/")).isTrue();
    assertThat(Endpoint.urlHasPassword("ftp://anna@h/")).isFalse();
  }

  @Test
  void endpointDefaultsAndErrors() {
    Endpoint e = Endpoint.fromUrl("x", "ftps://files.local");
    assertThat(e.ftps()).isTrue();
    assertThat(e.user()).isEqualTo("anonymous");
    assertThat(e.port()).isEqualTo(21);
    assertThat(e.root()).isEqualTo("/");
    assertThatThrownBy(() -> Endpoint.fromUrl("x", "http://anna:pw@host/"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unsupported URL")
        .satisfies(t -> assertThat(t.getMessage()).doesNotContain(":pw@"));
    assertThatThrownBy(() -> Endpoint.fromUrl("x", "ftp://host:99999/")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void specificStrategyNeedsAVersion() {
    assertThatThrownBy(() -> TaskSpec.builder("e").versionStrategy("specific").build())
        .hasMessageContaining("needs a specific version");
    TaskSpec spec = TaskSpec.builder("e").specificVersion(Version.parse("v005")).conflictStrategy("compare").build();
    assertThat(spec.versionStrategy()).isEqualTo("specific");
    assertThat(spec.toBuilder().build()).isEqualTo(spec);
  }

  @Test
  void fileStatsCountEachAction() {
    FileStats s = FileStats.ZERO;
    for (FileAction a : FileAction.values()) {
      s = s.plus(a);
    }
    s = s.plus(FileAction.SKIPPED);
    assertThat(s.skipped()).isEqualTo(2);
    assertThat(s.transferred()).isEqualTo(4);
    assertThat(s.total()).isEqualTo(7);
    assertThat(s.plus(s).count(FileAction.KEPT_BOTH)).isEqualTo(2);
  }

  @Test
  void taskTransitionsKeepIdentity() {
    Task t = Task.create("id1", TaskSpec.builder("e").build(), Instant.EPOCH);
    Task running = t.started(Instant.EPOCH.plusSeconds(1));
    assertThat(running.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(running.attempts()).isEqualTo(1);
    Task done = running.finished(TaskStatus.PARTIAL, Instant.EPOCH.plusSeconds(2), "1 item failed");
    assertThat(done.status().isFinal()).isTrue();
    assertThat(done.startedAt()).isEqualTo(Instant.EPOCH.plusSeconds(1));
    assertThat(done.message()).isEqualTo("1 item failed");
  }

  @Test
  void logLevelsParseAndOrder() {
    assertThat(LogLevel.parse("warning")).isEqualTo(LogLevel.WARN);
    assertThat(LogLevel.ERROR.atLeast(LogLevel.WARN)).isTrue();
    assertThat(LogLevel.DEBUG.atLeast(LogLevel.INFO)).isFalse();
    assertThatThrownBy(() -> LogLevel.parse("loud")).hasMessageContaining("unknown log level 'loud'");
  }
}
