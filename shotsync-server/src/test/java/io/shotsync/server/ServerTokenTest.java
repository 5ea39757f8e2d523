package io.shotsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the server's token comes from: the environment, else a file made once with mode 0600. */
class ServerTokenTest {
  @TempDir
  Path home;

  @Test
  void theFirstStartWritesAPrivateTokenFileAndLaterStartsReadIt() throws Exception {
    Path dir = home.resolve("not-yet");
    ServerToken first = ServerToken.resolve(Map.of(), dir);
    Path file = dir.resolve("server.token");
    assertThat(first.value()).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
    assertThat(first.source()).isEqualTo(file.toString());
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(ServerToken.resolve(Map.of(), dir)).isEqualTo(first);
    assertThat(first.toString()).doesNotContain(first.value());
    assertThat(ServerToken.generate()).isNotEqualTo(ServerToken.generate());
  }

  @Test
  void theEnvironmentWinsAndWritesNothing() {
    ServerToken t = ServerToken.resolve(Map.of("SHOTSYNC_SERVER_TOKEN", " from-env "), home);
    assertThat(t.value()).isEqualTo("from-env");
    assertThat(t.source()).isEqualTo("SHOTSYNC_SERVER_TOKEN");
    assertThat(home.resolve("server.token")).doesNotExist();
    assertThat(Set.of(home.toFile().list())).isEmpty();
  }
}
