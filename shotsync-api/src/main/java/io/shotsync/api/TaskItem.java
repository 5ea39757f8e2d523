package io.shotsync.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one item of a task: a shot and department, its versions, status and file statistics.
 *
 * @param id unique within the store
 * @param taskId the task it belongs to
 * @param key shot and department
 * @param status where it stands
 * @param message the skip reason or error, or null
 * @param selectedVersion the version the user picked (custom strategy), or null
 * @param availableVersions the versions found on the server, in numeric order
 * @param latestVersion the newest of them, or null
 * @param localVersion the newest version found on local disk, or null
 * @param fetchedVersions the versions the version strategy chose to fetch
 * @param fileCount files planned
 * @param totalBytes bytes planned
 * @param transferredBytes bytes fetched or found in place
 * @param stats what happened to the files
 * @param bytesReceived bytes received over the network for this item in its last run: 0 when every file was
 *     skipped or found in place, only the missing bytes of a resumed file, and bytes fetched again after an
 *     interruption counted each time they came
 */
public record TaskItem(
    long id,
    String taskId,
    ItemKey key,
    ItemStatus status,
    @Nullable String message,
    @Nullable Version selectedVersion,
    List<Version> availableVersions,
    @Nullable Version latestVersion,
    @Nullable Version localVersion,
    List<Version> fetchedVersions,
    int fileCount,
    long totalBytes,
    long transferredBytes,
    FileStats stats,
    long bytesReceived) {

  /** Checks and copies the fields. */
  public TaskItem {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(stats, "stats");
    availableVersions = List.copyOf(availableVersions);
    fetchedVersions = List.copyOf(fetchedVersions);
  }

  /** An item with nothing received over the network (0). */
  public TaskItem(long id, String taskId, ItemKey key, ItemStatus status, @Nullable String message,
      @Nullable Version selectedVersion, List<Version> availableVersions, @Nullable Version latestVersion,
      @Nullable Version localVersion, List<Version> fetchedVersions, int fileCount, long totalBytes,
      long transferredBytes, FileStats stats) {
    this(id, taskId, key, status, message, selectedVersion, availableVersions, latestVersion, localVersion,
        fetchedVersions, fileCount, totalBytes, transferredBytes, stats, 0);
  }

  /** A new pending item. */
  public static TaskItem create(long id, String taskId, ItemKey key, @Nullable Version selected,
      List<Version> available, @Nullable Version local) {
    Version latest = available.isEmpty() ? null : available.stream().max(Version::compareTo).orElseThrow();
    return new TaskItem(id, taskId, key, ItemStatus.PENDING, null, selected, available, latest, local, List.of(), 0,
        0, 0, FileStats.ZERO, 0);
  }

  /** The shot. */
  public ShotKey shot() {
    return key.shot();
  }

  /** The department. */
  public Department department() {
    return key.department();
  }

  /** This item with another status and message. */
  public TaskItem withStatus(ItemStatus newStatus, @Nullable String newMessage) {
    return new TaskItem(id, taskId, key, newStatus, newMessage, selectedVersion, availableVersions, latestVersion,
        localVersion, fetchedVersions, fileCount, totalBytes, transferredBytes, stats, bytesReceived);
  }

  /** This item with its plan: the versions to fetch, file count and bytes. */
  public TaskItem withPlan(List<Version> versions, int files, long bytes) {
    return new TaskItem(id, taskId, key, status, message, selectedVersion, availableVersions, latestVersion,
        localVersion, versions, files, bytes, transferredBytes, stats, bytesReceived);
  }

  /** This item with new progress counters; bytes received stay as they are. */
  public TaskItem withProgress(long transferred, FileStats newStats) {
    return withProgress(transferred, bytesReceived, newStats);
  }

  /** This item with new progress counters, bytes received included. */
  public TaskItem withProgress(long transferred, long received, FileStats newStats) {
    return new TaskItem(id, taskId, key, status, message, selectedVersion, availableVersions, latestVersion,
        localVersion, fetchedVersions, fileCount, totalBytes, transferred, newStats, received);
  }

  /** This item with a version picked by the user (custom strategy). */
  public TaskItem withSelectedVersion(@Nullable Version version) {
    return new TaskItem(id, taskId, key, status, message, version, availableVersions, latestVersion, localVersion,
        fetchedVersions, fileCount, totalBytes, transferredBytes, stats, bytesReceived);
  }

  /** This item with versions re-read from a fresh scan and local disk. */
  public TaskItem withVersions(List<Version> available, @Nullable Version local) {
    Version latest = available.isEmpty() ? null : available.stream().max(Version::compareTo).orElseThrow();
    return new TaskItem(id, taskId, key, status, message, selectedVersion, available, latest, local,
        fetchedVersions, fileCount, totalBytes, transferredBytes, stats, bytesReceived);
  }
}
