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
 */
public record TransferProgress(
    String taskId, String path, long fileBytes, long fileSize, long taskBytes, long taskTotal, int filesDone,
    int filesTotal, double bytesPerSecond) {}
