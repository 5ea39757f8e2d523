package io.shotsync.api.event;

/**
 * Throttled byte progress of a running task (a few times a second at most).
 *
 * @param taskId the task
 * @param path the file that moved last
 * @param fileBytes bytes of that file in place
 * @param fileSize that file's size
 * @param taskBytes bytes of the task fetched or in place
 * @param taskTotal bytes the task plans
 * @param filesDone files finished (any action)
 * @param filesTotal files planned
 * @param bytesPerSecond recent transfer rate
 * @param bytesReceived bytes received over the network by this run of the task so far (files resumed or found in
 *     place count only what came over the wire; bytes fetched again after an interruption count twice)
 */
public record TransferProgress(
    String taskId, String path, long fileBytes, long fileSize, long taskBytes, long taskTotal, int filesDone,
    int filesTotal, double bytesPerSecond, long bytesReceived) {

  /** Progress without a count of bytes received (0). */
  public TransferProgress(String taskId, String path, long fileBytes, long fileSize, long taskBytes, long taskTotal,
      int filesDone, int filesTotal, double bytesPerSecond) {
    this(taskId, path, fileBytes, fileSize, taskBytes, taskTotal, filesDone, filesTotal, bytesPerSecond, 0);
  }
}
