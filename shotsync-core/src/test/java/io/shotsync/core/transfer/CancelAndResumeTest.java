package io.shotsync.core.transfer;

import static io.shotsync.core.transfer.SyncTestSupport.assertSameBytes;
import static io.shotsync.core.transfer.SyncTestSupport.fast;
import static io.shotsync.core.transfer.SyncTestSupport.item;
import static io.shotsync.core.transfer.SyncTestSupport.messages;
import static io.shotsync.core.transfer.SyncTestSupport.open;
import static io.shotsync.core.transfer.SyncTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shotsync.api.Department;
import io.shotsync.api.FileStatus;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.FileEvent;
import io.shotsync.api.event.TransferProgress;
import io.shotsync.core.ShotSync;
import io.shotsync.core.TaskHandle;
import io.shotsync.core.internal.files.BootId;
import io.shotsync.core.internal.files.PartRecord;
import io.shotsync.core.internal.store.InMemoryTaskStore;
import io.shotsync.core.testkit.EventRecorder;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cancelled transfer stops receiving before its file completes and keeps its {@code .part}; a later run, also of
 * a new instance on the same store, resumes it at its offset, or starts it over when the remote file changed since.
 */
class CancelAndResumeTest extends ThroughFaultProxy {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  CancelAndResumeTest() {
    super(FTP);
  }

  /** Waits (up to 20 s) until a temporary file holds at least {@code bytes}. */
  static void awaitPart(Path part, long bytes) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while ((!Files.exists(part) || Files.size(part) < bytes) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /**
   * The file is larger than all the socket buffers between the server and the client could hold (a receive buffer
   * grows to {@code net.ipv4.tcp_rmem}'s maximum, 32 MiB here, a send buffer to {@code tcp_wmem}'s, 4 MiB), so the
   * server can only have sent all of it if the client went on reading.
   */
  @Test
  void aCancelledTransferStopsReceivingBeforeItsFileCompletesAndKeepsItsPart() throws Exception {
    int size = 64_000_000;
    tree.file(BIG, size);
    InMemoryTaskStore store = new InMemoryTaskStore();
    EventRecorder events = new EventRecorder();
    Path part = local.resolve(SHOT + "/anim/publish/v001/.big.bin.shotsync.part");
    try (ShotSync sync = open(viaProxy, local, fast().withBandwidthLimit(1_000_000), store, events)) {
      TaskHandle h = sync.run(spec(viaProxy).shots(SHOT).departments(Department.ANIM).build());
      String id = h.taskId();
      awaitPart(part, 500_000);
      assertThat(sync.cancel(id)).isTrue();
      Task cancelled = h.await(Duration.ofSeconds(60));

      assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(sync.items(id)).singleElement().satisfies(i -> assertThat(i.status()).isEqualTo(ItemStatus.CANCELLED));
      // on the wire: one RETR, never retried, whose data connection closed before the server had sent the file
      assertThat(proxy.retrs()).isEqualTo(1);
      assertThat(proxy.retrievedBytes()).isLessThan(size);
      assertThat(cancelled.bytesReceived()).isLessThan(size);
      // on disk: no file under its final name; the .part holds the file's first bytes, as the store records
      assertThat(local.resolve(BIG)).doesNotExist();
      byte[] kept = Files.readAllBytes(part);
      assertThat(kept.length).isGreaterThanOrEqualTo(500_000).isLessThan(size);
      assertThat(kept).isEqualTo(ShotTreeGenerator.content(BIG, kept.length)); // the generator's bytes: a prefix
      assertThat(store.files(id)).singleElement().satisfies(f -> {
        assertThat(f.status()).isEqualTo(FileStatus.PARTIAL);
        assertThat(f.bytesDone()).isEqualTo(kept.length);
      });
      assertThat(messages(sync, id)).contains("cancelled " + BIG + "; " + kept.length
          + " bytes kept in its temporary file for resume");
      // the events: the file fails as cancelled, its item and the task end CANCELLED, and nothing finished
      assertThat(events.lifecycle()).containsExactly("taskStarted(" + id + ")", "itemStarted(" + SHOT + "/anim)",
          "fileStarted(" + BIG + ")", "fileFailed(" + BIG + ")", "itemFinished(" + SHOT + "/anim)",
          "taskFinished(" + id + ")");
      assertThat(((FileEvent) events.events("fileFailed").get(0).payload()).reason()).isEqualTo("cancelled");
      assertThat(((TaskItem) events.events("itemFinished").get(0).payload()).status())
          .isEqualTo(ItemStatus.CANCELLED);
      assertThat(((Task) events.events("taskFinished").get(0).payload()).status()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(events.events("progress")).isNotEmpty()
          .allSatisfy(e -> assertThat(((TransferProgress) e.payload()).fileBytes()).isLessThan(size));
    }
  }

  /**
   * The server stops sending mid-file and holds the connection open; the data timeout is ten minutes. A cancel still
   * ends the transfer at once (the wait for data asks every 200 ms whether the bytes are still wanted), keeping what
   * came in its temporary file.
   */
  @Test
  void aCancelDuringAStalledTransferEndsItWithoutWaitingForTheDataTimeout() throws Exception {
    int size = 3_000_000;
    tree.file(BIG, size);
    Path part = local.resolve(SHOT + "/anim/publish/v001/.big.bin.shotsync.part");
    InMemoryTaskStore store = new InMemoryTaskStore();
    try (ShotSync sync = open(viaProxy, local, fast().withTimeouts(Duration.ofSeconds(5), Duration.ofMinutes(10)),
        store, new EventRecorder())) {
      sync.scan(viaProxy.id());
      proxy.stallNextDataAfter(1_200_000, Duration.ofMinutes(10));
      TaskHandle h = sync.run(spec(viaProxy).shots(SHOT).departments(Department.ANIM).build());
      awaitPart(part, 1_200_000);
      for (int i = 0; i < 500 && proxy.stalls() == 0; i++) {
        Thread.sleep(20);
      }
      assertThat(proxy.stalls()).isEqualTo(1);
      assertThat(sync.cancel(h.taskId())).isTrue();
      // far less than the data timeout: await throws when the task has not ended by then
      Task cancelled = h.await(Duration.ofSeconds(60));
      assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(local.resolve(BIG)).doesNotExist();
      assertThat(Files.readAllBytes(part)).isEqualTo(ShotTreeGenerator.content(BIG, 1_200_000));
      assertThat(store.files(h.taskId())).singleElement()
          .satisfies(f -> assertThat(f.bytesDone()).isEqualTo(1_200_000));
      assertThat(proxy.retrs()).isEqualTo(1);
    }
  }

  @Test
  void cancelKeepsThePartFileAndANewInstanceOnTheSameStoreResumesAtItsOffset() throws Exception {
    int size = 4_000_000;
    tree.file(BIG, size);
    InMemoryTaskStore store = new InMemoryTaskStore();
    Path part = local.resolve(SHOT + "/anim/publish/v001/.big.bin.shotsync.part");
    String taskId;
    long kept;
    try (ShotSync slow = open(FTP.endpoint(), local, fast().withBandwidthLimit(1_000_000), store)) {
      TaskHandle h = slow.run(spec(FTP.endpoint()).shots(SHOT).departments(Department.ANIM).build());
      taskId = h.taskId();
      awaitPart(part, 500_000);
      assertThat(slow.cancel(taskId)).isTrue();
      Task cancelled = h.await(Duration.ofSeconds(30));
      assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(slow.items(taskId)).allSatisfy(i -> assertThat(i.status()).isEqualTo(ItemStatus.CANCELLED));
      assertThat(Files.exists(local.resolve(BIG))).isFalse();
      assertThat(part).exists();
      kept = Files.size(part);
      assertThat(kept).isGreaterThan(0).isLessThan(size);
      assertThat(store.files(taskId)).anySatisfy(f -> {
        assertThat(f.path()).isEqualTo(BIG);
        assertThat(f.status()).isEqualTo(FileStatus.PARTIAL);
        assertThat(f.bytesDone()).isEqualTo(kept);
      });
    }
    try (ShotSync again = open(FTP.endpoint(), local, fast(), store)) {
      Task done = again.execute(taskId).await(Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, BIG, size);
      assertThat(part).doesNotExist();
      TaskItem anim = item(again, taskId, SHOT + "/anim");
      assertThat(anim.stats().resumed()).isEqualTo(1);
      Pattern p = Pattern.compile("resuming " + Pattern.quote(BIG) + " at byte (\\d+) of " + size);
      long offset = messages(again, taskId).stream().map(p::matcher).filter(Matcher::matches)
          .mapToLong(m -> Long.parseLong(m.group(1))).findFirst().orElseThrow();
      assertThat(offset).isEqualTo(kept);
      assertThat(done.attempts()).isEqualTo(2);
    }
  }

  @Test
  void aPartFileWhoseRemoteChangedSinceIsStartedOver() throws Exception {
    int size = 3_000_000;
    tree.file(BIG, size);
    Path part = local.resolve(SHOT + "/anim/publish/v001/.big.bin.shotsync.part");
    InMemoryTaskStore store = new InMemoryTaskStore();
    String taskId;
    try (ShotSync slow = open(FTP.endpoint(), local, fast().withBandwidthLimit(1_000_000), store)) {
      TaskHandle h = slow.run(spec(FTP.endpoint()).shots(SHOT).departments(Department.ANIM).build());
      taskId = h.taskId();
      awaitPart(part, 300_000);
      slow.cancel(taskId);
      assertThat(h.await(Duration.ofSeconds(30)).status()).isEqualTo(TaskStatus.CANCELLED);
    }
    assertThat(part).exists();
    Files.delete(FTP.root().resolve(BIG));
    tree.file(BIG, size + 10);
    try (ShotSync again = open(FTP.endpoint(), local, fast(), store)) {
      again.scan(FTP.endpoint().id());
      Task done = again.execute(taskId).await(Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, BIG, size + 10);
      assertThat(item(again, taskId, SHOT + "/anim").stats().resumed()).isZero();
      assertThat(messages(again, taskId)).anyMatch(m -> m.startsWith("starting " + BIG + " over instead of resuming")
          && m.contains("remote size changed"));
    }
  }

  /** Cancels a slow download of {@code BIG} once its temporary file holds some bytes; answers the task id. */
  private String cancelMidway(InMemoryTaskStore store, Path part) throws Exception {
    try (ShotSync slow = open(FTP.endpoint(), local, fast().withBandwidthLimit(1_000_000), store)) {
      TaskHandle h = slow.run(spec(FTP.endpoint()).shots(SHOT).departments(Department.ANIM).build());
      awaitPart(part, 300_000);
      slow.cancel(h.taskId());
      assertThat(h.await(Duration.ofSeconds(30)).status()).isEqualTo(TaskStatus.CANCELLED);
      return h.taskId();
    }
  }

  /**
   * On a local file system the temporary file is not forced to disk before its record; the record names the boot of
   * the machine instead, and read in another boot (after a restart, which may have taken unforced bytes) it holds
   * nothing: the file starts over, with a reason that says so.
   */
  @Test
  void aRecordWrittenBeforeAMachineRestartHoldsNothingAndItsFileStartsOver() throws Exception {
    assumeTrue(BootId.forUnforcedRecords(local) != null,
        "skipped: this system tells no boot id or the local root is not on a local file system (records are forced)");
    int size = 3_000_000;
    tree.file(BIG, size);
    Path part = local.resolve(SHOT + "/anim/publish/v001/.big.bin.shotsync.part");
    Path recordPath = PartRecord.pathOf(local.resolve(BIG));
    InMemoryTaskStore store = new InMemoryTaskStore();
    String taskId = cancelMidway(store, part);
    PartRecord written = PartRecord.decode(Files.readString(recordPath));
    assertThat(written).isNotNull();
    assertThat(written.boot()).isEqualTo(BootId.current());
    assertThat(written.prefix()).isPositive();
    Files.writeString(recordPath, new PartRecord(written.remoteSize(), written.remoteModified(), written.held(),
        "00000000-0000-0000-0000-000000000000").encode());

    try (ShotSync again = open(FTP.endpoint(), local, fast(), store)) {
      Task done = again.execute(taskId).await(Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, BIG, size);
      assertThat(part).doesNotExist();
      assertThat(recordPath).doesNotExist();
      assertThat(item(again, taskId, SHOT + "/anim").stats().resumed()).isZero();
      assertThat(messages(again, taskId)).anyMatch(m -> m.startsWith("starting " + BIG + " over instead of resuming")
          && m.contains("before the machine restarted"));
    }
  }

  /**
   * With {@code shotsync.forceResumeRecords=true} (and on any file system where the boot cannot vouch for the page
   * cache) each record follows a forced temporary file and names no boot, so it holds in any boot.
   */
  @Test
  void forcedRecordsNameNoBootAndAreResumedFrom() throws Exception {
    int size = 3_000_000;
    tree.file(BIG, size);
    Path part = local.resolve(SHOT + "/anim/publish/v001/.big.bin.shotsync.part");
    Path recordPath = PartRecord.pathOf(local.resolve(BIG));
    InMemoryTaskStore store = new InMemoryTaskStore();
    String taskId;
    System.setProperty("shotsync.forceResumeRecords", "true");
    try {
      taskId = cancelMidway(store, part);
    } finally {
      System.clearProperty("shotsync.forceResumeRecords");
    }
    PartRecord written = PartRecord.decode(Files.readString(recordPath));
    assertThat(written).isNotNull();
    assertThat(written.boot()).isNull();
    assertThat(Files.readString(recordPath)).startsWith("shotsync-part-record 1\n");
    try (ShotSync again = open(FTP.endpoint(), local, fast(), store)) {
      Task done = again.execute(taskId).await(Duration.ofSeconds(60));
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertSameBytes(local, BIG, size);
      assertThat(item(again, taskId, SHOT + "/anim").stats().resumed()).isEqualTo(1);
    }
  }
}
