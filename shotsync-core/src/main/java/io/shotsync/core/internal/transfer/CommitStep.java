package io.shotsync.core.internal.transfer;

import io.shotsync.api.LocalStorageException;
import io.shotsync.api.event.LogLevel;
import io.shotsync.core.internal.files.PartFiles;
import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * The commit step: the verified temporary file takes the remote mtime, the existing file is renamed aside when both
 * are kept, and the temporary file is renamed into place atomically (replacing what is there), all relative to the
 * file's directory handle without following links. Then the directory's path must still lead to that handle: a
 * directory moved or swapped for a link meanwhile fails the file, naming the path.
 */
final class CommitStep {
  private CommitStep() {}

  static void commit(FileJob job, boolean keepAside) {
    LocalTree.Dir dir = job.dir();
    try {
      if (job.remote.modified() != null) {
        dir.setModified(job.partName, FileTime.from(job.remote.modified()));
      }
      if (keepAside && dir.attributes(job.name) != null) {
        String kept = keepAside(job, dir, job.ctx.clock.instant());
        job.log(LogLevel.INFO, "kept the existing " + job.rel + " as " + kept);
      }
      // the record goes first: a temporary file without one is started over, a record without its file is never left
      job.dropRecordQuietly();
      dir.rename(job.partName, job.name);
    } catch (IOException e) {
      throw job.localError("cannot move " + job.rel + " into place", e);
    }
    job.movedAside = false;
    job.ctx.partials.remove(job.rel);
    String why = dir.replacedWhy();
    if (why != null) {
      dir.forget();
      job.restart(null, false);
      throw new LocalStorageException("directory " + dir.path + " " + why + " while " + job.rel + " was written into"
          + " it: the file went into the directory opened before, which is no longer at that path; nothing was"
          + " written outside the local root", null);
    }
  }

  /**
   * Renames the existing file to a kept name nothing has yet; a name taken by a symbolic link is left alone (with a
   * WARN) and never followed.
   *
   * @return the kept name
   */
  static String keepAside(FileJob job, LocalTree.Dir dir, Instant now) throws IOException {
    for (int n = 1; n < 10_000; n++) {
      String kept = PartFiles.keptName(job.name, now, n);
      BasicFileAttributes a = dir.attributes(kept);
      if (a == null) {
        dir.rename(job.name, kept);
        return kept;
      }
      if (a.isSymbolicLink()) {
        job.log(LogLevel.WARN, "the kept-aside name " + dir.path.resolve(kept) + " is taken by a symbolic link; left"
            + " it alone and kept " + job.rel + " under the next free name");
      }
    }
    throw new IOException("no free kept-aside name for " + job.local());
  }
}
