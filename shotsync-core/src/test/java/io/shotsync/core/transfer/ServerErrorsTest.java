package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.messages;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.Department;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.RemoteException;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.core.ShotSync;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.testkit.FtpServerExtension;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a server answers wrong: a storm of 421 at login and on RETR is backed off and the task finishes; a 550 on one
 * file fails only its item; a listing cut off by 426 is listed again, and is an error when every attempt is cut,
 * never a shorter directory.
 */
class ServerErrorsTest extends ThroughFaultProxy {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  ServerErrorsTest() {
    super(FTP);
  }

  @Test
  void a421StormAtLoginAndOnRetrIsBackedOffAndTheTaskFinishes() {
    tree.animVersion(SHOT, "v001").animVersion("ep01/sq010/sh0020", "v001");
    try (ShotSync sync = open(viaProxy, local, fast())) {
      sync.scan(viaProxy.id());
      proxy.refuseNextConnections(3);
      proxy.answerNext("RETR", "421 Too many transfers, closing control connection", 2);
      Task t = runToEnd(sync, spec(viaProxy).departments(Department.ANIM).build());
      assertThat(t.status()).as(String.valueOf(t.message())).isEqualTo(TaskStatus.COMPLETED);
      assertThat(proxy.refused()).isEqualTo(3);
      for (String f : tree.files().keySet()) {
        assertSameBytes(local, f, tree.files().get(f));
      }
      assertThat(messages(sync, t.id())).filteredOn(m -> m.startsWith("retry ")).isNotEmpty()
          .allSatisfy(m -> assertThat(m).contains("421"));
    }
  }

  @Test
  void a550OnOneFileFailsItsItemAndTheTaskEndsPartial() throws Exception {
    tree.animVersion(SHOT, "v001").animVersion("ep01/sq010/sh0020", "v001");
    try (ShotSync sync = open(FTP.endpoint(), local, fast())) {
      sync.scan(FTP.endpoint().id());
      Files.delete(FTP.root().resolve(SHOT + "/anim/publish/v001/scene.ma"));
      Task t = runToEnd(sync, spec(FTP.endpoint()).build());
      assertThat(t.status()).isEqualTo(TaskStatus.PARTIAL);
      TaskItem bad = item(sync, t.id(), SHOT + "/anim");
      assertThat(bad.status()).isEqualTo(ItemStatus.FAILED);
      assertThat(bad.message()).contains("scene.ma");
      assertThat(bad.stats().failed()).isEqualTo(1);
      assertThat(bad.stats().downloaded()).isEqualTo(1);
      assertThat(item(sync, t.id(), "ep01/sq010/sh0020/anim").status()).isEqualTo(ItemStatus.COMPLETED);
      // the lighting items have no versions: skipped by the strategy, not failed
      assertThat(t.message()).contains("1 of 4 items failed");
      assertThat(Files.exists(local.resolve(SHOT + "/anim/publish/v001/scene.ma"))).isFalse();
      assertThat(SyncTestSupport.files(local)).noneMatch(f -> f.endsWith(".part"));
    }
  }

  @Test
  void aListingCutOffBy426IsAnErrorNeverAShorterDirectory() {
    for (int i = 1; i <= 300; i++) {
      tree.file(SHOT + "/lighting/version/sh0010_lighting_v001." + String.format("%04d", i) + ".exr", 10);
    }
    // one cut is retried: the structure has every frame
    try (ShotSync sync = open(viaProxy, local, fast())) {
      proxy.cutListingOf("lighting/version", 2_000, 1);
      var s = sync.scan(viaProxy.id());
      assertThat(proxy.cuts()).isEqualTo(1);
      assertThat(s.department(io.shotsync.api.ItemKey.parse(SHOT + "/lighting")).orElseThrow().versions().get(0)
          .fileCount()).isEqualTo(300);
    }
    // every attempt cut: the scan fails naming the 426, and nothing is cached
    InMemoryTaskStore store = new InMemoryTaskStore();
    try (ShotSync sync = open(viaProxy, local, fast(), store)) {
      proxy.cutListingOf("lighting/version", 2_000, 8);
      assertThatThrownBy(() -> sync.scan(viaProxy.id())).isInstanceOf(RemoteException.class).hasMessageContaining("426");
      assertThat(sync.structure(viaProxy.id())).isEmpty();
    }
  }
}
