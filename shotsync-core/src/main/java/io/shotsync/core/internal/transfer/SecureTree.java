package io.shotsync.core.internal.transfer;

import io.shotsync.api.LocalStorageException;
import io.shotsync.core.internal.files.SafePaths;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LocalTree} of directory handles opened without following links ({@link SecureDirectoryStream}).
 *
 * <p>A directory already open is leased without the tree's lock (a map look-up and a counter), so the connections'
 * threads do not queue on one lock for every file; opening, dropping and closing handles take the lock.
 */
final class SecureTree extends LocalTree {
  private final SecureDirectoryStream<Path> rootStream;
  private final DirNode rootNode;
  private final @Nullable Path realRoot;
  /** Open handles by relative path. Changed only holding {@link #lock}. */
  private final Map<String, DirNode> nodes = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private final AtomicLong ticks = new AtomicLong();
  private volatile boolean closed;

  SecureTree(Path root, SecureDirectoryStream<Path> rootStream) throws IOException {
    super(root);
    this.rootStream = rootStream;
    this.rootNode = new DirNode("", root, rootStream, key(rootStream), false);
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
    if (rel.isEmpty()) {
      if (closed) {
        throw closedError();
      }
      return new SecureDir(this, rootNode);
    }
    DirNode cached = nodes.get(rel);
    if (cached != null && cached.acquire()) {
      if (!cached.dropped) {
        cached.used = ticks.incrementAndGet();
        return new SecureDir(this, cached);
      }
      cached.release();
    }
    SafePaths.segments(rel);
    synchronized (lock) {
      if (closed) {
        throw closedError();
      }
      DirNode n = lookup(rel, create);
      if (n == null) {
        return null;
      }
      if (!n.acquire()) {
        throw new IOException("the handle of " + path(rel) + " was closed while it was opened");
      }
      n.used = ticks.incrementAndGet();
      trim();
      return new SecureDir(this, n);
    }
  }

  private IOException closedError() {
    return new IOException("the local tree of " + root + " is closed");
  }

  /** The handle of a directory, opening missing ones from their parent's. Called holding {@link #lock}. */
  private @Nullable DirNode lookup(String rel, boolean create) throws IOException {
    if (rel.isEmpty()) {
      return rootNode;
    }
    DirNode n = nodes.get(rel);
    if (n != null && !n.dropped) {
      return n;
    }
    DirNode parent = lookup(parentOf(rel), create);
    if (parent == null) {
      return null;
    }
    boolean[] made = new boolean[1];
    SecureDirectoryStream<Path> s = openChild(parent, rel, create, made);
    if (s == null) {
      return null;
    }
    DirNode child;
    try {
      child = new DirNode(rel, path(rel), s, key(s), made[0]);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    nodes.put(rel, child);
    return child;
  }

  /** Opens a child directory from its parent's handle; {@code made[0]} tells whether this call created it empty. */
  private @Nullable SecureDirectoryStream<Path> openChild(DirNode parent, String rel, boolean create, boolean[] made)
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
      made[0] = true;
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
      made[0] = false;
      return throughLink(parent, rel, e);
    }
  }

  /**
   * A segment that could not be opened without following links: when it is a link whose real target is inside the
   * root, the target is opened by walking it from the root without following links; else the path is refused.
   */
  private SecureDirectoryStream<Path> throughLink(DirNode parent, String rel, FileSystemException cause)
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

  /** Closes unused handles beyond {@link #MAX_OPEN}, least recently used first. Called holding {@link #lock}. */
  private void trim() {
    if (nodes.size() <= MAX_OPEN) {
      return;
    }
    List<DirNode> idle = new ArrayList<>();
    for (DirNode n : nodes.values()) {
      if (n.unused()) {
        idle.add(n);
      }
    }
    idle.sort(Comparator.comparingLong(n -> n.used));
    for (DirNode n : idle) {
      if (nodes.size() <= MAX_OPEN * 3 / 4) {
        break;
      }
      if (n.closeIfUnused()) {
        nodes.remove(n.rel, n);
      }
    }
  }

  /** Drops a handle and those below it, closing each once its last lease ends. */
  void forget(DirNode n) {
    synchronized (lock) {
      List<DirNode> gone = new ArrayList<>();
      for (Map.Entry<String, DirNode> e : nodes.entrySet()) {
        if (e.getValue() == n || e.getKey().startsWith(n.rel + "/")) {
          gone.add(e.getValue());
        }
      }
      for (DirNode g : gone) {
        nodes.remove(g.rel, g);
        g.dropped = true;
        g.closeIfUnused();
      }
    }
  }

  /** Gives a lease back (the root is not counted). */
  void release(DirNode n) {
    if (n != rootNode) {
      n.release();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      for (DirNode n : nodes.values()) {
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

  static @Nullable BasicFileAttributes attributes(SecureDirectoryStream<Path> s, String name) throws IOException {
    try {
      return s.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .readAttributes();
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
