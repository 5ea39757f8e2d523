package io.shotsync.server;

import io.shotsync.api.LocalStorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The server's API token: {@code SHOTSYNC_SERVER_TOKEN} when set, else the one in {@code <home>/server.token},
 * generated there (32 random bytes, mode 0600) at the first start.
 *
 * @param value the token
 * @param source where it came from, for the start-up message (never the token itself)
 */
public record ServerToken(String value, String source) {
  /** The environment variable that sets the token. */
  public static final String ENV = "SHOTSYNC_SERVER_TOKEN";
  /** The file name of the generated token under the shotsync home. */
  public static final String FILE = "server.token";

  /** Checks the token. */
  public ServerToken {
    if (value.isBlank()) {
      throw new IllegalArgumentException("the server token must not be blank");
    }
  }

  @Override
  public String toString() {
    return "ServerToken[******, from " + source + "]";
  }

  /** A fresh random token: 32 bytes, URL-safe Base64 without padding. */
  public static String generate() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * The token from the environment, else from {@code home/server.token}, created there if missing.
   *
   * @throws LocalStorageException when the file cannot be read or written
   */
  public static ServerToken resolve(Map<String, String> env, Path home) {
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new ServerToken(fromEnv.trim(), ENV);
    }
    Path file = home.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(home);
        String token = generate();
        try {
          write(file, token);
          return new ServerToken(token, file.toString());
        } catch (FileAlreadyExistsException raced) {
          // another server started at the same moment: use its token
        }
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (token.isEmpty()) {
        throw new LocalStorageException("the token file " + file + " is empty; delete it to get a new token", null);
      }
      return new ServerToken(token, file.toString());
    } catch (IOException e) {
      throw new LocalStorageException("cannot read or create the server token file " + file + ": " + e, e);
    }
  }

  private static void write(Path file, String token) throws IOException {
    boolean posix = Files.getFileStore(file.getParent()).supportsFileAttributeView("posix");
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
        : new FileAttribute<?>[0];
    // created with mode 0600 from the start: never readable by others, not even for a moment
    Files.write(Files.createFile(file, attrs), (token + "\n").getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.TRUNCATE_EXISTING);
  }
}
