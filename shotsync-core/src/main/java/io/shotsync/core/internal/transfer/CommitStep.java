package io.shotsync.core.internal.transfer;

import io.shotsync.api.event.LogLevel;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;

/**
 * The commit step: the verified temporary file takes the remote mtime, the existing file is renamed aside when both
 * are kept, and the temporary file is moved into place atomically (replacing what is there).
 */
final class CommitStep {
  private CommitStep() {}

  static void commit(FileJob job, boolean keepAside) {
    Path part = job.part();
    Path local = job.local();
    try {
      if (job.remote.modified() != null) {
        Files.setLastModifiedTime(part, FileTime.from(job.remote.modified()));
      }
      if (keepAside && Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
        Path kept = PartFiles.keepAside(local, job.ctx.clock.instant());
        job.log(LogLevel.INFO, "kept the existing " + job.rel + " as " + kept.getFileName());
      }
      try {
        Files.move(part, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(part, local, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw job.localError("cannot move " + job.rel + " into place", e);
    }
    job.movedAside = false;
    job.ctx.partials.remove(job.rel);
  }
}
