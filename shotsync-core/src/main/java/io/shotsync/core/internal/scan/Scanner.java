package io.shotsync.core.internal.scan;

import io.shotsync.api.Endpoint;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.RemoteException;
import io.shotsync.api.Selection;
import io.shotsync.api.ShotKey;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.Version;
import io.shotsync.api.event.ScanProgress;
import io.shotsync.api.spi.DepartmentLayout;
import io.shotsync.api.spi.DirectoryReader;
import io.shotsync.core.Layout;
import io.shotsync.core.Structure;
import io.shotsync.core.Structure.DepartmentNode;
import io.shotsync.core.Structure.ShotNode;
import io.shotsync.core.Structure.VersionNode;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.internal.files.SafePaths;
import io.shotsync.core.internal.ftp.FtpPool;
import io.shotsync.core.internal.ftp.FtpSession;
import io.shotsync.core.internal.layout.ShotTemplate;
import io.shotsync.core.internal.files.PartFiles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks an endpoint's shot tree in parallel and yields a {@link Structure}. It lists only what the layout needs:
 * the levels of the shot template (keeping names that fit each level), then for each shot the directories on the
 * way to each department directory, then what the department's kind reads below it. Directories wait in a work
 * queue served by as many workers as the pool allows connections; each listing borrows a session for its own
 * duration. A transient failure (timeout, reset, 421, 425, 426) is retried with backoff; anything else fails the
 * scan: a directory that cannot be listed is never taken for an empty one.
 */
public final class Scanner {
  private static final Logger LOG = LoggerFactory.getLogger(Scanner.class);
  /** Folders deeper than this below a department directory are not listed (guards against link cycles). */
  static final int MAX_DEPTH = 32;

  private final FtpPool pool;
  private final Endpoint endpoint;
  private final Layout layout;
  private final SyncOptions options;
  private final ShotTemplate template;
  private final Clock clock;

  /**
   * A scanner of one endpoint with one layout; the pool belongs to the caller. A structure's {@code scannedAt} is read
   * from {@code clock}, the one the engine compares it with ({@code relistAfter}).
   */
  public Scanner(FtpPool pool, Endpoint endpoint, Layout layout, SyncOptions options, Clock clock) {
    this.pool = pool;
    this.endpoint = endpoint;
    this.layout = layout;
    this.options = options;
    this.clock = clock;
    this.template = ShotTemplate.parse(layout.shotTemplate());
  }

  /** Scans every shot and department. */
  public Structure scan(Consumer<ScanProgress> progress) {
    return scan(Selection.all(), progress);
  }

  /**
   * Scans the selected shots and departments; {@code progress} hears after each listing (from worker threads,
   * one call at a time) and last with {@code done} true.
   *
   * @throws RemoteException when a listing fails for good
   */
  public Structure scan(Selection selection, Consumer<ScanProgress> progress) {
    return new Run(selection, progress).run();
  }

  private final class Run {
    private final Selection selection;
    private final Consumer<ScanProgress> progress;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger listed = new AtomicInteger();
    private final AtomicLong seen = new AtomicLong();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Map<ShotKey, ShotNode> shots = new ConcurrentHashMap<>();
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final List<Structure.ListingError> errors = Collections.synchronizedList(new ArrayList<>());
    private final FtpSession.Warnings warn = new FtpSession.Warnings() {
      @Override
      public void warn(String message) {
        Run.this.warn(message);
      }

      @Override
      public void unreadable(String directory, String line, String reason) {
        Structure.ListingError e = new Structure.ListingError(relative(directory), line, reason);
        LOG.error("{}: {}", endpoint.id(), e.message());
        errors.add(e);
      }
    };
    private final ExecutorService workers;

    Run(Selection selection, Consumer<ScanProgress> progress) {
      this.selection = selection;
      this.progress = progress;
      AtomicInteger count = new AtomicInteger();
      ThreadFactory threads = r -> {
        Thread t = new Thread(r, "shotsync-scan-" + endpoint.id() + "-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      this.workers = Executors.newFixedThreadPool(Math.max(1, pool.concurrency()), threads);
    }

    Structure run() {
      try {
        submit(() -> level("", new ArrayList<>(), 0));
        try {
          done.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RemoteException(RemoteException.Kind.TRANSIENT, 0, "scan of " + endpoint.id() + " interrupted", e);
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof ShotSyncException s) {
            throw s;
          }
          throw new ShotSyncException("scan of " + endpoint.id() + " failed: " + cause, cause);
        }
      } finally {
        workers.shutdownNow();
        try {
          workers.awaitTermination(options.dataTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      report(true);
      List<ShotNode> sorted = new ArrayList<>(shots.values());
      sorted.sort((a, b) -> a.shot().compareTo(b.shot()));
      return new Structure(endpoint.id(), clock.instant(), sorted, List.copyOf(warnings), List.copyOf(errors));
    }

    private void submit(Runnable task) {
      pending.incrementAndGet();
      try {
        workers.execute(() -> {
          try {
            if (!done.isDone()) {
              task.run();
            }
          } catch (Throwable t) {
            done.completeExceptionally(t);
          } finally {
            if (pending.decrementAndGet() == 0) {
              done.complete(null);
            }
          }
        });
      } catch (RejectedExecutionException e) {
        pending.decrementAndGet();
      }
    }

    private void level(String relDir, List<String> names, int level) {
      for (RemoteEntry e : list(relDir)) {
        if (!e.directory() || !template.matches(level, e.name())) {
          continue;
        }
        List<String> next = new ArrayList<>(names);
        next.add(e.name());
        String childRel = relDir.isEmpty() ? e.name() : relDir + "/" + e.name();
        if (level + 1 < template.depth()) {
          submit(() -> level(childRel, next, level + 1));
        } else {
          ShotKey key = template.shotOf(next);
          if (key == null) {
            warn("directory '" + SafePaths.printable(childRel) + "' fits the shot template but makes no shot key");
          } else if (selection.matches(key)) {
            submit(() -> shot(key));
          }
        }
      }
    }

    private void shot(ShotKey key) {
      Map<String, List<RemoteEntry>> cache = new HashMap<>();
      String shotRel = layout.shotPath(key);
      List<DepartmentNode> departments = new ArrayList<>();
      for (DepartmentLayout dept : layout.departments()) {
        if (!selection.matches(dept.department())) {
          continue;
        }
        String deptRel = shotRel + "/" + dept.path();
        boolean exists = exists(shotRel, dept.path(), cache);
        DirectoryReader reader = rel -> {
          if (rel.isEmpty() && !exists) {
            return List.of();
          }
          if (rel.chars().filter(c -> c == '/').count() >= MAX_DEPTH) {
            warn("not listing '" + SafePaths.printable(deptRel + "/" + rel) + "': deeper than " + MAX_DEPTH + " levels");
            return List.of();
          }
          String dir = rel.isEmpty() ? deptRel : deptRel + "/" + rel;
          int cut = deptRel.length() + 1;
          List<RemoteEntry> out = new ArrayList<>();
          for (RemoteEntry e : list(dir)) {
            if (!e.directory() && PartFiles.isShotsyncName(e.name())) {
              continue; // another shotsync's temporary or kept-aside file: no version's file, never fetched
            }
            out.add(new RemoteEntry(e.path().substring(cut), e.directory(), e.size(), e.modified(), e.precision()));
          }
          return out;
        };
        SortedMap<Version, List<RemoteEntry>> versions = dept.versions(reader);
        List<List<RemoteEntry>> perVersion = new ArrayList<>();
        List<RemoteEntry> all = new ArrayList<>();
        for (Map.Entry<Version, List<RemoteEntry>> v : versions.entrySet()) {
          List<RemoteEntry> files = new ArrayList<>(v.getValue().size());
          for (RemoteEntry f : v.getValue()) {
            files.add(new RemoteEntry(deptRel + "/" + f.path(), false, f.size(), f.modified(), f.precision()));
          }
          perVersion.add(files);
          all.addAll(files);
        }
        Map<String, RemoteEntry> exact = exact(all);
        List<VersionNode> nodes = new ArrayList<>();
        int i = 0;
        for (Version v : versions.keySet()) {
          List<RemoteEntry> files = perVersion.get(i++);
          if (!exact.isEmpty()) {
            files.replaceAll(f -> exact.getOrDefault(f.path(), f));
          }
          nodes.add(VersionNode.of(v, files));
        }
        departments.add(new DepartmentNode(dept.department(), deptRel, nodes));
      }
      shots.put(key, new ShotNode(key, departments));
    }

    /** True when the department directory exists, judged from its parents' listings (so 550 never means empty). */
    private boolean exists(String shotRel, String deptPath, Map<String, List<RemoteEntry>> cache) {
      String dir = shotRel;
      for (String segment : deptPath.split("/")) {
        List<RemoteEntry> entries = cache.get(dir);
        if (entries == null) {
          entries = list(dir);
          cache.put(dir, entries);
        }
        boolean found = entries.stream().anyMatch(e -> e.directory() && e.name().equals(segment));
        if (!found) {
          return false;
        }
        dir = dir + "/" + segment;
      }
      return true;
    }

    /**
     * The exact mtimes (MDTM) of the files whose listing gave a coarse one, keyed by path; one session asks for all of
     * a department's files in pipelined batches, so a shot costs a few round trips, not one per file.
     */
    private Map<String, RemoteEntry> exact(List<RemoteEntry> files) {
      if (!options.exactMtimes() || files.isEmpty() || !pool.capabilities().mdtm()) {
        return Map.of();
      }
      List<RemoteEntry> coarse = new ArrayList<>();
      List<String> paths = new ArrayList<>();
      for (RemoteEntry f : files) {
        if (!f.precision().isZero()) {
          coarse.add(f);
          paths.add(absolute(f.path()));
        }
      }
      if (coarse.isEmpty()) {
        return Map.of();
      }
      List<Instant> times = withSession("MDTM of " + paths.size() + " files", s -> s.modificationTimes(paths));
      Map<String, RemoteEntry> out = new HashMap<>();
      for (int i = 0; i < coarse.size(); i++) {
        Instant t = times.get(i);
        RemoteEntry f = coarse.get(i);
        if (t != null) {
          out.put(f.path(), new RemoteEntry(f.path(), false, f.size(), t, Duration.ZERO));
        }
      }
      return out;
    }

    /** Lists a directory relative to the endpoint root; entry paths come back relative to the root too. */
    private List<RemoteEntry> list(String rel) {
      String abs = absolute(rel);
      List<RemoteEntry> raw = withSession("listing " + abs, s -> s.list(abs, warn));
      int cut = endpoint.root().equals("/") ? 1 : endpoint.root().length() + 1;
      List<RemoteEntry> out = new ArrayList<>(raw.size());
      for (RemoteEntry e : raw) {
        out.add(new RemoteEntry(e.path().substring(cut), e.directory(), e.size(), e.modified(), e.precision()));
      }
      listed.incrementAndGet();
      seen.addAndGet(out.size());
      report(false);
      return out;
    }

    /** An absolute remote directory relative to the endpoint root ({@code ""} for the root itself). */
    private String relative(String abs) {
      String root = endpoint.root();
      if (abs.equals(root)) {
        return "";
      }
      String prefix = root.endsWith("/") ? root : root + "/";
      return abs.startsWith(prefix) ? abs.substring(prefix.length()) : abs;
    }

    private String absolute(String rel) {
      String root = endpoint.root();
      if (rel.isEmpty()) {
        return root;
      }
      return root.equals("/") ? "/" + rel : root + "/" + rel;
    }

    private <T> T withSession(String what, java.util.function.Function<FtpSession, T> action) {
      int attempt = 0;
      while (true) {
        FtpSession session = pool.borrow();
        boolean broken = false;
        try {
          return action.apply(session);
        } catch (RemoteException e) {
          broken = e.isRetryable();
          if (!e.isRetryable() || attempt >= options.retries() || done.isDone()) {
            throw e;
          }
          long backoff = Math.min(30_000, options.retryBackoff().toMillis() << Math.min(attempt, 16));
          attempt++;
          LOG.info("{} on {} failed ({}); retry {} of {} in {} ms", what, endpoint.id(), e.getMessage(), attempt,
              options.retries(), backoff);
          sleep(backoff);
        } catch (RuntimeException e) {
          broken = true;
          throw e;
        } finally {
          pool.release(session, broken);
        }
      }
    }

    private void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemoteException(RemoteException.Kind.TRANSIENT, 0, "scan of " + endpoint.id() + " interrupted", e);
      }
    }

    private void warn(String message) {
      LOG.warn("{}: {}", endpoint.id(), message);
      warnings.add(message);
    }

    private synchronized void report(boolean last) {
      try {
        progress.accept(new ScanProgress(endpoint.id(), listed.get(), seen.get(), last ? 0 : Math.max(0, pending.get() - 1), last));
      } catch (RuntimeException e) {
        LOG.warn("scan progress listener failed: {}", e.toString());
      }
    }
  }
}
