package io.shotsync.cli;

import io.shotsync.cli.internal.DemoServer;
import io.shotsync.cli.internal.DemoTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** An Apache FtpServer in the test JVM on 127.0.0.1 serving a small generated shot tree. */
final class FtpFixture implements AutoCloseable {
  /** 1 episode x 1 sequence x 3 shots; anim 1-3 versions, lighting 1-2, 3 frames of 4 KiB. */
  static final DemoTree TREE = new DemoTree(1, 1, 3, 3, 4096);
  static final String USER = "alice";
  static final String PASSWORD = "s3cret";

  final Path root;
  final DemoTree.Stats stats;
  final DemoServer server;

  private FtpFixture(Path root, DemoTree tree, Consumer<DemoServer.Builder> config) {
    this.root = root;
    this.stats = tree.write(root);
    DemoServer.Builder b = DemoServer.builder(root).user(USER, PASSWORD);
    config.accept(b);
    this.server = b.start();
  }

  static FtpFixture start(Path dir) {
    return new FtpFixture(dir, TREE, b -> { });
  }

  static FtpFixture start(Path dir, DemoTree tree, Consumer<DemoServer.Builder> config) {
    return new FtpFixture(dir, tree, config);
  }

  /** {@code ftp://127.0.0.1:PORT/}. */
  String url() {
    return server.url("anonymous");
  }

  /** {@code ftp://alice@127.0.0.1:PORT/}. */
  String userUrl() {
    return server.url(USER);
  }

  /** Regular files under a directory, relative, sorted. */
  static java.util.List<String> files(Path dir) {
    if (!Files.exists(dir)) {
      return java.util.List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
