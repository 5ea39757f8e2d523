package io.shotsync.core.internal.transfer;

import io.shotsync.api.TaskSpec;
import io.shotsync.api.spi.ConflictStrategy;
import io.shotsync.core.Structure;
import io.shotsync.core.internal.endpoint.RunSetup;
import io.shotsync.core.internal.ftp.Connections;

/**
 * What a run needs before it claims an item: its conflict strategy, how it runs here, its endpoint's structure and
 * connections.
 */
record RunInputs(ConflictStrategy conflict, RunSetup setup, Structure structure, Connections connections) {

  /**
   * Looks them up for the task's spec and checks the local root is writable.
   *
   * @throws io.shotsync.api.ShotSyncException naming what is wrong (strategy, endpoint, server, local root), so the
   *     task fails before any transfer
   */
  static RunInputs of(EngineContext engine, TaskSpec spec) {
    ConflictStrategy conflict = engine.strategies().conflict(spec.conflictStrategy());
    engine.strategies().version(spec.versionStrategy());
    RunSetup setup = engine.destinations().setup(spec);
    Structure structure = engine.structures().structureOrScan(spec.endpointId());
    Connections connections = engine.connections().of(spec.endpointId());
    connections.ensure(setup.options().connections());
    setup.destination().checkWritable();
    return new RunInputs(conflict, setup, structure, connections);
  }
}
