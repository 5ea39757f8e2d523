package io.shotsync.core.internal.plan;

import io.shotsync.api.Department;
import io.shotsync.api.FileAction;
import io.shotsync.api.FileRecord;
import io.shotsync.api.ItemKey;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.ShotSyncException;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.Version;
import io.shotsync.api.spi.ConflictStrategy;
import io.shotsync.api.spi.VersionContext;
import io.shotsync.api.spi.VersionDecision;
import io.shotsync.api.spi.VersionStrategy;
import io.shotsync.core.Strategies;
import io.shotsync.core.Structure;
import io.shotsync.core.TaskPlan;
import io.shotsync.core.TaskPlan.PlannedAction;
import io.shotsync.core.TaskPlan.PlannedFile;
import io.shotsync.core.TaskPlan.PlannedItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link TaskSpec} and a {@link Structure} into items (selected shots x departments), resolves each item to
 * versions with its {@link VersionStrategy} and then to files, and answers dry-run plans. Reads local disk, never
 * writes it.
 */
public final class Planner {

  /** One file to fetch: the version it belongs to and its remote entry (path relative to the endpoint root). */
  public record FileSpec(Version version, RemoteEntry entry) {}

  /** What the version strategy made of an item. */
  public sealed interface Resolution {
    /** The item's available versions, newest last. */
    List<Version> available();
  }

  /** Fetch these versions and files. */
  public record Fetch(List<Version> available, List<Version> versions, List<FileSpec> files, String reason)
      implements Resolution {
    /** Bytes of every file. */
    public long bytes() {
      return files.stream().mapToLong(f -> f.entry().size()).sum();
    }
  }

  /** The strategy skipped the item. */
  public record Skip(List<Version> available, String reason) implements Resolution {}

  /** The strategy failed (threw, or chose a version the server does not have). */
  public record Failure(List<Version> available, String reason) implements Resolution {}

  private final Strategies strategies;

  /** A planner over these strategies. */
  public Planner(Strategies strategies) {
    this.strategies = strategies;
  }

  /**
   * Checks a spec before anything runs: both strategy ids must be known.
   *
   * @throws io.shotsync.api.UnknownStrategyException listing the known ids
   */
  public void validate(TaskSpec spec) {
    strategies.version(spec.versionStrategy());
    strategies.conflict(spec.conflictStrategy());
  }

  /** The selected items of the structure, sorted: matching shots x selected departments (named ones even when absent). */
  public List<ItemKey> keys(TaskSpec spec, Structure structure) {
    Set<ItemKey> keys = new TreeSet<>();
    for (Structure.ShotNode shot : structure.shots()) {
      if (!spec.selection().matches(shot.shot())) {
        continue;
      }
      for (Structure.DepartmentNode d : shot.departments()) {
        if (spec.selection().matches(d.department())) {
          keys.add(new ItemKey(shot.shot(), d.department()));
        }
      }
      for (Department d : spec.selection().departments()) {
        keys.add(new ItemKey(shot.shot(), d));
      }
    }
    return List.copyOf(keys);
  }

  /** New pending items for the keys, ids from {@code firstId}, each with its plan (versions, files, bytes). */
  public List<TaskItem> createItems(String taskId, long firstId, List<ItemKey> keys, TaskSpec spec,
      Structure structure, Destination dest) {
    List<TaskItem> out = new ArrayList<>(keys.size());
    long id = firstId;
    for (ItemKey key : keys) {
      List<Version> available = available(structure, key);
      TaskItem item = TaskItem.create(id++, taskId, key, spec.customVersions().get(key), available,
          dest.localVersion(key));
      Resolution r = resolve(item, spec, structure, dest);
      if (r instanceof Fetch f) {
        item = item.withPlan(f.versions(), f.files().size(), f.bytes());
      }
      out.add(item);
    }
    return out;
  }

  /** The available versions of an item in the structure, in numeric order. */
  public static List<Version> available(Structure structure, ItemKey key) {
    return structure.department(key).map(Structure.DepartmentNode::versionList).orElse(List.of());
  }

  /** Resolves one item against the structure with the spec's version strategy; never throws for a strategy's fault. */
  public Resolution resolve(TaskItem item, TaskSpec spec, Structure structure, Destination dest) {
    ItemKey key = item.key();
    Structure.DepartmentNode dept = structure.department(key).orElse(null);
    List<Version> available = dept == null ? List.of() : dept.versionList();
    Version latest = dept == null ? null : dept.latest();
    Version selected = spec.customVersions().getOrDefault(key, item.selectedVersion());
    VersionContext ctx = new VersionContext(key, available, latest, item.localVersion(), spec.specificVersion(),
        selected, spec.properties(), dest.root(), spec);
    VersionStrategy strategy = strategies.version(spec.versionStrategy());
    VersionDecision decision;
    try {
      decision = strategy.select(ctx);
    } catch (RuntimeException e) {
      return new Failure(available, "version strategy '" + spec.versionStrategy() + "' failed for " + key + ": "
          + messageOf(e));
    }
    if (decision == null) {
      return new Failure(available, "version strategy '" + spec.versionStrategy() + "' gave no decision for " + key);
    }
    if (decision instanceof VersionDecision.Skip s) {
      return new Skip(available, s.reason());
    }
    VersionDecision.Fetch fetch = (VersionDecision.Fetch) decision;
    List<FileSpec> files = new ArrayList<>();
    for (Version v : fetch.versions()) {
      Structure.VersionNode node = dept == null ? null : dept.version(v).orElse(null);
      if (node == null) {
        return new Failure(available, "version strategy '" + spec.versionStrategy() + "' chose " + v + " for " + key
            + ", which the server does not have");
      }
      for (RemoteEntry e : node.files()) {
        if (!e.directory()) {
          files.add(new FileSpec(v, e));
        }
      }
    }
    return new Fetch(available, fetch.versions(), files, fetch.reason());
  }

  /**
   * What a dry run knows beyond the spec: for a stored task, its items and the file records of its earlier runs; and
   * how to ask the server for exact mtimes.
   *
   * @param items the items to plan (a stored task's items that a run would take), or null for the spec's selection
   * @param finished records of files finished by earlier runs of the task, by path
   * @param times asks the server for exact mtimes where a strategy compares them and the listing is coarse
   */
  public record Known(@Nullable List<TaskItem> items, Map<String, FileRecord> finished, RemoteTimes times) {
    /** A new task: no records; mtimes as listed. */
    public static final Known NOTHING = new Known(null, Map.of(), RemoteTimes.LISTING);
  }

  /**
   * A dry run: what each item would fetch, skip or replace. Reads local file sizes and mtimes; writes nothing.
   *
   * @param dest where the task writes: its root, layout and the resolver that refuses paths leaving the root
   */
  public TaskPlan plan(TaskSpec spec, Structure structure, Destination dest) {
    return plan(spec, structure, dest, Known.NOTHING);
  }

  /**
   * A dry run with what is known of a task: each file goes through the same {@link FileDecision} the run makes.
   *
   * @param dest where the task writes: its root, layout and the resolver that refuses paths leaving the root
   */
  public TaskPlan plan(TaskSpec spec, Structure structure, Destination dest, Known known) {
    validate(spec);
    ConflictStrategy conflict = strategies.conflict(spec.conflictStrategy());
    boolean exactMtimes = spec.options() == null || spec.options().exactMtimes();
    List<TaskItem> items = known.items();
    if (items == null) {
      items = new ArrayList<>();
      for (ItemKey key : keys(spec, structure)) {
        items.add(TaskItem.create(0, "", key, spec.customVersions().get(key), available(structure, key),
            dest.localVersion(key)));
      }
    }
    List<PlannedItem> planned = new ArrayList<>();
    for (TaskItem item : items) {
      Resolution r = resolve(item, spec, structure, dest);
      if (r instanceof Skip s) {
        planned.add(new PlannedItem(item.key(), List.of(), s.reason(), List.of()));
      } else if (r instanceof Failure f) {
        planned.add(new PlannedItem(item.key(), List.of(), f.reason(), List.of()));
      } else {
        Fetch fetch = (Fetch) r;
        List<PlannedFile> files = new ArrayList<>(fetch.files().size());
        for (FileSpec fs : fetch.files()) {
          files.add(planFile(fs.entry(), conflict, spec.conflictStrategy(), exactMtimes, dest.resolver(), known));
        }
        planned.add(new PlannedItem(item.key(), fetch.versions(), null, files));
      }
    }
    return new TaskPlan(planned);
  }

  /** {@code conflictId} is the id the spec names: a Jython function registered as a strategy has no callable id(). */
  private static PlannedFile planFile(RemoteEntry remote, ConflictStrategy conflict, String conflictId,
      boolean exactMtimes, Function<String, Path> resolver, Known known) {
    String path = remote.path();
    Path local;
    try {
      local = resolver.apply(path);
    } catch (ShotSyncException e) {
      return new PlannedFile(path, remote.size(), PlannedAction.SKIP, "refused: " + e.getMessage());
    }
    FileDecision.Facts facts = FileDecision.Facts.read(remote, local, known.finished().get(path), false);
    FileDecision d;
    try {
      d = FileDecision.decide(facts, conflict, conflictId, exactMtimes, known.times());
    } catch (FileDecision.StrategyFailed e) {
      return new PlannedFile(path, remote.size(), PlannedAction.SKIP, "conflict strategy '" + conflictId
          + "' failed: " + messageOf(e.strategyError()));
    }
    FileAction a = d.action();
    if (a == null) {
      return new PlannedFile(path, remote.size(), PlannedAction.SKIP, "cannot write " + local + ": " + d.reason()
          + " (the file would fail)");
    }
    String why = d.partWhy() != null && d.fetch() ? "; its temporary file is started over: " + d.partWhy() : "";
    return new PlannedFile(path, remote.size(), planned(a), d.reason() + why);
  }

  /** The plan's word for what the run counts a file as. */
  public static PlannedAction planned(FileAction a) {
    return switch (a) {
      case DOWNLOADED -> PlannedAction.DOWNLOAD;
      case SKIPPED, FAILED -> PlannedAction.SKIP;
      case OVERWRITTEN -> PlannedAction.OVERWRITE;
      case KEPT_BOTH -> PlannedAction.KEEP_BOTH;
      case RESUMED -> PlannedAction.RESUME;
    };
  }

  /** An exception's message, or its class name when it has none. */
  public static String messageOf(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
