package io.shotsync.core.internal.transfer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A lease of one {@link DirNode}: every operation relative to its handle, never following a link at a name. */
final class SecureDir extends LocalTree.Dir {
  private final SecureTree tree;
  private final DirNode node;
  private boolean released;

  SecureDir(SecureTree tree, DirNode node) {
    super(node.rel, node.path);
    this.tree = tree;
    this.node = node;
  }

  @Override
  @Nullable BasicFileAttributes attributes(String name) throws IOException {
    return SecureTree.attributes(node.stream, name);
  }

  @Override
  boolean mayHold(String name) {
    return node.rel.isEmpty() || node.mayHold(name);
  }

  @Override
  FileChannel open(String name, OpenOption... options) throws IOException {
    Set<OpenOption> set = new HashSet<>(List.of(options));
    set.add(LinkOption.NOFOLLOW_LINKS);
    SeekableByteChannel ch = node.stream.newByteChannel(Path.of(name), set);
    if (set.contains(StandardOpenOption.CREATE) || set.contains(StandardOpenOption.CREATE_NEW)) {
      node.created(name);
    }
    if (ch instanceof FileChannel fc) {
      return fc;
    }
    ch.close();
    throw new IOException("this platform's directory handles give no file channel for " + name);
  }

  @Override
  void delete(String name) throws IOException {
    node.stream.deleteFile(Path.of(name));
  }

  @Override
  void rename(String from, String to) throws IOException {
    node.stream.move(Path.of(from), node.stream, Path.of(to));
    node.created(to);
  }

  @Override
  void setModified(String name, FileTime time) throws IOException {
    node.stream.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(time, time, null);
  }

  @Override
  @Nullable String replacedWhy() {
    if (node.rel.isEmpty()) {
      return null;
    }
    try {
      Object now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      if (node.key.equals(now)) {
        return null;
      }
      return Files.isSymbolicLink(path) ? "was replaced by a symbolic link" : "was moved or replaced";
    } catch (IOException e) {
      return Files.isSymbolicLink(path) ? "was replaced by a symbolic link that leads nowhere" : "was removed";
    }
  }

  @Override
  void forget() {
    tree.forget(node);
  }

  @Override
  public void close() {
    if (!released) {
      released = true;
      tree.release(node);
    }
  }
}
