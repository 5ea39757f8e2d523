package io.shotsync.core.internal.transfer;

import io.shotsync.api.LocalStorageException;
import io.shotsync.core.internal.files.SafePaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The fallback where the JDK has no {@link java.nio.file.SecureDirectoryStream} (Windows): the resolver's path checks
 * before a directory is used, and {@link LinkOption#NOFOLLOW_LINKS} on every file operation that offers it.
 */
final class CheckedTree extends LocalTree {
  private final SafePaths.Resolver resolver;

  CheckedTree(Path root, SafePaths.Resolver resolver) {
    super(root);
    this.resolver = resolver;
  }

  @Override
  boolean secure() {
    return false;
  }

  @Override
  @Nullable Dir find(String rel) {
    Path p = rel.isEmpty() ? root : resolver.apply(rel);
    if (!Files.isDirectory(p)) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
        throw new LocalStorageException("cannot write under " + p + ": something other than a directory is there",
            null);
      }
      return null;
    }
    return new CheckedDir(rel, p);
  }

  @Override
  Dir make(String rel) throws IOException {
    Path p = rel.isEmpty() ? root : resolver.apply(rel);
    if (!Files.isDirectory(p)) {
      resolver.forgetDirectories();
      Files.createDirectories(p);
      p = rel.isEmpty() ? root : resolver.apply(rel);
    }
    return new CheckedDir(rel, p);
  }

  @Override
  public void close() {}

  /** A directory reached by a checked path. */
  private final class CheckedDir extends Dir {
    private final @Nullable Object key;

    CheckedDir(String rel, Path path) {
      super(rel, path);
      Object k;
      try {
        k = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      } catch (IOException e) {
        k = null;
      }
      this.key = k;
    }

    @Override
    @Nullable BasicFileAttributes attributes(String name) throws IOException {
      try {
        return Files.readAttributes(path.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    @Override
    FileChannel open(String name, OpenOption... options) throws IOException {
      Set<OpenOption> set = new HashSet<>(List.of(options));
      set.add(LinkOption.NOFOLLOW_LINKS);
      return FileChannel.open(path.resolve(name), set);
    }

    @Override
    void delete(String name) throws IOException {
      Files.delete(path.resolve(name));
    }

    @Override
    void rename(String from, String to) throws IOException {
      try {
        Files.move(path.resolve(from), path.resolve(to), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(path.resolve(from), path.resolve(to), StandardCopyOption.REPLACE_EXISTING);
      }
    }

    @Override
    void setModified(String name, FileTime time) throws IOException {
      Files.getFileAttributeView(path.resolve(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(time, time, null);
    }

    @Override
    @Nullable String replacedWhy() {
      if (key == null || rel.isEmpty()) {
        return null;
      }
      try {
        return key.equals(Files.readAttributes(path, BasicFileAttributes.class).fileKey()) ? null
            : "was moved or replaced";
      } catch (IOException e) {
        return "was removed";
      }
    }

    @Override
    void forget() {
      resolver.forgetDirectories();
    }

    @Override
    public void close() {}
  }
}
