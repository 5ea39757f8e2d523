package io.shotsync.cli;

import io.shotsync.api.Endpoint;
import io.shotsync.api.TaskSpec;
import io.shotsync.core.ShotSync;
import io.shotsync.core.testkit.FaultProxy;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.jdbc.JdbcTaskStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The chaos soak: real {@code shotsync worker} processes share one PostgreSQL queue of tasks over two shot trees,
 * each tree on its own FTP server behind a {@link FaultProxy} that cuts a share of the data connections at a random
 * byte; every few seconds a random worker is killed with {@code kill -9} and a new one started. After the chaos phase
 * the workers finish the queue, and the soak checks what the issue promises:
 *
 * <ul>
 *   <li>every task COMPLETED, every item completed exactly once;
 *   <li>every local file byte-identical with the remote one and with its mtime; nothing else under the local roots
 *       (no {@code .part}, no probe or aside files);
 *   <li>no item ever held by two live workers at once;
 *   <li>the bytes the servers sent for downloads against what the tasks needed;
 *   <li>the store's invariants at the end (no task or item left running, no RUNNING item without a live lease).
 * </ul>
 *
 * <p><b>How holding is observed.</b> The soak installs, in its own schema only, a trigger on {@code shotsync_items}
 * that appends every change of an item's holder ({@code worker_id}) or status to a table, in the same transaction as
 * the change, with the writing session's {@code application_name}; each worker process connects with its own
 * ({@code ApplicationName=wN} in its {@code --db} URL), and the soak writes a {@code kill} row to the same table, from
 * the same sequence, before it sends each {@code kill -9}. The history is then exact (a change that committed is in
 * it, in the row lock's order per item), and these hold it to the promise: an item's holder changes away from worker
 * A only by A itself (its release) or after A's kill row; a worker changes an item's status only while it holds the
 * item; no item leaves a final status; each item becomes COMPLETED once. This needs no table in the product's schema.
 *
 * <p>Everything random (the kill times and victims, which data connections are cut and at which byte) comes from one
 * seed, printed in the report; the interleaving with the processes' own timing is not reproducible, the schedule is.
 */
final class ChaosSoak {
  /** The shape of one shot tree: shots, each with {@code versions} anim versions and lighting versions. */
  record TreeShape(int shots, int versions, int sceneBytes, int cacheBytes, int frames, int frameBytes) {
    long bytes() {
      return (long) shots * versions * (sceneBytes + cacheBytes + (long) frames * frameBytes);
    }

    int files() {
      return shots * versions * (2 + frames);
    }
  }

  /** What one soak does. */
  record Config(String profile, long seed, int workers, int tasks, Duration chaos, Duration killMin,
      Duration killMax, double cutShare, String workerBwlimit, TreeShape tree, Duration finishTimeout) {

    /**
     * The CI form: about a quarter of a minute of work, a kill every 3-5 s, 8% of data connections cut (so that each
     * fault, a kill, a cut download and a cut listing, comes up in every run; the soak checks that it did).
     */
    static Config quick(long seed) {
      return new Config("quick", seed, 3, 6, Duration.ofSeconds(12), Duration.ofSeconds(3), Duration.ofSeconds(5),
          0.08, "256K", new TreeShape(2, 2, 96 * 1024, 160 * 1024, 2, 64 * 1024), Duration.ofMinutes(4));
    }

    /** The issue's soak: 3 workers, 20 tasks, 5 minutes of a kill every 10-20 s, 5% of data connections cut. */
    static Config bench(long seed) {
      return new Config("bench", seed, 3, 20, Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
          0.05, "512K", new TreeShape(4, 2, 640 * 1024, 1536 * 1024, 4, 256 * 1024), Duration.ofMinutes(15));
    }

    /**
     * The profile named by {@code SHOTSYNC_CHAOS_PROFILE} ({@code quick}, the default, or {@code bench}) with the
     * environment's overrides: {@code SHOTSYNC_CHAOS_SEED}, {@code _WORKERS}, {@code _TASKS}, {@code _SECONDS},
     * {@code _KILL_EVERY} (like {@code 10-20}, seconds), {@code _CUT} (a share, like {@code 0.05}), {@code _BWLIMIT}
     * (each worker's {@code --bwlimit}).
     */
    static Config fromEnvironment() {
      String seedText = env("SHOTSYNC_CHAOS_SEED");
      long seed = seedText == null ? new Random().nextLong() & 0xFFFFFFFFL : Long.parseLong(seedText);
      String profile = env("SHOTSYNC_CHAOS_PROFILE");
      Config c = "bench".equals(profile) ? bench(seed) : quick(seed);
      int workers = intEnv("SHOTSYNC_CHAOS_WORKERS", c.workers);
      int tasks = intEnv("SHOTSYNC_CHAOS_TASKS", c.tasks);
      Duration chaos = Duration.ofSeconds(intEnv("SHOTSYNC_CHAOS_SECONDS", (int) c.chaos.toSeconds()));
      Duration killMin = c.killMin;
      Duration killMax = c.killMax;
      String every = env("SHOTSYNC_CHAOS_KILL_EVERY");
      if (every != null) {
        String[] parts = every.split("-");
        killMin = Duration.ofSeconds(Long.parseLong(parts[0].strip()));
        killMax = Duration.ofSeconds(Long.parseLong(parts[parts.length - 1].strip()));
      }
      String cut = env("SHOTSYNC_CHAOS_CUT");
      String bw = env("SHOTSYNC_CHAOS_BWLIMIT");
      return new Config(c.profile, seed, workers, tasks, chaos, killMin, killMax,
          cut == null ? c.cutShare : Double.parseDouble(cut), bw == null ? c.workerBwlimit : bw, c.tree,
          c.finishTimeout);
    }

    private static int intEnv(String name, int fallback) {
      String v = env(name);
      return v == null ? fallback : Integer.parseInt(v);
    }

    private static String env(String name) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? null : v.strip();
    }
  }

  /** An FTP server of the soak: the directory it serves and its port. */
  record Server(String id, Path root, int port) {}

  /** The soak's outcome: the report's text and the problems found (none when every check held). */
  record Report(String text, List<String> problems) {}

  private record Worker(String label, Process process, Instant started) {}

  private final Config config;
  private final Path jar;
  private final List<Server> servers;
  private final Path work;
  private final List<String> problems = new ArrayList<>();
  private final List<String> timeline = new ArrayList<>();
  private final Map<Long, String> labelsByPid = new HashMap<>();
  private final List<Worker> live = new ArrayList<>();
  private final List<Worker> all = new ArrayList<>();
  private final AtomicInteger cutRetrievals = new AtomicInteger();
  private final AtomicInteger cutListings = new AtomicInteger();
  /** Which listing and which download is the first of its kind to be cut (see {@link #chooseCut}). */
  private final int[] firstCutAt = new int[2];
  private int listingsSeen;
  private int retrievalsSeen;
  private long startNanos;
  private String url = "";
  private String schema = "";

  ChaosSoak(Config config, Path jar, List<Server> servers, Path work) {
    this.config = config;
    this.jar = jar;
    this.servers = servers;
    this.work = work;
  }

  /** Runs the soak against the PostgreSQL server at {@link Postgres#URL}, in a schema it drops at the end. */
  Report run() throws Exception {
    schema = Postgres.createSchema("chaos_");
    url = Postgres.urlOf(schema);
    try {
      return soak();
    } finally {
      for (Worker w : all) {
        w.process().destroyForcibly();
      }
      if (!"1".equals(System.getenv("SHOTSYNC_CHAOS_KEEP"))) {
        Postgres.drop(schema);
      }
    }
  }

  private Report soak() throws Exception {
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    List<Map<String, Integer>> trees = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      trees.add(writeTree(servers.get(i).root(), "ep0" + (i + 1)));
    }
    List<FaultProxy> proxies = new ArrayList<>();
    try {
      for (Server s : servers) {
        proxies.add(new FaultProxy("127.0.0.1", s.port()));
      }
      Random faults = new Random(config.seed() ^ 0x5DEECE66DL);
      for (int i = 0; i < proxies.size(); i++) {
        Map<String, Integer> sizes = trees.get(i);
        proxies.get(i).dataFaults((verb, argument) -> chooseCut(faults, sizes, verb, argument));
      }
      List<Path> localRoots = queue(proxies);
      startNanos = System.nanoTime();
      Duration chaosTook = chaos();
      long finishStart = System.nanoTime();
      boolean finished = waitForTheQueue(config.finishTimeout());
      Duration finishTook = Duration.ofNanos(System.nanoTime() - finishStart);
      if (!finished) {
        problems.add("the queue did not finish within " + config.finishTimeout().toMinutes()
            + " min after the chaos phase: " + taskStatuses());
      }
      stopWorkers();
      double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return report(trees, proxies, localRoots, chaosTook, finishTook, loadBefore, loadAfter);
    } finally {
      proxies.forEach(FaultProxy::close);
    }
  }

  // ---------------------------------------------------------------------------------------------- set-up

  private Map<String, Integer> writeTree(Path root, String episode) {
    TreeShape t = config.tree();
    ShotTreeGenerator g = new ShotTreeGenerator(root);
    for (int s = 1; s <= t.shots(); s++) {
      String name = String.format(Locale.ROOT, "sh%04d", s * 10);
      String shot = episode + "/sq010/" + name;
      for (int v = 1; v <= t.versions(); v++) {
        String version = String.format(Locale.ROOT, "v%03d", v);
        g.file(shot + "/anim/publish/" + version + "/scene.ma", t.sceneBytes());
        g.file(shot + "/anim/publish/" + version + "/cache/geo.abc", t.cacheBytes());
        for (int f = 1; f <= t.frames(); f++) {
          g.file(String.format(Locale.ROOT, "%s/lighting/version/%s_lighting_%s.%04d.exr", shot, name, version, f),
              t.frameBytes());
        }
      }
    }
    return g.files();
  }

  /** Creates the store, installs the history trigger and queues the tasks; answers each task's local root. */
  private List<Path> queue(List<FaultProxy> proxies) throws SQLException {
    List<Path> roots = new ArrayList<>();
    try (JdbcTaskStore store = JdbcTaskStore.open(url + "&ApplicationName=chaos-harness")) {
      installHistory();
      ShotSync.Builder b = ShotSync.builder().store(store).localRoot(work.resolve("local"));
      for (int i = 0; i < servers.size(); i++) {
        b.endpoint(new Endpoint(servers.get(i).id(), "127.0.0.1", proxies.get(i).port(), "anonymous", null, "/",
            false, null));
      }
      try (ShotSync sync = b.build()) {
        for (int i = 0; i < config.tasks(); i++) {
          Path root = work.resolve("local").resolve(String.format(Locale.ROOT, "task-%02d", i));
          roots.add(root);
          sync.queueTask(TaskSpec.builder(servers.get(i % servers.size()).id())
              .name(String.format(Locale.ROOT, "chaos-%02d", i)).versionStrategy("all").conflictStrategy("skip")
              .localRoot(root).build());
        }
      }
    }
    return roots;
  }

  private void installHistory() throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + schema + ".chaos_events (seq BIGSERIAL PRIMARY KEY,"
          + " at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), kind VARCHAR(10) NOT NULL, item_id BIGINT,"
          + " task_id VARCHAR(200), old_worker VARCHAR(200), new_worker VARCHAR(200), old_status VARCHAR(20),"
          + " new_status VARCHAR(20), session VARCHAR(100))");
      st.execute("CREATE FUNCTION " + schema + ".chaos_item_change() RETURNS trigger AS $$ BEGIN"
          + " IF NEW.worker_id IS DISTINCT FROM OLD.worker_id OR NEW.status IS DISTINCT FROM OLD.status THEN"
          + " INSERT INTO " + schema + ".chaos_events (kind, item_id, task_id, old_worker, new_worker, old_status,"
          + " new_status, session) VALUES ('item', NEW.id, NEW.task_id, OLD.worker_id, NEW.worker_id, OLD.status,"
          + " NEW.status, current_setting('application_name')); END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
      st.execute("CREATE TRIGGER chaos_item_change AFTER UPDATE ON " + schema + ".shotsync_items FOR EACH ROW"
          + " EXECUTE FUNCTION " + schema + ".chaos_item_change()");
    }
  }

  /**
   * About {@code cutShare} of downloads cut at a random byte of the file, and of listings cut early (then 426). So
   * that each kind is cut in every soak, however the draws fall, one of the first 8 listings and one of the first 8
   * downloads (which one comes from the seed) is cut where none of its kind was yet. The faults are on while the
   * tasks are queued too: most listings are the queue's scans (a worker lists again only when something changed or
   * failed; a quick run's workers may list not at all).
   */
  private long chooseCut(Random random, Map<String, Integer> sizes, String verb, String argument) {
    synchronized (random) {
      boolean listing = !verb.equals("RETR");
      if (firstCutAt[0] == 0) {
        firstCutAt[0] = 1 + random.nextInt(8);
        firstCutAt[1] = 1 + random.nextInt(8);
      }
      int seen = listing ? ++listingsSeen : ++retrievalsSeen;
      boolean first = config.cutShare() > 0 && seen == firstCutAt[listing ? 0 : 1]
          && (listing ? cutListings : cutRetrievals).get() == 0;
      if (!first && random.nextDouble() >= config.cutShare()) {
        return -1;
      }
      if (listing) {
        cutListings.incrementAndGet();
        return random.nextInt(256);
      }
      cutRetrievals.incrementAndGet();
      String path = argument.startsWith("/") ? argument.substring(1) : argument;
      Integer size = sizes.get(path);
      return random.nextInt(size == null || size < 1 ? 65536 : size);
    }
  }

  // ---------------------------------------------------------------------------------------------- chaos

  private Duration chaos() throws Exception {
    Random random = new Random(config.seed());
    for (int i = 0; i < config.workers(); i++) {
      startWorker();
    }
    long end = startNanos + config.chaos().toNanos();
    long nextKill = System.nanoTime() + pause(random);
    while (System.nanoTime() < end) {
      replaceExited();
      if (allTasksFinal()) {
        note("the queue finished before the chaos phase ended");
        break;
      }
      if (System.nanoTime() >= nextKill) {
        Worker victim = live.get(random.nextInt(live.size()));
        kill(victim);
        startWorker();
        nextKill = System.nanoTime() + pause(random);
      }
      Thread.sleep(100);
    }
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private long pause(Random random) {
    long min = config.killMin().toMillis();
    long max = Math.max(min, config.killMax().toMillis());
    return TimeUnit.MILLISECONDS.toNanos(min + (max > min ? (long) (random.nextDouble() * (max - min)) : 0));
  }

  private void startWorker() throws IOException {
    String label = "w" + (all.size() + 1);
    Path logs = Files.createDirectories(work.resolve("workers"));
    Path home = Files.createDirectories(work.resolve("home"));
    List<String> cmd = Cli.java();
    cmd.addAll(List.of("-Xmx192m", "-jar", jar.toString(), "worker", "--db", url + "&ApplicationName=" + label,
        "--bwlimit", config.workerBwlimit()));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true).redirectOutput(logs.resolve(label + ".log").toFile()).directory(home.toFile());
    pb.environment().remove("SHOTSYNC_PASSWORD");
    pb.environment().remove("NETRC");
    pb.environment().put("HOME", home.toString());
    pb.environment().put("SHOTSYNC_HOME", home.resolve(".shotsync").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    Worker w = new Worker(label, p, Instant.now());
    String earlier = labelsByPid.put(p.pid(), label);
    if (earlier != null) {
      note("pid " + p.pid() + " reused: " + earlier + " then " + label);
    }
    live.add(w);
    all.add(w);
    note("started " + label + " (pid " + p.pid() + ")");
  }

  /** Writes the kill into the history, then kills the process with SIGKILL and waits for it. */
  private void kill(Worker w) throws Exception {
    long seq = event("kill", w.label());
    w.process().destroyForcibly();
    if (!w.process().waitFor(60, TimeUnit.SECONDS)) {
      problems.add(w.label() + " did not die within 60 s of kill -9");
    }
    live.remove(w);
    note("kill -9 " + w.label() + " (history #" + seq + ")");
  }

  /** A worker that ended by itself is a finding; it is recorded, and replaced. */
  private void replaceExited() throws Exception {
    for (Worker w : List.copyOf(live)) {
      if (!w.process().isAlive()) {
        event("exit", w.label());
        live.remove(w);
        problems.add(w.label() + " exited by itself with status " + w.process().exitValue() + " (see "
            + work.resolve("workers").resolve(w.label() + ".log") + ")");
        startWorker();
      }
    }
  }

  private boolean waitForTheQueue(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (allTasksFinal()) {
        return true;
      }
      replaceExited();
      Thread.sleep(500);
    }
    return allTasksFinal();
  }

  /** Ends the remaining workers with SIGTERM (after writing it into the history), as an operator would. */
  private void stopWorkers() throws Exception {
    for (Worker w : List.copyOf(live)) {
      event("stop", w.label());
      w.process().destroy();
    }
    for (Worker w : List.copyOf(live)) {
      if (!w.process().waitFor(60, TimeUnit.SECONDS)) {
        problems.add(w.label() + " did not stop within 60 s of SIGTERM; killed");
        w.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      live.remove(w);
    }
    note("stopped the remaining workers");
  }

  private void note(String what) {
    timeline.add(String.format(Locale.ROOT, "%7.1f s  %s", (System.nanoTime() - startNanos) / 1e9, what));
  }

  // ---------------------------------------------------------------------------------------------- the store

  private long event(String kind, String label) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("INSERT INTO chaos_events (kind, session) VALUES (?, ?)"
            + " RETURNING seq")) {
      ps.setString(1, kind);
      ps.setString(2, label);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private boolean allTasksFinal() throws SQLException {
    return count("SELECT count(*) FROM shotsync_tasks WHERE status IN ('PENDING', 'QUEUED', 'RUNNING')") == 0;
  }

  private long count(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Map<String, Long> counts(String sql) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  private String taskStatuses() throws SQLException {
    return counts("SELECT status, count(*) FROM shotsync_tasks GROUP BY status").toString();
  }

  private List<ClaimHistory.Event> history() throws SQLException {
    List<ClaimHistory.Event> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT seq, at, kind, item_id, task_id, old_worker, new_worker, old_status,"
            + " new_status, session FROM chaos_events ORDER BY seq")) {
      while (rs.next()) {
        out.add(new ClaimHistory.Event(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
            rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
            rs.getString(10)));
      }
    }
    return out;
  }

  /** The soak's label of a worker id {@code HOST:PID:START:RANDOM}, by its pid; null when it is none of ours. */
  private String labelOf(String workerId) {
    String[] parts = workerId.split(":");
    try {
      return parts.length == 4 ? labelsByPid.get(Long.parseLong(parts[1])) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------- checks

  private Report report(List<Map<String, Integer>> trees, List<FaultProxy> proxies, List<Path> localRoots,
      Duration chaosTook, Duration finishTook, double loadBefore, double loadAfter) throws Exception {
    StringBuilder r = new StringBuilder();
    TreeShape t = config.tree();
    long killed = timeline.stream().filter(l -> l.contains("kill -9")).count();
    r.append(String.format(Locale.ROOT, "shotsync chaos soak, profile %s, seed %d%n", config.profile(),
        config.seed()));
    r.append(String.format(Locale.ROOT, "machine: %d cores, %s %s, Java %s, %s; load average %.1f at the start,"
        + " %.1f at the end%n", Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("java.version"), postgresVersion(), loadBefore,
        loadAfter));
    r.append(String.format(Locale.ROOT, "set-up: %d workers (shotsync worker --bwlimit %s), %d tasks (version"
        + " strategy all) over %d trees of %d files, %.1f MiB each; kill -9 every %d-%d s for %d s; %.0f%% of data"
        + " connections cut at a random byte%n", config.workers(), config.workerBwlimit(), config.tasks(),
        servers.size(), t.files(), t.bytes() / 1048576.0, config.killMin().toSeconds(), config.killMax().toSeconds(),
        config.chaos().toSeconds(), config.cutShare() * 100));
    r.append(String.format(Locale.ROOT, "run: chaos phase %.0f s, then the queue finished in %.0f s; %d workers"
        + " started, %d killed with kill -9%n", chaosTook.toMillis() / 1000.0, finishTook.toMillis() / 1000.0,
        all.size(), killed));

    // faults
    long retrs = proxies.stream().mapToLong(FaultProxy::retrs).sum();
    long listings = proxies.stream().flatMap(p -> p.commands().stream())
        .filter(cmd -> cmd.startsWith("MLSD") || cmd.startsWith("LIST") || cmd.startsWith("NLST")).count();
    long rests = proxies.stream().flatMap(p -> p.restOffsets().stream()).filter(o -> o > 0).count();
    r.append(String.format(Locale.ROOT, "faults: %d of %d downloads cut at a random byte (%.1f%%), %d of %d"
        + " listings cut early or answered 426; %d data connections cut in all; %d downloads resumed with REST%n", cutRetrievals.get(), retrs,
        retrs == 0 ? 0 : 100.0 * cutRetrievals.get() / retrs, cutListings.get(), listings,
        proxies.stream().mapToInt(FaultProxy::cuts).sum(), rests));

    boolean killsDue = config.chaos().compareTo(config.killMax()) >= 0;
    boolean cutsDue = config.cutShare() > 0;
    if ((killsDue && killed == 0) || (cutsDue && (cutRetrievals.get() == 0 || cutListings.get() == 0))) {
      problems.add("not every fault came up (" + killed + " kills, " + cutRetrievals.get() + " downloads and "
          + cutListings.get() + " listings cut): the soak did not test what it injects");
    }
    checkTasksAndItems(r);
    checkFiles(r, trees, localRoots);
    checkHistory(r);

    // bytes
    long needed = 0;
    for (int i = 0; i < config.tasks(); i++) {
      needed += trees.get(i % trees.size()).values().stream().mapToLong(Integer::longValue).sum();
    }
    long sent = proxies.stream().mapToLong(FaultProxy::retrievedBytes).sum();
    r.append(String.format(Locale.ROOT, "bytes: the tasks needed %.1f MiB (%d x a %.1f MiB tree); the servers sent"
        + " %.1f MiB for downloads, %.3f x what was needed%n", needed / 1048576.0, config.tasks(),
        t.bytes() / 1048576.0, sent / 1048576.0, needed == 0 ? 0 : (double) sent / needed));
    if (sent < needed) {
      problems.add("the servers sent " + sent + " bytes for downloads, fewer than the " + needed
          + " the files hold: some bytes did not come from the server");
    }

    Map<String, Long> levels = counts("SELECT log_level, count(*) FROM shotsync_logs GROUP BY log_level");
    r.append("task logs: ").append(levels).append('\n');
    r.append("timeline:\n");
    timeline.forEach(l -> r.append("  ").append(l).append('\n'));
    if (problems.isEmpty()) {
      r.append("result: every check held\n");
    } else {
      r.append("result: ").append(problems.size()).append(" problem(s)\n");
      problems.forEach(p -> r.append("  - ").append(p).append('\n'));
    }
    return new Report(r.toString(), List.copyOf(problems));
  }

  private void checkTasksAndItems(StringBuilder r) throws SQLException {
    Map<String, Long> tasks = counts("SELECT status, count(*) FROM shotsync_tasks GROUP BY status");
    Map<String, Long> items = counts("SELECT status, count(*) FROM shotsync_items GROUP BY status");
    long taskCount = tasks.values().stream().mapToLong(Long::longValue).sum();
    long itemCount = items.values().stream().mapToLong(Long::longValue).sum();
    long expectedItems = (long) config.tasks() * config.tree().shots() * 2;
    r.append(String.format(Locale.ROOT, "tasks: %d, by status %s; items: %d, by status %s%n", taskCount, tasks,
        itemCount, items));
    if (taskCount != config.tasks() || tasks.getOrDefault("COMPLETED", 0L) != taskCount) {
      problems.add("not every task COMPLETED: " + tasks + " of " + config.tasks() + " queued");
      try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT name, status, message FROM shotsync_tasks"
              + " WHERE status <> 'COMPLETED' ORDER BY name")) {
        while (rs.next()) {
          problems.add("  task " + rs.getString(1) + " " + rs.getString(2) + ": " + rs.getString(3));
        }
      }
    }
    if (itemCount != expectedItems || items.getOrDefault("COMPLETED", 0L) != itemCount) {
      problems.add("not every item COMPLETED: " + items + ", " + expectedItems + " expected");
    }
    long running = count("SELECT count(*) FROM shotsync_items WHERE status = 'RUNNING'");
    long runningUnleased = count("SELECT count(*) FROM shotsync_items WHERE status = 'RUNNING'"
        + " AND (worker_id IS NULL OR lease_until IS NULL OR lease_until <= now())");
    long notFinal = count("SELECT count(*) FROM shotsync_items WHERE status NOT IN ('COMPLETED', 'SKIPPED', 'FAILED',"
        + " 'CANCELLED')");
    long claimsLeft = count("SELECT count(*) FROM shotsync_items WHERE worker_id IS NOT NULL");
    long failedFiles = count("SELECT coalesce(sum(files_failed), 0) FROM shotsync_items");
    long resumedFiles = count("SELECT coalesce(sum(files_resumed), 0) FROM shotsync_items");
    r.append(String.format(Locale.ROOT, "store at the end: %d items RUNNING, %d of them without a live lease; %d"
        + " not final; %d claims left on final items by killed workers; files failed %d, resumed %d%n", running,
        runningUnleased, notFinal, claimsLeft, failedFiles, resumedFiles));
    if (runningUnleased > 0) {
      problems.add(runningUnleased + " RUNNING items without a live lease at the end");
    }
    if (notFinal > 0) {
      problems.add(notFinal + " items not final at the end");
    }
    long claimedNotFinal = count("SELECT count(*) FROM shotsync_items WHERE worker_id IS NOT NULL AND status NOT IN"
        + " ('COMPLETED', 'SKIPPED', 'FAILED', 'CANCELLED')");
    if (claimedNotFinal > 0) {
      problems.add(claimedNotFinal + " items not final still claimed at the end");
    }
  }

  private void checkFiles(StringBuilder r, List<Map<String, Integer>> trees, List<Path> localRoots)
      throws IOException {
    int checked = 0;
    int identical = 0;
    int mtimes = 0;
    int parts = 0;
    int extra = 0;
    int missing = 0;
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < localRoots.size(); i++) {
      Server server = servers.get(i % servers.size());
      Path local = localRoots.get(i);
      Set<String> remote = new TreeSet<>(trees.get(i % trees.size()).keySet());
      Set<String> present = new TreeSet<>(files(local));
      for (String rel : present) {
        if (!remote.contains(rel)) {
          extra++;
          if (rel.contains(".part")) {
            parts++;
          }
          show(shown, "task-" + i + ": left under the local root: " + rel);
        }
      }
      for (String rel : remote) {
        if (!present.contains(rel)) {
          missing++;
          show(shown, "task-" + i + ": missing: " + rel);
          continue;
        }
        checked++;
        Path want = server.root().resolve(rel);
        Path got = local.resolve(rel);
        if (Files.mismatch(want, got) == -1) {
          identical++;
        } else {
          show(shown, "task-" + i + ": bytes differ from the remote: " + rel + " (" + Files.size(got) + " of "
              + Files.size(want) + " bytes)");
        }
        Instant remoteTime = Files.getLastModifiedTime(want).toInstant().truncatedTo(ChronoUnit.SECONDS);
        Instant localTime = Files.getLastModifiedTime(got).toInstant().truncatedTo(ChronoUnit.SECONDS);
        if (remoteTime.equals(localTime)) {
          mtimes++;
        } else {
          show(shown, "task-" + i + ": mtime " + localTime + " instead of the remote " + remoteTime + ": " + rel);
        }
      }
    }
    r.append(String.format(Locale.ROOT, "files: %d checked, %d byte-identical with the remote, %d with the remote"
        + " mtime; %d missing, %d left over (%d .part)%n", checked, identical, mtimes, missing, extra, parts));
    if (identical != checked || mtimes != checked || missing > 0 || extra > 0) {
      problems.add("files differ from the remote trees (" + (checked - identical) + " bytes, " + (checked - mtimes)
          + " mtimes, " + missing + " missing, " + extra + " left over):");
      shown.forEach(s -> problems.add("  " + s));
    }
  }

  private static void show(List<String> shown, String line) {
    if (shown.size() < 20) {
      shown.add(line);
    }
  }

  /** Every regular file and link under a directory, hidden ones included, relative, with '/'. */
  private static List<String> files(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> dir.relativize(p).toString().replace('\\', '/')).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void checkHistory(StringBuilder r) throws SQLException {
    ClaimHistory.Result h = ClaimHistory.check(history(), this::labelOf);
    long itemCount = count("SELECT count(*) FROM shotsync_items");
    long never = itemCount - h.completions().size();
    r.append(String.format(Locale.ROOT, "claims (from the store's change history, %d rows): %d claims, %d releases"
        + " by their holder, %d items taken over from %d killed workers (the slowest %.1f s after its kill); items"
        + " held by two live workers at once or written by a non-holder: %d; items completed more than once: %d,"
        + " never: %d%n", h.rows(), h.claims(), h.releases(), h.takeovers(), h.killedTakenFrom().size(),
        h.slowestTakeover().toMillis() / 1000.0, h.violations().size(), h.completedTwice(), never));
    if (!h.violations().isEmpty()) {
      problems.add(h.violations().size() + " claim history violations:");
      h.violations().stream().limit(20).forEach(s -> problems.add("  " + s));
    }
    if (h.completedTwice() > 0) {
      problems.add(h.completedTwice() + " items completed more than once: " + h.completions().entrySet().stream()
          .filter(x -> x.getValue() > 1).map(Map.Entry::getKey).toList());
    }
    if (never > 0) {
      problems.add(never + " items never set COMPLETED in the history");
    }
  }

  private String postgresVersion() {
    try (Connection c = DriverManager.getConnection(url)) {
      return "PostgreSQL " + c.getMetaData().getDatabaseProductVersion();
    } catch (SQLException e) {
      return "PostgreSQL (version unknown)";
    }
  }
}
