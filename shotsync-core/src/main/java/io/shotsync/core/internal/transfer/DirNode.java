package io.shotsync.core.internal.transfer;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One open directory handle of a {@link SecureTree}: who leases it, and the names it holds as far as this run knows.
 *
 * <p>Leases are counted without the tree's lock; a handle is closed only once nobody holds it ({@code refs} goes from
 * 0 to -1, after which no lease can take it). The names come from one listing of the directory, taken when a file
 * first asks (or an empty set for a directory this run made), plus every name this run creates there since; they
 * answer only "there is no such entry", so a file that is not there costs no lookup.
 */
final class DirNode {
  final String rel;
  final Path path;
  final SecureDirectoryStream<Path> stream;
  /** The directory's identity (device and inode) when it was opened. */
  final Object key;
  /** Leases held; -1 once closed. */
  private final AtomicInteger refs = new AtomicInteger();
  /** Set when the tree dropped this handle: the last lease closes it. */
  volatile boolean dropped;
  /** When it was last leased, in the tree's ticks: the least recently used unused handles are closed first. */
  volatile long used;
  /** The names in the directory, or null until listed; {@link #UNKNOWN} when it could not be listed. Guarded by this. */
  private @Nullable Set<String> names;
  private static final Set<String> UNKNOWN = Set.of();

  DirNode(String rel, Path path, SecureDirectoryStream<Path> stream, Object key, boolean madeEmpty) {
    this.rel = rel;
    this.path = path;
    this.stream = stream;
    this.key = key;
    this.names = madeEmpty ? ConcurrentHashMap.newKeySet() : null;
  }

  /** Takes a lease; false when the handle is closed. */
  boolean acquire() {
    while (true) {
      int r = refs.get();
      if (r < 0) {
        return false;
      }
      if (refs.compareAndSet(r, r + 1)) {
        return true;
      }
    }
  }

  /** Gives a lease back; the last one closes a dropped handle. */
  void release() {
    if (refs.decrementAndGet() == 0 && dropped) {
      closeIfUnused();
    }
  }

  /** Closes the handle when nobody leases it; answers whether it is closed now. */
  boolean closeIfUnused() {
    if (!refs.compareAndSet(0, -1)) {
      return refs.get() < 0;
    }
    closeQuietly();
    return true;
  }

  boolean unused() {
    return refs.get() == 0;
  }

  void closeQuietly() {
    refs.set(-1);
    try {
      stream.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }

  /** False when the directory surely holds no entry {@code name}: see the class comment. */
  synchronized boolean mayHold(String name) {
    Set<String> n = names;
    if (n == null) {
      n = list();
      names = n;
    }
    return n == UNKNOWN || n.contains(name);
  }

  /** Counts a name this run created (or renamed to) in the directory. */
  synchronized void created(String name) {
    Set<String> n = names;
    if (n != null && n != UNKNOWN) {
      n.add(name);
    }
  }

  /** The directory's names, read once through the handle (its own stream, which nothing else iterates). */
  private Set<String> list() {
    Set<String> out = ConcurrentHashMap.newKeySet();
    try {
      for (Path p : stream) {
        out.add(p.getFileName().toString());
      }
      return out;
    } catch (DirectoryIteratorException | IllegalStateException e) {
      return UNKNOWN;
    }
  }
}
