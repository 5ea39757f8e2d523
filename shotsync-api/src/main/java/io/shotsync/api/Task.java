package io.shotsync.api;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one download task: its spec, status, times and byte totals. Items are read separately.
 *
 * @param id unique id (a UUID string)
 * @param spec what the task fetches
 * @param status where it stands
 * @param createdAt when it was created
 * @param startedAt when its last run started, or null
 * @param completedAt when its last run ended, or null
 * @param totalBytes bytes of every file the plan chose
 * @param transferredBytes bytes fetched or already in place so far
 * @param attempts how many times it has been run
 * @param message why it failed or was cancelled, or null
 * @param autoRetriesUsed automatic retries run since it was last started by hand (execute, run, retry): its
 *     automatic-retry budget counts these only
 * @param bytesReceived bytes received over the network by its last run: 0 for a run that found every file in place,
 *     only the missing bytes of resumed files, and bytes fetched again after an interruption counted each time
 */
public record Task(
    String id,
    TaskSpec spec,
    TaskStatus status,
    Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant completedAt,
    long totalBytes,
    long transferredBytes,
    int attempts,
    @Nullable String message,
    int autoRetriesUsed,
    long bytesReceived) {

  /** Checks the fields. */
  public Task {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A task with nothing received over the network (0). */
  public Task(String id, TaskSpec spec, TaskStatus status, Instant createdAt, @Nullable Instant startedAt,
      @Nullable Instant completedAt, long totalBytes, long transferredBytes, int attempts, @Nullable String message,
      int autoRetriesUsed) {
    this(id, spec, status, createdAt, startedAt, completedAt, totalBytes, transferredBytes, attempts, message,
        autoRetriesUsed, 0);
  }

  /** A task with no automatic retry used. */
  public Task(String id, TaskSpec spec, TaskStatus status, Instant createdAt, @Nullable Instant startedAt,
      @Nullable Instant completedAt, long totalBytes, long transferredBytes, int attempts, @Nullable String message) {
    this(id, spec, status, createdAt, startedAt, completedAt, totalBytes, transferredBytes, attempts, message, 0, 0);
  }

  /** A new pending task. */
  public static Task create(String id, TaskSpec spec, Instant now) {
    return new Task(id, spec, TaskStatus.PENDING, now, null, null, 0, 0, 0, null, 0, 0);
  }

  /** The task's name. */
  public String name() {
    return spec.name();
  }

  /** The endpoint it fetches from. */
  public String endpointId() {
    return spec.endpointId();
  }

  /** This task with another status and message. */
  public Task withStatus(TaskStatus newStatus, @Nullable String newMessage) {
    return new Task(id, spec, newStatus, createdAt, startedAt, completedAt, totalBytes, transferredBytes, attempts,
        newMessage, autoRetriesUsed, bytesReceived);
  }

  /** This task marked running from {@code now}, one attempt more, nothing received by this run yet. */
  public Task started(Instant now) {
    return new Task(id, spec, TaskStatus.RUNNING, createdAt, now, null, totalBytes, transferredBytes, attempts + 1,
        null, autoRetriesUsed, 0);
  }

  /** This task ended with the given status at {@code now}. */
  public Task finished(TaskStatus newStatus, Instant now, @Nullable String newMessage) {
    return new Task(id, spec, newStatus, createdAt, startedAt, now, totalBytes, transferredBytes, attempts,
        newMessage, autoRetriesUsed, bytesReceived);
  }

  /** This task with new byte totals; bytes received stay as they are. */
  public Task withBytes(long total, long transferred) {
    return withBytes(total, transferred, bytesReceived);
  }

  /** This task with new byte totals, bytes received included. */
  public Task withBytes(long total, long transferred, long received) {
    return new Task(id, spec, status, createdAt, startedAt, completedAt, total, transferred, attempts, message,
        autoRetriesUsed, received);
  }

  /** This task with another count of automatic retries used (0 when it is started by hand). */
  public Task withAutoRetriesUsed(int used) {
    return new Task(id, spec, status, createdAt, startedAt, completedAt, totalBytes, transferredBytes, attempts,
        message, used, bytesReceived);
  }

  /** This task with another spec (used to reschedule). */
  public Task withSpec(TaskSpec newSpec) {
    return new Task(id, newSpec, status, createdAt, startedAt, completedAt, totalBytes, transferredBytes, attempts,
        message, autoRetriesUsed, bytesReceived);
  }
}
