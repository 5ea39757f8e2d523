package io.shotsync.core.internal.transfer;

import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.core.Structure;
import io.shotsync.core.TaskPlan;
import io.shotsync.core.internal.endpoint.RunSetup;
import io.shotsync.core.internal.plan.Destination;
import io.shotsync.core.internal.plan.Planner;
import io.shotsync.core.internal.plan.RemoteTimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dry runs: what a spec, or a stored task, would fetch, skip or replace now, through the decisions a run makes;
 * writes nothing to disk or store.
 */
public final class DryRun {
  private static final Logger LOG = LoggerFactory.getLogger(DryRun.class);

  private final EngineContext engine;

  /** Dry runs over the engine's collaborators. */
  public DryRun(EngineContext engine) {
    this.engine = engine;
  }

  /** A dry run of a spec (already validated and resolved): a new task has no records of earlier runs. */
  public TaskPlan plan(TaskSpec resolved) {
    return engine.planner().plan(resolved, engine.structures().structureOrScan(resolved.endpointId()),
        engine.destinations().destination(resolved),
        new Planner.Known(null, Map.of(), remoteTimes(resolved.endpointId())));
  }

  /**
   * A dry run of a stored task: the items a run takes (those not final, and cancelled ones), with the records of the
   * task's earlier runs.
   */
  public TaskPlan plan(Task task) {
    String taskId = task.id();
    engine.writer().flush();
    RunSetup setup = engine.destinations().setup(task.spec());
    TaskSpec spec = task.spec().options() != null ? task.spec()
        : task.spec().toBuilder().options(setup.options()).build();
    EarlierRecords earlier = EarlierRecords.of(engine.store(), taskId);
    Structure s = engine.structures().structureOrScan(spec.endpointId());
    Destination dest = setup.destination();
    List<TaskItem> items = new ArrayList<>();
    for (TaskItem i : engine.store().items(taskId)) {
      if (!i.status().isFinal() || i.status() == ItemStatus.CANCELLED) {
        items.add(i.withVersions(Planner.available(s, i.key()), dest.localVersion(i.key())));
      }
    }
    return engine.planner().plan(spec, s, dest, new Planner.Known(items, earlier.finished(),
        remoteTimes(spec.endpointId())));
  }

  /**
   * Exact mtimes for a dry run, asked on this endpoint's pool as a run asks them; a dry run that waits more than 30 s
   * for a connection (all busy with transfers) keeps the listing's mtime.
   */
  private RemoteTimes remoteTimes(String endpointId) {
    return e -> {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      try {
        return new ExactMtimes(engine.connections().of(endpointId), engine.endpoints().endpoint(endpointId).root(),
            () -> System.nanoTime() > deadline, m -> LOG.debug("plan: {}", m)).exact(e);
      } catch (CancelledException x) {
        return e;
      }
    };
  }
}
