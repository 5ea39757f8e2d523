package io.shotsync.core.internal.plan;

import io.shotsync.api.ItemKey;
import io.shotsync.api.LocalStorageException;
import io.shotsync.api.Version;
import io.shotsync.api.spi.DepartmentLayout;
import io.shotsync.core.Layout;
import io.shotsync.core.internal.scan.LocalScanner;
import io.shotsync.core.internal.files.SafePaths;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a task writes: its local root, the layout local versions are read with, and the cached resolver that keeps
 * every path inside the root.
 */
public final class Destination {
  private static final Logger LOG = LoggerFactory.getLogger(Destination.class);

  private final Path root;
  private final Layout layout;
  private final SafePaths.Resolver resolver;
  private final LocalScanner scanner;

  /** A destination under this root with this layout. */
  public Destination(Path root, Layout layout) {
    this.root = root.toAbsolutePath().normalize();
    this.layout = layout;
    this.resolver = SafePaths.resolver(this.root);
    this.scanner = new LocalScanner(layout);
  }

  /** The local root. */
  public Path root() {
    return root;
  }

  /** The layout. */
  public Layout layout() {
    return layout;
  }

  /** Maps paths relative to the root to local paths, refusing those that leave it. */
  public SafePaths.Resolver resolver() {
    return resolver;
  }

  /** The newest version of an item on local disk, or null (also when it cannot be read). */
  public @Nullable Version localVersion(ItemKey key) {
    DepartmentLayout dept = layout.department(key.department()).orElse(null);
    if (dept == null) {
      return null;
    }
    try {
      return scanner.latest(root, key.shot(), dept);
    } catch (RuntimeException e) {
      LOG.debug("cannot read local versions of {}: {}", key, e.toString());
      return null;
    }
  }

  /**
   * Fails before any transfer when nothing can be written under the local root (creating it if missing).
   *
   * @throws LocalStorageException naming the root and why
   */
  public void checkWritable() {
    try {
      Files.createDirectories(root);
      Path probe = Files.createTempFile(root, ".shotsync-probe-", ".part");
      Files.delete(probe);
    } catch (IOException | RuntimeException e) {
      String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
          : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      throw new LocalStorageException("local root " + root + " is not writable (" + why
          + "); nothing was fetched", e instanceof IOException io ? io : null);
    }
  }
}
