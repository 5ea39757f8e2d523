package io.shotsync.core.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.LocalStorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathsTest {
  @TempDir
  Path root;

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a/b", "a\\b", "nul\u0000", "cr\r", "lf\n", "C:", "c:evil", "tab\t"})
  void refusesHostileNames(String name) {
    assertThat(SafePaths.refusal(name)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v001", "with space.exr", "Ünïcødé 日本", "..hidden", "a..b", "xy:z", "12:30"})
  void acceptsOrdinaryNames(String name) {
    assertThat(SafePaths.refusal(name)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/../../x", "a/..", "/etc/passwd", "C:/x", "a\\..\\..\\x", "a//b", "a/./b", ""})
  void neverResolvesOutsideTheRoot(String rel) {
    assertThatThrownBy(() -> SafePaths.resolve(root, rel)).isInstanceOf(LocalStorageException.class);
  }

  @Test
  void resolvesInsideTheRoot() {
    assertThat(SafePaths.resolve(root, "ep01/sq010/sh0010/anim/publish/v001/scene.ma"))
        .isEqualTo(root.toAbsolutePath().resolve("ep01/sq010/sh0010/anim/publish/v001/scene.ma"));
  }

  @Test
  void refusesALinkLeadingOutOfTheRoot(@TempDir Path outside) throws Exception {
    Files.createSymbolicLink(root.resolve("ep01"), outside);
    assertThatThrownBy(() -> SafePaths.resolve(root, "ep01/file.txt")).isInstanceOf(LocalStorageException.class)
        .hasMessageContaining("link");
  }
}
