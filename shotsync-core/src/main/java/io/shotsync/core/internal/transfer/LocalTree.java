package io.shotsync.core.internal.transfer;

import io.shotsync.api.LocalStorageException;
import io.shotsync.core.internal.files.SafePaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
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
 * are cached per directory for the run (at most {@link #MAX_OPEN} unused ones stay open) and closed with the tree
 * ({@link SecureTree}).
 *
 * <p>A link met on the way is followed only when its real target lies inside the root, and then by walking the
 * target from the root again without following links. Java cannot create a directory relative to a handle, so a
 * missing directory is created by path and then opened from its parent's handle without following links; when that
 * open does not find it, the parent was swapped in between and the write is refused.
 *
 * <p>Without {@code SecureDirectoryStream} (Windows) the tree falls back to the path checks of
 * {@link SafePaths.Resolver} before each directory is used, with {@code NOFOLLOW_LINKS} on every file operation that
 * offers it: a swap between the check and the use is not caught there ({@link CheckedTree}).
 */
abstract class LocalTree implements AutoCloseable {
  /** Unused directory handles kept open at most; more are closed, least recently used first. */
  static final int MAX_OPEN = 1024;

  final Path root;

  LocalTree(Path root) {
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
          return new SecureTree(abs, sds);
        }
        ds.close();
      } catch (IOException e) {
        throw new LocalStorageException("cannot open the local root " + abs + ": " + e.getMessage(), e);
      }
    }
    return new CheckedTree(abs, resolver);
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

    /**
     * False when this run knows the directory holds no entry of that name without asking the file system: it listed
     * the directory once (or made it) and counts every name it created there since. True when there may be one.
     */
    boolean mayHold(String name) {
      return true;
    }

    /** As {@link #attributes}, but null without a system call when {@link #mayHold} knows there is no such entry. */
    final @Nullable BasicFileAttributes listedAttributes(String name) throws IOException {
      return mayHold(name) ? attributes(name) : null;
    }

    /** Opens a file, never following a link at its name. */
    abstract FileChannel open(String name, OpenOption... options) throws IOException;

    /** Deletes a file or a link (not what it points to). */
    abstract void delete(String name) throws IOException;

    /** Renames within this directory, atomically replacing what is at {@code to}. */
    abstract void rename(String from, String to) throws IOException;

    /**
     * Sets the mtime (and the access time, to the same instant, as {@code curl -R} and wget do) of a file, not
     * following a link. Both times given spare the JDK reading the file's attributes first.
     */
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
}
