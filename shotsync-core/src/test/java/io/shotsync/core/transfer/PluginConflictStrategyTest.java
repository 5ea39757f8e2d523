package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.files;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.messages;
import static io.shotsync.core.transfer.SyncTestSupport.runToEnd;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.Task;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.spi.ConflictDecision;
import io.shotsync.api.spi.ConflictStrategy;
import io.shotsync.core.ShotSync;
import io.shotsync.core.TaskPlan;
import io.shotsync.core.testkit.FaultProxy;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A conflict strategy the host registers (a plugin, a script's function) is asked only for its decisions, and its
 * failure is named in the plan and the item; its answer RESUME never costs the local file: when the file cannot be
 * resumed, or the fetch fails, the file is put back as it was, and it is replaced only by a complete download.
 */
class PluginConflictStrategyTest extends ThroughFaultProxy {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();
  private static final int BIG_SIZE = 3_000_000;

  PluginConflictStrategyTest() {
    super(FTP);
  }

  /** Like a Jython function made a strategy: only the functional method can be called. */
  static final class FunctionOnly implements ConflictStrategy {
    @Override
    public ConflictDecision decide(io.shotsync.api.spi.ConflictContext context) {
      if (context.path().endsWith("scene.ma")) {
        throw new IllegalStateException("no decision for scenes");
      }
      return ConflictDecision.overwrite("function says so");
    }

    @Override
    public String id() {
      throw new UnsupportedOperationException("id() is not callable on a function wrapper");
    }

    @Override
    public String description() {
      throw new UnsupportedOperationException("description() is not callable on a function wrapper");
    }
  }

  @Test
  void anExplicitlyRegisteredStrategyIsNeverAskedForItsIdOrDescription() {
    String shot = "ep01/sq010/sh0010";
    new ShotTreeGenerator(FTP.root()).animVersion(shot, "v001");
    ShotSync.Builder b = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast())
        .conflictStrategy("py", new FunctionOnly());
    try (ShotSync sync = b.build()) {
      assertThat(runToEnd(sync, spec(FTP.endpoint()).shots(shot).build()).status()).isEqualTo(TaskStatus.COMPLETED);
      TaskPlan plan = sync.plan(spec(FTP.endpoint()).shots(shot).departments(Department.ANIM)
          .conflictStrategy("py").build());
      assertThat(plan.items().get(0).files()).anySatisfy(f -> assertThat(f.reason())
          .isEqualTo("conflict strategy 'py' failed: no decision for scenes"));
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(shot).departments(Department.ANIM)
          .conflictStrategy("py").build());
      assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
      assertThat(item(sync, t.id(), shot + "/anim").message()).contains("conflict strategy 'py' failed for")
          .contains("no decision for scenes");
      assertThat(item(sync, t.id(), shot + "/anim").stats().overwritten()).isEqualTo(1);
    }
  }

  @Test
  void aResumeDecisionThatCannotResumeAndThenFailsLeavesTheLocalFileAsItWas() throws Exception {
    String shot = "ep01/sq010/sh0010";
    String scene = shot + "/anim/publish/v001/scene.ma";
    new ShotTreeGenerator(FTP.root()).animVersion(shot, "v001");
    // the local file is larger than the remote one, so it is no prefix of it and cannot be resumed
    byte[] mine = new byte[5000];
    java.util.Arrays.fill(mine, (byte) 'm');
    Files.createDirectories(local.resolve(scene).getParent());
    Files.write(local.resolve(scene), mine);
    ConflictStrategy alwaysResume = ctx -> ConflictDecision.resume("a plugin says resume");
    try (ShotSync sync = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast())
        .conflictStrategy("resume-everything", alwaysResume).build()) {
      sync.scan(FTP.endpoint().id());
      // the server loses the file after the scan: its RETR fails
      Files.delete(FTP.root().resolve(scene));
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(shot).departments(Department.ANIM)
          .conflictStrategy("resume-everything").build());

      assertThat(t.status()).isIn(TaskStatus.PARTIAL, TaskStatus.FAILED);
      assertThat(Files.readAllBytes(local.resolve(scene))).as("the local file after a failed resume")
          .isEqualTo(mine);
      assertThat(files(local)).doesNotContain(shot + "/anim/publish/v001/.scene.ma.shotsync.part");
    }
  }

  @Test
  void aResumeDecisionOnAFileThatIsNoPrefixReplacesItOnlyOnceTheNewFileIsComplete() throws Exception {
    String shot = "ep01/sq010/sh0010";
    String scene = shot + "/anim/publish/v001/scene.ma";
    new ShotTreeGenerator(FTP.root()).animVersion(shot, "v001");
    Files.createDirectories(local.resolve(scene).getParent());
    Files.write(local.resolve(scene), new byte[5000]);
    ConflictStrategy alwaysResume = ctx -> ConflictDecision.resume("a plugin says resume");
    try (ShotSync sync = ShotSync.builder().endpoint(FTP.endpoint()).localRoot(local).options(fast())
        .conflictStrategy("resume-everything", alwaysResume).build()) {
      Task t = runToEnd(sync, spec(FTP.endpoint()).shots(shot).departments(Department.ANIM)
          .conflictStrategy("resume-everything").build());

      assertThat(t.status()).as(String.valueOf(t.message())).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, scene, 1000);
    }
  }

  @Test
  void aResumeAnswerStartedOverMidFetchPutsTheLocalFileBackWhenTheFetchThenFails() throws Exception {
    tree.file(BIG, BIG_SIZE);
    byte[] mine = java.util.Arrays.copyOf(ShotTreeGenerator.content(BIG, BIG_SIZE), 500_000);
    java.nio.file.Files.createDirectories(local.resolve(BIG).getParent());
    java.nio.file.Files.write(local.resolve(BIG), mine);
    io.shotsync.api.spi.ConflictStrategy alwaysResume =
        c -> io.shotsync.api.spi.ConflictDecision.resume("a plugin says resume");
    try (ShotSync sync = ShotSync.builder().endpoint(viaProxy).localRoot(local).options(fast())
        .conflictStrategy("resume-everything", alwaysResume).build()) {
      sync.scan(viaProxy.id());
      proxy.restMode(FaultProxy.RestMode.IGNORE);
      // the first RETR (REST 500000 ignored) overruns and starts the file over with the local file put back; the
      // second is cut, and its retry (REST ignored again) overruns once more, which fails the file
      proxy.cutNextDataAfter(Long.MAX_VALUE, 300_000);
      Task t = runToEnd(sync, spec(viaProxy).shots(SHOT).conflictStrategy("resume-everything").build());
      assertThat(t.status()).isIn(TaskStatus.PARTIAL, TaskStatus.FAILED);
      byte[] after = java.nio.file.Files.readAllBytes(local.resolve(BIG));
      assertThat(after).as("the local file after the failed resume").hasSize(mine.length);
      assertThat(java.util.Arrays.mismatch(after, mine)).as("first differing byte").isEqualTo(-1);
      assertThat(messages(sync, t.id())).anyMatch(m -> m.contains("ignored REST"));
    }
  }
}
