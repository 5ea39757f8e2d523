package io.shotsync.core.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Worker ids name their host and process, so a dead process of this host is told from a live one. */
class WorkerIdsTest {

  @Test
  void thisProcessIsAliveAndTwoEnginesOfItGetDifferentIds() {
    String a = WorkerIds.local();
    String b = WorkerIds.local();
    assertThat(a).isNotEqualTo(b).contains(":" + ProcessHandle.current().pid() + ":");
    assertThat(WorkerIds.deadOnThisHost(a)).isFalse();
  }

  @Test
  void aProcessThatEndedIsDeadAndAReusedPidIsToo() throws Exception {
    Process p = new ProcessBuilder("true").start();
    long pid = p.pid();
    long start = p.info().startInstant().map(Instant::toEpochMilli).orElse(1L);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String host = WorkerIds.local().split(":")[0];
    assertThat(WorkerIds.deadOnThisHost(host + ":" + pid + ":" + start + ":abcde")).isTrue();
    // this process's pid with another start time: the pid was reused
    long self = ProcessHandle.current().pid();
    assertThat(WorkerIds.deadOnThisHost(host + ":" + self + ":1:abcde")).isTrue();
  }

  @Test
  void idsOfOtherHostsOrOtherFormsAreNeverTakenForDead() {
    assertThat(WorkerIds.deadOnThisHost("render-node-7:1:1:abcde")).isFalse();
    assertThat(WorkerIds.deadOnThisHost("crash-child")).isFalse();
    assertThat(WorkerIds.deadOnThisHost("worker-0b9c")).isFalse();
  }
}
