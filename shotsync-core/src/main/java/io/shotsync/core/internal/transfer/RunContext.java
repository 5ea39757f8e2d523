package io.shotsync.core.internal.transfer;

import io.shotsync.api.FileRecord;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.event.SyncListener;
import io.shotsync.api.spi.ConflictStrategy;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.internal.event.ProgressMeter;
import io.shotsync.core.internal.event.TaskLog;
import io.shotsync.core.internal.files.BootId;
import io.shotsync.core.internal.ftp.Connections;
import io.shotsync.core.internal.store.StoreWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** Everything the transfers of one task run share. */
final class RunContext {
  final String taskId;
  final TaskSpec spec;
  final SyncOptions options;
  final Connections connections;
  final String remoteRoot;
  final ConflictStrategy conflict;
  /** The local root as directory handles: every local write of the run goes through it. */
  final LocalTree tree;
  final TaskLog log;
  final SyncListener listener;
  final StoreWriter writer;
  final ProgressMeter meter;
  final RateLimiter rate;
  final Clock clock;
  final ExecutorService segmentExecutor;
  /**
   * The store's PARTIAL records of this task, from earlier runs and this one, by path: a file then left as it is
   * replaces its record with a SKIPPED one. (A resume trusts only the record beside the temporary file.)
   */
  final Map<String, FileRecord> partials;
  /** Files this task already finished in an earlier run (done or skipped), by path. */
  final Map<String, FileRecord> finished;
  final AtomicBoolean cancelled;
  /** {@link #unforcedBoot()}, once known. */
  private @Nullable String unforcedBoot;
  private boolean unforcedBootKnown;
  /** Set once the server was seen to ignore or refuse REST: no more resumes or ranges in this run. */
  final AtomicBoolean restUnreliable = new AtomicBoolean();

  RunContext(String taskId, TaskSpec spec, SyncOptions options, Connections connections, String remoteRoot,
      ConflictStrategy conflict, LocalTree tree, TaskLog log, SyncListener listener,
      StoreWriter writer, ProgressMeter meter, RateLimiter rate, Clock clock, ExecutorService segmentExecutor,
      Map<String, FileRecord> partials, Map<String, FileRecord> finished, AtomicBoolean cancelled) {
    this.taskId = taskId;
    this.spec = spec;
    this.options = options;
    this.connections = connections;
    this.remoteRoot = remoteRoot;
    this.conflict = conflict;
    this.tree = tree;
    this.log = log;
    this.listener = listener;
    this.writer = writer;
    this.meter = meter;
    this.rate = rate;
    this.clock = clock;
    this.segmentExecutor = segmentExecutor;
    this.partials = partials;
    this.finished = finished;
    this.cancelled = cancelled;
  }

  /**
   * The boot id written in resume records instead of forcing temporary files to disk first, or null when each record
   * follows a forced temporary file ({@link BootId#forUnforcedRecords}); looked up when the first record is written
   * (the file system's type costs a read of the mount table), not for runs that write none.
   */
  synchronized @Nullable String unforcedBoot() {
    if (!unforcedBootKnown) {
      unforcedBoot = BootId.forUnforcedRecords(tree.root);
      unforcedBootKnown = true;
    }
    return unforcedBoot;
  }

  boolean cancelled() {
    return cancelled.get();
  }

  /** The absolute remote path of a path relative to the endpoint root. */
  String remotePath(String relative) {
    return remoteRoot.endsWith("/") ? remoteRoot + relative : remoteRoot + "/" + relative;
  }
}
