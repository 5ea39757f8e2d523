package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotsync.api.Department;
import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.FileStats;
import io.shotsync.api.FileStatus;
import io.shotsync.api.ItemKey;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.ShotKey;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.Version;
import io.shotsync.api.spi.ConflictContext;
import io.shotsync.api.spi.ConflictDecision;
import io.shotsync.api.spi.ConflictStrategy;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Structure;
import io.shotsync.core.TaskPlan;
import io.shotsync.core.TaskPlan.PlannedAction;
import io.shotsync.core.TaskPlan.PlannedFile;
import io.shotsync.core.internal.plan.Planner;
import io.shotsync.core.internal.scan.StructureJson;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.internal.files.PartFiles;
import io.shotsync.core.internal.files.PartRecord;
import io.shotsync.core.strategy.CompareConflictStrategy;
import io.shotsync.api.event.FileEvent;
import io.shotsync.core.testkit.EventRecorder;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a dry run says is what the run then does, file by file and in the item statistics: every built-in conflict
 * strategy over every local state a file can be in, with the listing's mtimes exact (MLSD) and coarse (a day, as LIST
 * shows older files), for a new spec ({@code plan(spec)}) and for the stored task with its records
 * ({@code plan(taskId)}).
 */
class PlanPredictsRunTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  private static final String SHOT = "ep01/sq010/sh0010";
  private static final String DIR = SHOT + "/anim/publish/v001/";
  private static final int SIZE = 3000;
  private static final int PREFIX = 1000;

  /** The local states of one file; each file of the shot is in one of them. */
  enum State {
    ABSENT, EQUAL, OLDER_WITHIN_THE_DAY, OLDER, NEWER, OTHER_SIZE, PART_PREFIX_WITHOUT_RECORD, PART_PREFIX_WITH_RECORD,
    PART_LARGER_THAN_REMOTE, FINISHED_IN_AN_EARLIER_RUN;

    String path() {
      return DIR + name().toLowerCase(java.util.Locale.ROOT) + ".bin";
    }
  }

  /** States whose outcome depends on the task's records: a new spec's plan cannot know them. */
  private static final Set<State> NEED_RECORDS = EnumSet.of(State.PART_PREFIX_WITH_RECORD,
      State.PART_LARGER_THAN_REMOTE, State.FINISHED_IN_AN_EARLIER_RUN);

  @TempDir
  Path local;
  final EventRecorder events = new EventRecorder();
  ShotTreeGenerator tree;
  InMemoryTaskStore store;

  @BeforeEach
  void tree() {
    tree = new ShotTreeGenerator(FTP.root());
    for (State s : State.values()) {
      tree.file(s.path(), SIZE);
    }
    store = new InMemoryTaskStore();
  }

  @ParameterizedTest(name = "{0}, {1} mtimes")
  @CsvSource({"skip, exact", "skip, coarse", "compare, exact", "compare, coarse", "overwrite, exact",
      "overwrite, coarse", "keep_both, exact", "keep_both, coarse"})
  void thePlanPredictsTheRunFileByFile(String strategy, String mtimes) throws Exception {
    try (ShotSync sync = open(Map.of())) {
      Map<String, PlannedAction> run = planAndRun(sync, strategy, mtimes.equals("coarse"));
      // the cases the issue was filed for, whatever the strategy
      assertThat(run.get(State.PART_PREFIX_WITHOUT_RECORD.path())).isEqualTo(PlannedAction.DOWNLOAD);
      assertThat(run.get(State.PART_PREFIX_WITH_RECORD.path())).isEqualTo(PlannedAction.RESUME);
      assertThat(run.get(State.PART_LARGER_THAN_REMOTE.path())).isEqualTo(PlannedAction.DOWNLOAD);
      assertThat(run.get(State.FINISHED_IN_AN_EARLIER_RUN.path())).isEqualTo(PlannedAction.DOWNLOAD);
      if (strategy.equals("compare")) {
        // exact by MDTM before deciding, in the plan as in the run, also where the listing shows only the day
        assertThat(run.get(State.OLDER_WITHIN_THE_DAY.path())).isEqualTo(PlannedAction.OVERWRITE);
        assertThat(run.get(State.EQUAL.path())).isEqualTo(PlannedAction.SKIP);
      }
    }
  }

  @Test
  void aPluginThatComparesRemoteMtimesGetsTheSameMdtmAsCompare() throws Exception {
    Map<String, ConflictStrategy> plugins = new LinkedHashMap<>();
    plugins.put("studio_mtime", new MtimePlugin(true));
    plugins.put("studio_blind", new MtimePlugin(false));
    try (ShotSync sync = open(plugins)) {
      Map<String, PlannedAction> declares = planAndRun(sync, "studio_mtime", true);
      assertThat(declares.get(State.OLDER_WITHIN_THE_DAY.path())).isEqualTo(PlannedAction.OVERWRITE);
    }
  }

  @Test
  void aPluginThatDoesNotCompareRemoteMtimesIsNotAskedMdtm() throws Exception {
    try (ShotSync sync = open(Map.of("studio_blind", new MtimePlugin(false)))) {
      Map<String, PlannedAction> blind = planAndRun(sync, "studio_blind", true);
      // with the day-precise listing's mtime, a local file two hours older counts as the same time
      assertThat(blind.get(State.OLDER_WITHIN_THE_DAY.path())).isEqualTo(PlannedAction.SKIP);
    }
  }

  /** Decides like {@code compare}, and declares (or not) that it compares remote mtimes. */
  static final class MtimePlugin implements ConflictStrategy {
    private final boolean declares;

    MtimePlugin(boolean declares) {
      this.declares = declares;
    }

    @Override
    public ConflictDecision decide(ConflictContext context) {
      return new CompareConflictStrategy().decide(context);
    }

    @Override
    public boolean comparesRemoteMtimes() {
      return declares;
    }
  }

  private ShotSync open(Map<String, ConflictStrategy> plugins) {
    ShotSync.Builder b = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast()).store(store)
        .listener(events);
    plugins.forEach(b::conflictStrategy);
    return b.build();
  }

  /**
   * Sets up every state, plans the new spec, creates the task with its records, plans it, runs it, and checks that
   * each plan says what the run did. Answers what the run did to each file.
   */
  private Map<String, PlannedAction> planAndRun(ShotSync sync, String strategy, boolean coarse) throws Exception {
    String id = FTP.endpoint().id();
    sync.scan(id);
    if (coarse) {
      coarsen(id);
    }
    Map<String, RemoteEntry> remote = remoteEntries(sync.structure(id).orElseThrow());
    for (State s : State.values()) {
      prepare(s);
    }
    TaskSpec spec = spec(FTP.endpoint()).shots(SHOT).departments(Department.ANIM).conflictStrategy(strategy).build();
    Map<String, PlannedFile> specPlan = files(sync.plan(spec));

    Task task = sync.createTask(spec);
    TaskItem item = sync.items(task.id()).get(0);
    saveRecords(task.id(), item.id(), remote);
    TaskPlan plan = sync.plan(task.id());
    Map<String, PlannedFile> planned = files(plan);

    events.clear();
    Task done = sync.execute(task.id()).await(Duration.ofSeconds(60));
    Map<String, PlannedAction> ran = new TreeMap<>();
    for (EventRecorder.Event e : events.events("fileFinished")) {
      ran.put(e.key(), Planner.planned(((FileEvent) e.payload()).action()));
    }
    // the store keeps a record of each file whose state changed (or, finished in an earlier run, still has it), and
    // none of a file left unchanged
    Map<String, PlannedAction> recorded = new TreeMap<>();
    for (FileRecord f : store.files(task.id())) {
      assertThat(f.status()).as(f.path()).isEqualTo(FileStatus.DONE);
      recorded.put(f.path(), Planner.planned(f.action()));
    }
    assertThat(recorded).as("the records of the run (%s)", strategy).isEqualTo(ran.entrySet().stream()
        .filter(e -> e.getValue() != PlannedAction.SKIP)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new)));
    Map<String, PlannedAction> predicted = planned.values().stream()
        .collect(Collectors.toMap(PlannedFile::path, PlannedFile::action, (a, b) -> a, TreeMap::new));
    assertThat(ran).as("what the run did, against the plan of the task (%s, %s mtimes)", strategy,
        coarse ? "coarse" : "exact").isEqualTo(predicted);
    for (State s : State.values()) {
      if (!NEED_RECORDS.contains(s)) {
        assertThat(specPlan.get(s.path()).action()).as("the new spec's plan of %s", s)
            .isEqualTo(ran.get(s.path()));
      }
    }
    TaskItem after = sync.items(done.id()).get(0);
    assertThat(after.stats()).as("item statistics").isEqualTo(stats(plan));
    for (State s : State.values()) {
      if (ran.get(s.path()) != PlannedAction.SKIP) {
        assertSameBytes(local, s.path(), SIZE);
      }
      assertThat(Files.exists(PartFiles.partOf(local.resolve(s.path())))).as("no .part left of %s", s).isFalse();
    }
    return ran;
  }

  /** Puts one file in its state. */
  private void prepare(State s) throws Exception {
    Path file = local.resolve(s.path());
    Files.createDirectories(file.getParent());
    byte[] content = ShotTreeGenerator.content(s.path(), SIZE);
    Instant exact = tree.mtime(s.path());
    switch (s) {
      case ABSENT -> { }
      case EQUAL, FINISHED_IN_AN_EARLIER_RUN -> write(file, content, exact);
      case OLDER_WITHIN_THE_DAY -> write(file, content, exact.minus(Duration.ofHours(2)));
      case OLDER -> write(file, content, Instant.parse("2023-01-01T00:00:00Z"));
      case NEWER -> write(file, content, Instant.parse("2025-01-01T00:00:00Z"));
      case OTHER_SIZE -> write(file, Arrays.copyOf(content, 1234), exact);
      case PART_PREFIX_WITHOUT_RECORD, PART_PREFIX_WITH_RECORD ->
          Files.write(PartFiles.partOf(file), Arrays.copyOf(content, PREFIX));
      case PART_LARGER_THAN_REMOTE -> Files.write(PartFiles.partOf(file), new byte[SIZE + 1000]);
    }
  }

  private static void write(Path file, byte[] content, Instant mtime) throws Exception {
    Files.write(file, content);
    Files.setLastModifiedTime(file, FileTime.from(mtime));
  }

  /**
   * What an earlier, interrupted run of the task left: the records beside its temporary files and, in the store, a
   * file it finished; with the remote entries as it saw them.
   */
  private void saveRecords(String taskId, long itemId, Map<String, RemoteEntry> remote) throws Exception {
    Instant now = Instant.now();
    String withRecord = State.PART_PREFIX_WITH_RECORD.path();
    String larger = State.PART_LARGER_THAN_REMOTE.path();
    String finished = State.FINISHED_IN_AN_EARLIER_RUN.path();
    writeRecordBeside(withRecord, remote.get(withRecord).modified(), PREFIX);
    writeRecordBeside(larger, remote.get(larger).modified(), SIZE);
    store.saveFiles(List.of(
        new FileRecord(taskId, itemId, finished, Version.of(1), SIZE, remote.get(finished).modified(),
            FileStatus.DONE, FileAction.DOWNLOADED, SIZE, null, now)));
  }

  private void writeRecordBeside(String path, Instant remoteModified, long held) throws Exception {
    Files.writeString(PartRecord.pathOf(local.resolve(path)),
        new PartRecord(SIZE, remoteModified, List.of(new PartRecord.Span(0, held))).encode());
  }

  /** Replaces the stored scan by one whose mtimes are only as precise as the day, as LIST shows older files. */
  private void coarsen(String endpointId) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    Structure exact = store.structure(endpointId).map(s -> StructureJson.read(s.json())).orElseThrow();
    ObjectNode root = (ObjectNode) mapper.readTree(StructureJson.write(exact));
    Instant now = Instant.now();
    root.put("scannedAt", now.toString());
    coarsen(root);
    store.saveStructure(endpointId, mapper.writeValueAsString(root), now);
  }

  private static void coarsen(JsonNode node) {
    if (node instanceof ObjectNode o && o.has("precision") && o.hasNonNull("modified")) {
      o.put("precision", Duration.ofDays(1).toString());
      o.put("modified", Instant.parse(o.get("modified").asText()).truncatedTo(ChronoUnit.DAYS).toString());
    }
    node.forEach(PlanPredictsRunTest::coarsen);
  }

  private static Map<String, RemoteEntry> remoteEntries(Structure s) {
    Structure.DepartmentNode dept = s.department(new ItemKey(ShotKey.parse(SHOT), Department.ANIM)).orElseThrow();
    return dept.version(Version.of(1)).orElseThrow().files().stream()
        .collect(Collectors.toMap(RemoteEntry::path, e -> e));
  }

  private static Map<String, PlannedFile> files(TaskPlan plan) {
    return plan.items().stream().flatMap(i -> i.files().stream())
        .collect(Collectors.toMap(PlannedFile::path, f -> f));
  }

  private static FileStats stats(TaskPlan plan) {
    FileStats s = FileStats.ZERO;
    for (PlannedFile f : files(plan).values()) {
      s = s.plus(switch (f.action()) {
        case DOWNLOAD -> FileAction.DOWNLOADED;
        case SKIP -> FileAction.SKIPPED;
        case OVERWRITE -> FileAction.OVERWRITTEN;
        case KEEP_BOTH -> FileAction.KEPT_BOTH;
        case RESUME -> FileAction.RESUMED;
      });
    }
    return s;
  }

}
