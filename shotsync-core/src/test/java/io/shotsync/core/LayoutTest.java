package io.shotsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.Department;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.ShotKey;
import io.shotsync.api.Version;
import io.shotsync.api.spi.DepartmentLayout;
import io.shotsync.core.internal.layout.VersionedFilesLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutTest {

  @Test
  void defaultsHaveAnimFoldersAndLightingFiles() {
    Layout l = Layout.defaults();
    assertThat(l.shotTemplate()).isEqualTo("{episode}/{sequence}/{shot}");
    assertThat(l.departments()).extracting(DepartmentLayout::department)
        .containsExactly(Department.ANIM, Department.LIGHTING);
    assertThat(l.department(Department.ANIM).orElseThrow().path()).isEqualTo("anim/publish");
    assertThat(l.department(Department.LIGHTING).orElseThrow().path()).isEqualTo("lighting/version");
    assertThat(l.shotPath(ShotKey.parse("ep01/sq010/sh0010"))).isEqualTo("ep01/sq010/sh0010");
    assertThat(l.department(Department.of("fx"))).isEmpty();
  }

  @Test
  void versionedFilesKeepTheSpellingAndCompareByNumber() {
    DepartmentLayout light = Layout.defaults().department(Department.LIGHTING).orElseThrow();
    assertThat(light.versionOf("sh0010_lighting_v002.0001.exr").text()).isEqualTo("v002");
    assertThat(light.versionOf("sh0010_lighting_v10.0001.exr")).isEqualTo(Version.of(10));
    assertThat(light.versionOf("notes.txt")).isNull();
    var versions = light.versions(rel -> List.of(
        RemoteEntry.file("a_v9.exr", 1, null, Duration.ZERO), RemoteEntry.file("a_v10.exr", 1, null, Duration.ZERO),
        RemoteEntry.file("readme.txt", 1, null, Duration.ZERO)));
    assertThat(versions.keySet()).extracting(Version::text).containsExactly("v9", "v10");
  }

  @Test
  void jsonChangesTheTemplateAndAddsADepartment() {
    Layout l = Layout.fromJson("""
        {"shotTemplate": "shows/{episode}/seq_{sequence}/{shot}",
         "departments": [
           {"name": "anim", "path": "anim/publish", "kind": "version-folders"},
           {"name": "lighting", "path": "lighting/renders", "kind": "versioned-files", "pattern": "_(v\\\\d+)_"},
           {"name": "fx", "path": "fx/cache", "kind": "version-folders"}]}
        """);
    assertThat(l.shotPath(ShotKey.parse("ep01/sq010/sh0010"))).isEqualTo("shows/ep01/seq_sq010/sh0010");
    assertThat(l.departments()).extracting(d -> d.department().name()).containsExactly("anim", "lighting", "fx");
    DepartmentLayout light = l.department(Department.LIGHTING).orElseThrow();
    assertThat(light.path()).isEqualTo("lighting/renders");
    assertThat(((VersionedFilesLayout) light).pattern()).isEqualTo("_(v\\d+)_");
    assertThat(light.versionOf("beauty_v007_0001.exr").text()).isEqualTo("v007");
  }

  @Test
  void jsonWithoutDepartmentsKeepsTheDefaults() {
    Layout l = Layout.fromJson("{\"shotTemplate\": \"{episode}/{sequence}/{shot}\"}");
    assertThat(l.departments()).hasSize(2);
  }

  @Test
  void unknownKindIsAnErrorListingTheKnownKinds() {
    assertThatThrownBy(() -> Layout.fromJson(
        "{\"departments\":[{\"name\":\"anim\",\"path\":\"anim\",\"kind\":\"version-zips\"}]}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("version-zips").hasMessageContaining("anim")
        .hasMessageContaining("version-folders").hasMessageContaining("versioned-files");
  }

  @Test
  void malformedLayoutsNameWhatIsWrong() {
    assertThatThrownBy(() -> Layout.fromJson("{not json")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("malformed layout JSON");
    assertThatThrownBy(() -> Layout.fromJson("{\"shotTemplate\":\"{episode}/{shot}\"}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("{sequence}");
    assertThatThrownBy(() -> Layout.fromJson("{\"shotTemplate\":\"{episode}/{sequence}/{shot}/{take}\"}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("{take}");
    assertThatThrownBy(() -> Layout.fromJson("{\"shots\":\"x\"}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown field 'shots'");
    assertThatThrownBy(() -> Layout.fromJson("{\"departments\":[{\"name\":\"fx\",\"kind\":\"version-folders\"}]}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("fx").hasMessageContaining("path");
    assertThatThrownBy(() -> Layout.fromJson(
        "{\"departments\":[{\"name\":\"fx\",\"path\":\"../x\",\"kind\":\"version-folders\"}]}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("fx");
    assertThatThrownBy(() -> Layout.fromJson(
        "{\"departments\":[{\"name\":\"fx\",\"path\":\"fx\",\"kind\":\"versioned-files\",\"pattern\":\"_v\\\\d+\"}]}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("group");
    assertThatThrownBy(() -> Layout.fromJson(
        "{\"departments\":[{\"name\":\"fx\",\"path\":\"fx\",\"kind\":\"versioned-files\",\"pattern\":\"(\"}]}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("malformed pattern");
    assertThatThrownBy(() -> Layout.fromJson("{\"departments\":[{\"name\":\"fx\",\"path\":\"a\",\"kind\":"
        + "\"version-folders\"},{\"name\":\"fx\",\"path\":\"b\",\"kind\":\"version-folders\"}]}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("twice");
  }

  @Test
  void loadsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path good = Files.writeString(dir.resolve("layout.json"),
        "{\"shotTemplate\":\"{episode}/{sequence}/{shot}\",\"departments\":[{\"name\":\"comp\",\"path\":\"comp/out\","
            + "\"kind\":\"versioned-files\"}]}");
    assertThat(Layout.load(good).departments()).extracting(d -> d.department().name()).containsExactly("comp");
    Path bad = Files.writeString(dir.resolve("bad.json"), "[]");
    assertThatThrownBy(() -> Layout.load(bad)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("bad.json");
    assertThatThrownBy(() -> Layout.load(dir.resolve("missing.json"))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("missing.json");
  }
}
