package io.shotsync.core.internal.transfer;

import io.shotsync.api.LocalStorageException;
import io.shotsync.core.internal.files.SafePaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The local root of one task run, written to only through directories opened without following links.
 *
 * <p>Where the JDK offers a {@link SecureDirectoryStream} (Linux and other systems with {@code openat}), the root is
 * opened once and every directory below it is opened from its parent's handle, segment by segment, with
 * {@link LinkOption#NOFOLLOW_LINKS}; files are then created, opened, renamed, deleted and given their mtime relative
 * to that handle, never following a link. A directory swapped for a link after it was opened changes nothing: the
 * handle keeps pointing at the real directory, so no byte can land outside the root. Such a swap is still caught:
 * after each commit the path must still lead to the handle's directory, or the file fails naming the path. Handles
 * are cached per directory for the run (at most {@link #MAX_OPEN} unused ones stay open) and closed with the tree.
 *
 * <p>A link met on the way is followed only when its real target lies inside the root, and then by walking the
 * target from the root again without following links. Java cannot create a directory relative to a handle, so a
 * missing directory is created by path and then opened from its parent's handle without following links; when that
 * open does not find it, the parent was swapped in between and the write is refused.
 *
 * <p>Without {@code SecureDirectoryStream} (Windows) the tree falls back to the path checks of
 * {@link SafePaths.Resolver} before each directory is used, with {@code NOFOLLOW_LINKS} on every file operation that
 * offers it: a swap between the check and the use is not caught there.
 */
abstract class LocalTree implements AutoCloseable {
  /** Unused directory handles kept open at most; more are closed, least recently used first. */
  static final int MAX_OPEN = 1024;

  final Path root;

  private LocalTree(Path root) {
    this.root = root;
  }

  /** The tree of a local root: with directory handles where the platform offers them, else with path checks. */
  static LocalTree open(Path root, SafePaths.Resolver resolver) {
    return open(root, resolver, true);
  }

  /** As {@link #open(Path, SafePaths.Resolver)}; {@code secureIfAvailable} false forces the path-checked fallback. */
  static LocalTree open(Path root, SafePaths.Resolver resolver, boolean secureIfAvailable) {
    Path abs = root.toAbsolutePath().normalize();
    if (secureIfAvailable) {
      try {
        DirectoryStream<Path> ds = Files.newDirectoryStream(abs);
        if (ds instanceof SecureDirectoryStream<Path> sds) {
          return new Secure(abs, sds);
        }
        ds.close();
      } catch (IOException e) {
        throw new LocalStorageException("cannot open the local root " + abs + ": " + e.getMessage(), e);
      }
    }
    return new Checked(abs, resolver);
  }

  /** True when directories are handles opened without following links. */
  abstract boolean secure();

  /** The local path of a path relative to the root, for messages; its segments are checked as remote names are. */
  Path path(String rel) {
    Path p = root;
    for (String s : SafePaths.segments(rel)) {
      p = p.resolve(s);
    }
    return p;
  }

  /**
   * The directory at {@code rel} ({@code ""} is the root), leased until {@link Dir#close()}, or null when a segment
   * does not exist.
   *
   * @throws LocalStorageException naming the path when a segment is a link leading out of the root or not a directory
   */
  abstract @Nullable Dir find(String rel) throws IOException;

  /** As {@link #find}, creating missing directories. */
  abstract Dir make(String rel) throws IOException;

  @Override
  public abstract void close();

  static String parentOf(String rel) {
    int slash = rel.lastIndexOf('/');
    return slash < 0 ? "" : rel.substring(0, slash);
  }

  static String nameOf(String rel) {
    return rel.substring(rel.lastIndexOf('/') + 1);
  }

  /** One directory of the tree, leased by the file that works in it. Names are single checked segments. */
  abstract static class Dir implements AutoCloseable {
    /** Relative to the root, {@code ""} for the root. */
    final String rel;
    /** Its path, for messages. */
    final Path path;

    Dir(String rel, Path path) {
      this.rel = rel;
      this.path = path;
    }

    /** The attributes of an entry, not following a link, or null when there is none. */
    abstract @Nullable BasicFileAttributes attributes(String name) throws IOException;

    /** Opens a file, never following a link at its name. */
    abstract FileChannel open(String name, OpenOption... options) throws IOException;

    /** Deletes a file or a link (not what it points to). */
    abstract void delete(String name) throws IOException;

    /** Renames within this directory, atomically replacing what is at {@code to}. */
    abstract void rename(String from, String to) throws IOException;

    /** Sets the mtime of a file, not following a link. */
    abstract void setModified(String name, FileTime time) throws IOException;

    /**
     * Why the path of this directory no longer leads to the directory written to (it was moved, removed or replaced
     * by a link since it was opened), or null when it still does.
     */
    abstract @Nullable String replacedWhy();

    /** Drops this directory (and those below it) from the tree's cache, so the next use opens it again. */
    abstract void forget();

    /** Ends the lease. */
    @Override
    public abstract void close();
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Directory handles opened without following links. */
  private static final class Secure extends LocalTree {
    private final SecureDirectoryStream<Path> rootStream;
    private final Node rootNode;
    private final @Nullable Path realRoot;
    /** Open handles by relative path, least recently used first. Guarded by itself. */
    private final LinkedHashMap<String, Node> nodes = new LinkedHashMap<>(64, 0.75f, true);
    private boolean closed;

    Secure(Path root, SecureDirectoryStream<Path> rootStream) throws IOException {
      super(root);
      this.rootStream = rootStream;
      this.rootNode = new Node("", rootStream, key(rootStream));
      this.realRoot = root.toRealPath();
    }

    @Override
    boolean secure() {
      return true;
    }

    @Override
    @Nullable Dir find(String rel) throws IOException {
      return lease(rel, false);
    }

    @Override
    Dir make(String rel) throws IOException {
      return Objects.requireNonNull(lease(rel, true), "made directory");
    }

    private @Nullable Dir lease(String rel, boolean create) throws IOException {
      if (!rel.isEmpty()) {
        SafePaths.segments(rel);
      }
      synchronized (nodes) {
        if (closed) {
          throw new IOException("the local tree of " + root + " is closed");
        }
        Node n = lookup(rel, create);
        if (n == null) {
          return null;
        }
        n.refs++;
        trim();
        return new SecureDir(n);
      }
    }

    /** The handle of a directory, opening missing ones from their parent's. Called holding {@code nodes}. */
    private @Nullable Node lookup(String rel, boolean create) throws IOException {
      if (rel.isEmpty()) {
        return rootNode;
      }
      Node n = nodes.get(rel);
      if (n != null) {
        return n;
      }
      Node parent = lookup(parentOf(rel), create);
      if (parent == null) {
        return null;
      }
      SecureDirectoryStream<Path> s = openChild(parent, rel, create);
      if (s == null) {
        return null;
      }
      Node child;
      try {
        child = new Node(rel, s, key(s));
      } catch (IOException e) {
        s.close();
        throw e;
      }
      nodes.put(rel, child);
      return child;
    }

    private @Nullable SecureDirectoryStream<Path> openChild(Node parent, String rel, boolean create)
        throws IOException {
      Path name = Path.of(nameOf(rel));
      try {
        return parent.stream.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        if (!create) {
          return null;
        }
      } catch (NotDirectoryException e) {
        throw notADirectory(rel);
      } catch (FileSystemException e) {
        return throughLink(parent, rel, e);
      }
      // no mkdirat in Java: create by path, then open without following links from the parent's handle, which
      // finds the new directory only if the path still leads to that handle's directory
      try {
        Files.createDirectory(path(rel));
      } catch (FileAlreadyExistsException e) {
        // made meanwhile by another worker (or a link was planted): the open below decides
      }
      try {
        return parent.stream.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        throw new LocalStorageException("cannot create " + path(rel) + ": its parent directory was moved or replaced"
            + " while it was created; nothing is written there", e);
      } catch (NotDirectoryException e) {
        throw notADirectory(rel);
      } catch (FileSystemException e) {
        return throughLink(parent, rel, e);
      }
    }

    /**
     * A segment that could not be opened without following links: when it is a link whose real target is inside the
     * root, the target is opened by walking it from the root without following links; else the path is refused.
     */
    private SecureDirectoryStream<Path> throughLink(Node parent, String rel, FileSystemException cause)
        throws IOException {
      BasicFileAttributes a = attributes(parent.stream, nameOf(rel));
      if (a == null || !a.isSymbolicLink()) {
        throw cause;
      }
      Path real;
      try {
        real = path(rel).toRealPath();
      } catch (IOException e) {
        throw new LocalStorageException("path " + path(rel) + " is a symbolic link that cannot be followed ("
            + e.getMessage() + "); nothing is written through it", e);
      }
      if (realRoot == null || !real.startsWith(realRoot)) {
        throw new LocalStorageException("path " + path(rel) + " is a symbolic link leading out of the local root (to "
            + real + "); nothing is written through it", cause);
      }
      SecureDirectoryStream<Path> s = rootStream.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS);
      try {
        for (Path segment : realRoot.relativize(real)) {
          if (segment.toString().isEmpty()) {
            continue;
          }
          SecureDirectoryStream<Path> next = s.newDirectoryStream(segment, LinkOption.NOFOLLOW_LINKS);
          s.close();
          s = next;
        }
        return s;
      } catch (NotDirectoryException e) {
        s.close();
        throw notADirectory(rel);
      } catch (IOException e) {
        s.close();
        throw new LocalStorageException("path " + path(rel) + " is a symbolic link whose target changed while it was"
            + " followed (" + e.getMessage() + "); nothing is written through it", e);
      }
    }

    private LocalStorageException notADirectory(String rel) {
      return new LocalStorageException("cannot write under " + path(rel) + ": something other than a directory is"
          + " there", null);
    }

    /** Closes unused handles beyond {@link #MAX_OPEN}, least recently used first. Called holding {@code nodes}. */
    private void trim() {
      if (nodes.size() <= MAX_OPEN) {
        return;
      }
      Iterator<Node> it = nodes.values().iterator();
      while (nodes.size() > MAX_OPEN * 3 / 4 && it.hasNext()) {
        Node n = it.next();
        if (n.refs == 0) {
          it.remove();
          n.closeQuietly();
        }
      }
    }

    private void release(Node n) {
      synchronized (nodes) {
        n.refs--;
        if (n.dropped && n.refs == 0) {
          n.closeQuietly();
        }
      }
    }

    private void forget(Node n) {
      synchronized (nodes) {
        List<Node> gone = new ArrayList<>();
        for (Iterator<Map.Entry<String, Node>> it = nodes.entrySet().iterator(); it.hasNext(); ) {
          Map.Entry<String, Node> e = it.next();
          if (e.getValue() == n || e.getKey().startsWith(n.rel + "/")) {
            it.remove();
            gone.add(e.getValue());
          }
        }
        for (Node g : gone) {
          g.dropped = true;
          if (g.refs == 0) {
            g.closeQuietly();
          }
        }
      }
    }

    @Override
    public void close() {
      synchronized (nodes) {
        closed = true;
        for (Node n : nodes.values()) {
          n.closeQuietly();
        }
        nodes.clear();
        rootNode.closeQuietly();
      }
    }

    private static Object key(SecureDirectoryStream<Path> s) throws IOException {
      Object k = s.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
      return k == null ? new Object() : k;
    }

    private static @Nullable BasicFileAttributes attributes(SecureDirectoryStream<Path> s, String name)
        throws IOException {
      try {
        return s.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .readAttributes();
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    /** An open directory handle and who uses it. */
    private static final class Node {
      final String rel;
      final SecureDirectoryStream<Path> stream;
      /** The directory's identity (device and inode) when it was opened. */
      final Object key;
      int refs;
      boolean dropped;

      Node(String rel, SecureDirectoryStream<Path> stream, Object key) {
        this.rel = rel;
        this.stream = stream;
        this.key = key;
      }

      void closeQuietly() {
        try {
          stream.close();
        } catch (IOException e) {
          // nothing more to do
        }
      }
    }

    private final class SecureDir extends Dir {
      private final Node node;
      private boolean released;

      SecureDir(Node node) {
        super(node.rel, node.rel.isEmpty() ? root : path(node.rel));
        this.node = node;
      }

      @Override
      @Nullable BasicFileAttributes attributes(String name) throws IOException {
        return Secure.attributes(node.stream, name);
      }

      @Override
      FileChannel open(String name, OpenOption... options) throws IOException {
        Set<OpenOption> set = new HashSet<>(List.of(options));
        set.add(LinkOption.NOFOLLOW_LINKS);
        SeekableByteChannel ch = node.stream.newByteChannel(Path.of(name), set);
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
      }

      @Override
      void setModified(String name, FileTime time) throws IOException {
        node.stream.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setTimes(time, null, null);
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
        Secure.this.forget(node);
      }

      @Override
      public void close() {
        if (!released) {
          released = true;
          if (node != rootNode) {
            release(node);
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** The fallback without directory handles: the resolver's path checks before a directory is used. */
  private static final class Checked extends LocalTree {
    private final SafePaths.Resolver resolver;

    Checked(Path root, SafePaths.Resolver resolver) {
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
            .setTimes(time, null, null);
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
}
