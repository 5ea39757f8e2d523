package io.shotsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.TaskSpec;
import io.shotsync.api.spi.TaskStore;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Structure;
import io.shotsync.core.internal.scan.StructureJson;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process reads an endpoint's structure snapshot from the store only when it does not hold that scan already: it
 * asks the store when the stored snapshot was taken, and reads the JSON only after another process saved a newer one.
 */
class StructureSnapshotReadsTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  @TempDir
  Path tmp;

  /** The store, counting how often the snapshot's JSON is read. */
  private static TaskStore counting(TaskStore store, AtomicInteger jsonReads) {
    return (TaskStore) Proxy.newProxyInstance(TaskStore.class.getClassLoader(), new Class<?>[] {TaskStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("structure")) {
            jsonReads.incrementAndGet();
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void theSnapshotThisProcessScannedIsNotReadBackAndOneSavedByAnotherProcessIs() throws Exception {
    new ShotTreeGenerator(FTP.root()).animVersion("ep01/sq010/sh0010", "v001").lightingVersion("ep01/sq010/sh0010", "v001", 2);
    AtomicInteger jsonReads = new AtomicInteger();
    try (JdbcTaskStore h2 = JdbcTaskStore.embedded(tmp.resolve("store"));
        ShotSync sync = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(tmp.resolve("local"))
            .store(counting(h2, jsonReads)).build()) {
      String id = FTP.endpoint().id();
      Structure scanned = sync.scan(id);
      sync.createTask(TaskSpec.builder(id).build());
      sync.plan(TaskSpec.builder(id).build());
      assertThat(sync.structure(id)).contains(scanned);
      assertThat(jsonReads).as("reads of the snapshot's JSON while this process holds the stored scan").hasValue(0);

      // another process scans later and saves its snapshot: this one reads it, once
      Structure later = new Structure(id, scanned.scannedAt().plusSeconds(60), List.of(), List.of());
      h2.saveStructure(id, StructureJson.write(later), later.scannedAt());
      assertThat(sync.structure(id)).hasValueSatisfying(s -> {
        assertThat(s.scannedAt()).isEqualTo(later.scannedAt());
        assertThat(s.shots()).isEmpty();
      });
      assertThat(sync.structure(id)).hasValueSatisfying(s -> assertThat(s.scannedAt()).isEqualTo(later.scannedAt()));
      assertThat(jsonReads).hasValue(1);
      assertThat(h2.structureScannedAt(id)).contains(later.scannedAt());
      assertThat(h2.structureScannedAt("no-such-endpoint")).isEmpty();
    }
  }
}
