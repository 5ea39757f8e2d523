package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.cli.ClaimHistory.Event;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The chaos soak's claim check finds what it is there to find (so a clean soak means something). */
class ClaimHistoryTest {
  static final String A = "host:101:1:aaaaa";
  static final String B = "host:102:1:bbbbb";
  static final Function<String, String> LABELS = id -> id.equals(A) ? "w1" : id.equals(B) ? "w2" : null;

  @Test
  void aReleaseByTheHolderAndATakeoverAfterTheKillAreClean() {
    ClaimHistory.Result r = ClaimHistory.check(List.of(
        Event.item(1, 7, null, A, "PENDING", "PENDING", "w1"),
        Event.item(2, 7, A, A, "PENDING", "RUNNING", "w1"),
        Event.end(3, "kill", "w1"),
        Event.item(4, 7, A, null, "RUNNING", "RUNNING", "w2"),
        Event.item(5, 7, null, B, "RUNNING", "RUNNING", "w2"),
        Event.item(6, 7, B, B, "RUNNING", "COMPLETED", "w2"),
        Event.item(7, 7, B, null, "COMPLETED", "COMPLETED", "w2")), LABELS);
    assertThat(r.violations()).isEmpty();
    assertThat(r.claims()).isEqualTo(2);
    assertThat(r.takeovers()).isEqualTo(1);
    assertThat(r.releases()).isEqualTo(1);
    assertThat(r.completions()).containsEntry(7L, 1);
    assertThat(r.slowestTakeover()).hasSeconds(1);
  }

  @Test
  void anItemTakenFromALiveWorkerIsAViolationWhetherReleasedOrClaimedOverItsLease() {
    ClaimHistory.Result released = ClaimHistory.check(List.of(
        Event.item(1, 7, null, A, "PENDING", "PENDING", "w1"),
        Event.item(2, 7, A, null, "PENDING", "PENDING", "w2"),
        Event.end(3, "kill", "w1")), LABELS);
    assertThat(released.violations()).singleElement().asString().contains("taken from w1, alive then, by w2");

    ClaimHistory.Result overLease = ClaimHistory.check(List.of(
        Event.item(1, 7, null, A, "PENDING", "PENDING", "w1"),
        Event.item(2, 7, A, B, "PENDING", "PENDING", "w2")), LABELS);
    assertThat(overLease.violations()).singleElement().asString().contains("taken from w1, alive then");
  }

  @Test
  void aStatusWrittenByANonHolderAStepBackFromFinalAndASecondCompletionAreFound() {
    ClaimHistory.Result r = ClaimHistory.check(List.of(
        Event.item(1, 7, null, B, "PENDING", "PENDING", "w2"),
        Event.item(2, 7, B, B, "PENDING", "COMPLETED", "w1"),
        Event.item(3, 7, B, B, "COMPLETED", "RUNNING", "w2"),
        Event.item(4, 7, B, B, "RUNNING", "COMPLETED", "w2"),
        Event.item(5, 8, null, "elsewhere:1:1:c", "PENDING", "PENDING", "w1")), LABELS);
    assertThat(r.violations()).hasSize(3).anyMatch(v -> v.contains("by w1, which did not hold it (holder w2)"))
        .anyMatch(v -> v.contains("went from COMPLETED back to RUNNING"))
        .anyMatch(v -> v.contains("claimed for elsewhere:1:1:c by w1"));
    assertThat(r.completedTwice()).isEqualTo(1);
  }
}
