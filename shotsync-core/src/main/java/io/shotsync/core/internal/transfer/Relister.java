package io.shotsync.core.internal.transfer;

import io.shotsync.api.RemoteEntry;
import io.shotsync.api.RemoteException;
import io.shotsync.api.Version;
import io.shotsync.api.event.LogLevel;
import io.shotsync.api.spi.DepartmentLayout;
import io.shotsync.core.Structure;
import io.shotsync.core.internal.files.PartFiles;
import io.shotsync.core.internal.ftp.Connections;
import io.shotsync.core.internal.ftp.FtpSession;
import io.shotsync.core.internal.plan.Planner.FileSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Lists again, at execute time, the directories an item's planned files live in (one listing per directory), so
 * a file that changed on the server since the cached scan is fetched with its current size and mtime, and a file
 * added to a chosen version since is fetched too. A file no longer listed keeps its scanned entry (its RETR then
 * fails with the server's answer); a directory that cannot be listed keeps the scanned entries with a warning.
 */
final class Relister {
  private Relister() {}

  /**
   * The planned files with their current entries; entries the listings hold that cannot be read are logged as errors
   * and added to {@code unreadable} (directories relative to the endpoint root).
   */
  static List<FileSpec> refresh(RunContext c, long itemId, @Nullable DepartmentLayout dept, String deptRel,
      List<FileSpec> planned, List<Structure.ListingError> unreadable) {
    Set<String> dirs = new LinkedHashSet<>();
    Map<Version, Boolean> versions = new HashMap<>();
    for (FileSpec f : planned) {
      dirs.add(directoryOf(f.entry().path()));
      versions.put(f.version(), Boolean.TRUE);
    }
    Map<String, RemoteEntry> fresh = listAll(c, itemId, dirs, unreadable);
    if (fresh == null) {
      return planned;
    }
    List<FileSpec> out = new ArrayList<>(planned.size());
    Set<String> known = new LinkedHashSet<>();
    int changed = 0;
    for (FileSpec f : planned) {
      known.add(f.entry().path());
      RemoteEntry now = fresh.get(f.entry().path());
      if (now == null) {
        c.log.log(LogLevel.WARN, itemId, f.entry().path(), f.entry().path() + " is no longer listed by the server");
        out.add(f);
        continue;
      }
      if (unchanged(f.entry(), now)) {
        // the scan's entry may carry an exact (MDTM) mtime where the listing's is coarse: keep it
        out.add(f);
        continue;
      }
      now = exact(c, now);
      changed++;
      c.log.log(LogLevel.INFO, itemId, now.path(), now.path() + " changed on the server since the scan: "
          + f.entry().size() + " -> " + now.size() + " bytes, modified " + f.entry().modified() + " -> "
          + now.modified());
      out.add(new FileSpec(f.version(), now));
    }
    if (dept != null && deptRel.length() > 0) {
      changed += addNewFiles(c, itemId, dept, deptRel, fresh.values(), known, versions, out);
    }
    if (changed > 0) {
      c.log.log(LogLevel.INFO, itemId, null, changed + " files of the item changed on the server since the scan;"
          + " fetching their current state");
    }
    return out;
  }

  /** The files the listings of these directories hold, by path; null when one cannot be listed. */
  private static @Nullable Map<String, RemoteEntry> listAll(RunContext c, long itemId, Set<String> dirs,
      List<Structure.ListingError> unreadable) {
    Map<String, RemoteEntry> fresh = new HashMap<>();
    for (String dir : dirs) {
      List<RemoteEntry> listed = list(c, itemId, dir, unreadable);
      if (listed == null) {
        return null;
      }
      for (RemoteEntry e : listed) {
        if (!e.directory() && !PartFiles.isShotsyncName(e.name())) {
          fresh.put(e.path(), e);
        }
      }
    }
    return fresh;
  }

  /** Adds to {@code out} the listed files not planned that belong to a planned version; answers how many. */
  private static int addNewFiles(RunContext c, long itemId, DepartmentLayout dept, String deptRel,
      Iterable<RemoteEntry> listed, Set<String> known, Map<Version, Boolean> versions, List<FileSpec> out) {
    int added = 0;
    for (RemoteEntry e : listed) {
      if (known.contains(e.path()) || !e.path().startsWith(deptRel + "/")) {
        continue;
      }
      Version v = dept.versionOf(e.path().substring(deptRel.length() + 1));
      if (v != null && versions.containsKey(v)) {
        added++;
        c.log.log(LogLevel.INFO, itemId, e.path(), e.path() + " was added to " + v + " since the scan");
        out.add(new FileSpec(v, exact(c, e)));
      }
    }
    return added;
  }

  /** The directory part of a relative path ({@code ""} for a name at the root). */
  static String directoryOf(String path) {
    return path.substring(0, Math.max(0, path.lastIndexOf('/')));
  }

  /** Same size, and mtimes that agree within the precision of the coarser one. */
  static boolean unchanged(RemoteEntry scanned, RemoteEntry now) {
    if (scanned.size() != now.size()) {
      return false;
    }
    if (scanned.modified() == null || now.modified() == null) {
      return scanned.modified() == now.modified();
    }
    java.time.Duration tolerance = now.precision().compareTo(scanned.precision()) > 0 ? now.precision()
        : scanned.precision();
    return java.time.Duration.between(scanned.modified(), now.modified()).abs().compareTo(tolerance) <= 0;
  }

  /** The entry with its exact mtime by MDTM, as the scan reads it, when its listing's is coarse. */
  private static RemoteEntry exact(RunContext c, RemoteEntry e) {
    if (!c.options.exactMtimes() || e.precision().isZero() || !c.connections.pool().capabilities().mdtm()) {
      return e;
    }
    Connections.Lease lease = c.connections.acquire(c::cancelled);
    if (lease == null) {
      return e;
    }
    try {
      java.time.Instant exact = lease.session().modificationTime(c.remotePath(e.path()));
      return exact == null ? e : new RemoteEntry(e.path(), false, e.size(), exact, java.time.Duration.ZERO);
    } catch (RemoteException ex) {
      if (ex.isRetryable()) {
        lease.broken();
      }
      return e;
    } finally {
      lease.release();
    }
  }

  /** Lists one directory relative to the endpoint root (paths answered relative to it), or null when it cannot. */
  private static @Nullable List<RemoteEntry> list(RunContext c, long itemId, String dir,
      List<Structure.ListingError> unreadable) {
    String abs = dir.isEmpty() ? c.remoteRoot : c.remotePath(dir);
    int cut = c.remotePath("").length();
    RuntimeException last = null;
    for (int attempt = 0; attempt <= c.options.retries(); attempt++) {
      Connections.Lease lease = c.connections.acquire(c::cancelled);
      if (lease == null) {
        return null;
      }
      try {
        List<Structure.ListingError> found = new ArrayList<>();
        List<RemoteEntry> raw = lease.session().list(abs, new FtpSession.Warnings() {
          @Override
          public void warn(String message) {
            c.log.log(LogLevel.WARN, itemId, null, message);
          }

          @Override
          public void unreadable(String directory, String line, String reason) {
            Structure.ListingError e = new Structure.ListingError(dir, line, reason);
            c.log.log(LogLevel.ERROR, itemId, null, e.message());
            found.add(e);
          }
        });
        unreadable.addAll(found);
        List<RemoteEntry> out = new ArrayList<>(raw.size());
        for (RemoteEntry e : raw) {
          if (e.path().length() > cut && e.path().startsWith(c.remotePath(""))) {
            out.add(new RemoteEntry(e.path().substring(cut), e.directory(), e.size(), e.modified(), e.precision()));
          }
        }
        return out;
      } catch (RemoteException e) {
        last = e;
        if (e.isRetryable()) {
          lease.broken();
        } else {
          break;
        }
      } finally {
        lease.release();
      }
    }
    c.log.log(LogLevel.WARN, itemId, null, "could not list " + abs + " again before fetching ("
        + (last == null ? "?" : last.getMessage()) + "); using the scanned entries");
    return null;
  }
}
