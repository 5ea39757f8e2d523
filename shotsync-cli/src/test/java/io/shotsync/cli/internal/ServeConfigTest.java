package io.shotsync.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.InvalidInputException;
import io.shotsync.core.EndpointConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoints file of {@code serve}, and where each endpoint's password comes from. */
class ServeConfigTest {
  @TempDir
  Path dir;

  @Test
  void passwordsComeFromTheEndpointsVariableThenTheSharedOneNeverFromTheFile() throws Exception {
    Path file = dir.resolve("endpoints.json");
    Files.writeString(file, "{\"endpoints\": ["
        + "{\"id\": \"studio-1\", \"url\": \"ftp://anim@ftp.studio.local/shows/abc\", \"localRoot\": \"abc\","
        + " \"options\": {\"connections\": 2, \"bandwidth\": \"8M\"}},"
        + "{\"id\": \"vendor\", \"url\": \"ftp://guest@ftp.vendor.example/out\", \"localRoot\": \"/projects/vendor\"}]}");
    Map<String, String> env = Map.of("SHOTSYNC_PASSWORD_STUDIO_1", "own", "SHOTSYNC_PASSWORD", "shared",
        "HOME", dir.toString());
    List<EndpointConfig> eps = ServeConfig.read(file, env);
    assertThat(eps).extracting(EndpointConfig::id).containsExactly("studio-1", "vendor");
    assertThat(eps.get(0).endpoint().password().reveal()).isEqualTo("own");
    assertThat(eps.get(1).endpoint().password().reveal()).isEqualTo("shared");
    assertThat(eps.get(0).localRoot()).isEqualTo(dir.resolve("abc"));
    assertThat(eps.get(0).options().connections()).isEqualTo(2);
    assertThat(ServeConfig.passwordVariable("studio-1.b")).isEqualTo("SHOTSYNC_PASSWORD_STUDIO_1_B");

    Files.writeString(dir.resolve(".netrc"), "machine ftp.vendor.example login guest password from-netrc\n");
    assertThat(ServeConfig.read(file, Map.of("HOME", dir.toString())).get(1).endpoint().password().reveal())
        .isEqualTo("from-netrc");
  }

  @Test
  void aPasswordInTheFileAnUnknownFieldOrAMissingRootIsRefused() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"endpoints\": [{\"id\": \"a\", \"url\": \"ftp://u:hunter2@h/x\", \"localRoot\": \"/l\"}]}");
    assertThatThrownBy(() -> ServeConfig.read(file, Map.of())).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("SHOTSYNC_PASSWORD_A").hasMessageNotContaining("hunter2");
    Files.writeString(file, "{\"endpoints\": [{\"id\": \"a\", \"url\": \"ftp://h/x\", \"localRoot\": \"/l\", \"pwd\": 1}]}");
    assertThatThrownBy(() -> ServeConfig.read(file, Map.of())).hasMessageContaining("unknown field 'pwd'");
    Files.writeString(file, "{\"endpoints\": [{\"id\": \"a\", \"url\": \"ftp://h/x\"}]}");
    assertThatThrownBy(() -> ServeConfig.read(file, Map.of())).hasMessageContaining("'localRoot'");
  }

  @Test
  void theShortcutIsEndpointDefault() {
    PrintStream warnings = new PrintStream(new ByteArrayOutputStream());
    EndpointConfig c = ServeConfig.shortcut("ftp://anim@ftp.studio.local/shows", dir, Map.of(
        "SHOTSYNC_PASSWORD_DEFAULT", "pw", "HOME", dir.toString()), warnings);
    assertThat(c.id()).isEqualTo("default");
    assertThat(c.endpoint().password().reveal()).isEqualTo("pw");
    assertThat(c.localRoot()).isEqualTo(dir);
  }
}
