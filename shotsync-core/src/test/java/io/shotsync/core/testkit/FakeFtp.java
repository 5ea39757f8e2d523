package io.shotsync.core.testkit;

import io.shotsync.api.Endpoint;
import io.shotsync.api.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import java.util.stream.Stream;
import org.mockftpserver.fake.FakeFtpServer;
import org.mockftpserver.fake.UserAccount;
import org.mockftpserver.fake.filesystem.DirectoryEntry;
import org.mockftpserver.fake.filesystem.FileEntry;
import org.mockftpserver.fake.filesystem.FileSystem;
import org.mockftpserver.fake.filesystem.UnixFakeFileSystem;
import org.mockftpserver.fake.filesystem.WindowsDirectoryListingFormatter;

/**
 * A MockFtpServer {@link FakeFtpServer} (LIST only: no FEAT, MLSD or MDTM) serving a copy of a local directory,
 * listing in Unix or Windows/NT style. Close it when done.
 *
 * <p>Both styles keep MockFtpServer's {@link UnixFakeFileSystem} for paths: its {@code WindowsFakeFileSystem} only
 * takes drive-letter paths ({@code c:\ep01}), which no client addressing {@code /}-rooted paths reaches, while real
 * Windows servers (IIS) present {@code /} paths with NT-style listings. {@link Style#WINDOWS} therefore means a
 * Windows listing formatter and SYST {@code WINDOWS}.
 */
public final class FakeFtp implements AutoCloseable {
  /** Listing and path style. */
  public enum Style { UNIX, WINDOWS }

  private final FakeFtpServer server;
  private final Style style;

  private FakeFtp(FakeFtpServer server, Style style) {
    this.server = server;
    this.style = style;
  }

  /** Starts a server on a free port serving every file below {@code dir} (with its mtime). */
  public static FakeFtp serve(Path dir, Style style) {
    FakeFtpServer server = new FakeFtpServer();
    server.setServerControlPort(0);
    String home = "/";
    FileSystem fs = fileSystem(style);
    fs.add(new DirectoryEntry(home));
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.skip(1).toList()) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        String path = "/" + rel;
        if (Files.isDirectory(p)) {
          DirectoryEntry d = new DirectoryEntry(path);
          d.setLastModified(new Date(Files.getLastModifiedTime(p).toMillis()));
          fs.add(d);
        } else {
          FileEntry f = new FileEntry(path);
          f.setContents(Files.readAllBytes(p));
          f.setLastModified(new Date(Files.getLastModifiedTime(p).toMillis()));
          fs.add(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setFileSystem(fs);
    server.setSystemName(style == Style.UNIX ? "UNIX" : "WINDOWS");
    server.addUserAccount(new UserAccount(FtpServerExtension.USER, FtpServerExtension.PASSWORD, home));
    server.start();
    return new FakeFtp(server, style);
  }

  /** Starts a server over an in-memory map of relative path to contents. */
  public static FakeFtp serve(Map<String, byte[]> files, Style style) {
    FakeFtpServer server = new FakeFtpServer();
    server.setServerControlPort(0);
    String home = "/";
    FileSystem fs = fileSystem(style);
    fs.add(new DirectoryEntry(home));
    files.forEach((rel, bytes) -> {
      FileEntry f = new FileEntry("/" + rel);
      f.setContents(bytes);
      fs.add(f);
    });
    server.setFileSystem(fs);
    server.setSystemName(style == Style.UNIX ? "UNIX" : "WINDOWS");
    server.addUserAccount(new UserAccount(FtpServerExtension.USER, FtpServerExtension.PASSWORD, home));
    server.start();
    return new FakeFtp(server, style);
  }

  private static FileSystem fileSystem(Style style) {
    UnixFakeFileSystem fs = new UnixFakeFileSystem();
    if (style == Style.WINDOWS) {
      fs.setDirectoryListingFormatter(new WindowsDirectoryListingFormatter());
    }
    return fs;
  }

  /** The underlying server, to add entries or command handlers. */
  public FakeFtpServer server() {
    return server;
  }

  /** An endpoint for the test user at the server's root {@code /}. */
  public Endpoint endpoint() {
    return new Endpoint("fake-" + style.name().toLowerCase(), "127.0.0.1", server.getServerControlPort(),
        FtpServerExtension.USER, Secret.of(FtpServerExtension.PASSWORD), "/", false, null);
  }

  @Override
  public void close() {
    server.stop();
  }
}
