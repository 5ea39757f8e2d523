package io.shotsync.core.internal.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.Department;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.ShotKey;
import io.shotsync.api.Version;
import io.shotsync.core.Structure;
import io.shotsync.core.Structure.DepartmentNode;
import io.shotsync.core.Structure.ShotNode;
import io.shotsync.core.Structure.VersionNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructureJsonTest {

  static Structure sample() {
    String dir = "ep01/sq010/sh0010/anim/publish";
    VersionNode v9 = VersionNode.of(Version.parse("v9"), List.of(
        RemoteEntry.file(dir + "/v9/scene.ma", 9000, Instant.parse("2024-03-05T10:15:30.123Z"), Duration.ZERO)));
    VersionNode v010 = VersionNode.of(Version.parse("v010"), List.of(
        RemoteEntry.file(dir + "/v010/scene.ma", 10_000, null, Duration.ofDays(1)),
        RemoteEntry.file(dir + "/v010/cache/Ünïcødé geo.abc", 2048, Instant.parse("2024-03-05T10:16:00Z"),
            Duration.ofMinutes(1))));
    ShotNode shot = new ShotNode(ShotKey.parse("ep01/sq010/sh0010"), List.of(
        new DepartmentNode(Department.ANIM, dir, List.of(v9, v010)),
        new DepartmentNode(Department.LIGHTING, "ep01/sq010/sh0010/lighting/version", List.of())));
    return new Structure("studio", Instant.parse("2024-03-06T00:00:00Z"), List.of(shot),
        List.of("refused remote name 'C:x' in /ep01: name starts with a drive prefix"));
  }

  @Test
  void roundTripsAndKeepsVersionSpelling() {
    Structure s = sample();
    String json = StructureJson.write(s);
    Structure back = StructureJson.read(json);
    assertThat(back).isEqualTo(s);
    assertThat(back.shots().get(0).departments().get(0).versions()).extracting(v -> v.version().text())
        .containsExactly("v9", "v010");
    assertThat(json).contains("\"version\":\"v010\"").contains("\"shot\":\"ep01/sq010/sh0010\"");
    assertThat(StructureJson.write(back)).isEqualTo(json);
  }

  @Test
  void rejectsForeignDocuments() {
    assertThatThrownBy(() -> StructureJson.read("{\"format\":99}")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("format");
    assertThatThrownBy(() -> StructureJson.read("nope")).isInstanceOf(InvalidInputException.class);
  }
}
