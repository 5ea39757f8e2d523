package io.shotsync.core;

import io.shotsync.api.InvalidInputException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Tuning of connections and transfers; {@link #defaults()} suits a studio LAN.
 *
 * @param connections control connections per endpoint, and so files in flight (default 4)
 * @param connectTimeout how long a connect or login may take
 * @param dataTimeout how long a control reply or a data read may stall before it counts as a transient failure
 * @param retries how often a transient failure of one file or listing is retried
 * @param retryBackoff the first retry's delay; it doubles each time, up to 30 seconds
 * @param bandwidthLimit bytes per second across all connections; 0 for no limit
 * @param segmentThreshold files at least this big are fetched in ranges on several connections; 0 never
 * @param verifyChecksums compare a server checksum (HASH, XMD5, XCRC) after a transfer where the server has one
 * @param exactMtimes ask MDTM for files whose listing gave only a coarse mtime
 * @param followSymlinks follow symbolic links while scanning (off by default)
 * @param bandwidthTimetable a limit that changes with the time of day; when set it replaces {@code bandwidthLimit}
 * @param relistAfter how old a scan may be before a task lists an item's directories again before fetching it, so
 *     files changed on the server since are fetched as they are now (default 10 s: a task started right after its
 *     scan uses the scan's listings; {@link Duration#ZERO} always lists again)
 */
public record SyncOptions(
    int connections,
    Duration connectTimeout,
    Duration dataTimeout,
    int retries,
    Duration retryBackoff,
    long bandwidthLimit,
    long segmentThreshold,
    boolean verifyChecksums,
    boolean exactMtimes,
    boolean followSymlinks,
    @Nullable BandwidthTimetable bandwidthTimetable,
    Duration relistAfter) {

  /** Checks the ranges. */
  public SyncOptions {
    if (connections < 1 || connections > 64) {
      throw new InvalidInputException("connections must be 1-64: " + connections);
    }
    if (retries < 0 || retries > 100) {
      throw new InvalidInputException("retries must be 0-100: " + retries);
    }
    if (bandwidthLimit < 0) {
      throw new InvalidInputException("bandwidth limit must not be negative: " + bandwidthLimit);
    }
    if (segmentThreshold < 0) {
      throw new InvalidInputException("segment threshold must not be negative: " + segmentThreshold);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero() || dataTimeout.isNegative() || dataTimeout.isZero()) {
      throw new InvalidInputException("timeouts must be positive");
    }
    if (relistAfter.isNegative()) {
      throw new InvalidInputException("relistAfter must not be negative: " + relistAfter);
    }
  }

  /**
   * 4 connections, 15 s connect and 30 s data timeouts, 5 retries from 500 ms, no limit, ranges from 64 MiB, scans
   * trusted for 10 s.
   */
  public static SyncOptions defaults() {
    return new SyncOptions(4, Duration.ofSeconds(15), Duration.ofSeconds(30), 5, Duration.ofMillis(500), 0,
        64L << 20, true, true, false, null, Duration.ofSeconds(10));
  }

  /** These options with another connection count. */
  public SyncOptions withConnections(int n) {
    return new SyncOptions(n, connectTimeout, dataTimeout, retries, retryBackoff, bandwidthLimit, segmentThreshold,
        verifyChecksums, exactMtimes, followSymlinks, bandwidthTimetable, relistAfter);
  }

  /** These options with other timeouts. */
  public SyncOptions withTimeouts(Duration connect, Duration data) {
    return new SyncOptions(connections, connect, data, retries, retryBackoff, bandwidthLimit, segmentThreshold,
        verifyChecksums, exactMtimes, followSymlinks, bandwidthTimetable, relistAfter);
  }

  /** These options with another retry count and first backoff. */
  public SyncOptions withRetries(int n, Duration backoff) {
    return new SyncOptions(connections, connectTimeout, dataTimeout, n, backoff, bandwidthLimit, segmentThreshold,
        verifyChecksums, exactMtimes, followSymlinks, bandwidthTimetable, relistAfter);
  }

  /** These options with a fixed bandwidth limit in bytes per second (0 for none), replacing any timetable. */
  public SyncOptions withBandwidthLimit(long bytesPerSecond) {
    return new SyncOptions(connections, connectTimeout, dataTimeout, retries, retryBackoff, bytesPerSecond,
        segmentThreshold, verifyChecksums, exactMtimes, followSymlinks, null, relistAfter);
  }

  /** These options with a bandwidth timetable, applied to running transfers as its periods change. */
  public SyncOptions withBandwidthTimetable(BandwidthTimetable timetable) {
    return new SyncOptions(connections, connectTimeout, dataTimeout, retries, retryBackoff, bandwidthLimit,
        segmentThreshold, verifyChecksums, exactMtimes, followSymlinks, timetable, relistAfter);
  }

  /** The bandwidth limit in force: the timetable if one is set, else the fixed limit. */
  public BandwidthTimetable bandwidth() {
    return bandwidthTimetable != null ? bandwidthTimetable : BandwidthTimetable.fixed(bandwidthLimit);
  }

  /** These options with another segment threshold (0: never split files). */
  public SyncOptions withSegmentThreshold(long bytes) {
    return new SyncOptions(connections, connectTimeout, dataTimeout, retries, retryBackoff, bandwidthLimit, bytes,
        verifyChecksums, exactMtimes, followSymlinks, bandwidthTimetable, relistAfter);
  }

  /** These options with checksum verification on or off. */
  public SyncOptions withVerifyChecksums(boolean on) {
    return new SyncOptions(connections, connectTimeout, dataTimeout, retries, retryBackoff, bandwidthLimit,
        segmentThreshold, on, exactMtimes, followSymlinks, bandwidthTimetable, relistAfter);
  }

  /** These options with MDTM lookups for coarse listings on or off. */
  public SyncOptions withExactMtimes(boolean on) {
    return new SyncOptions(connections, connectTimeout, dataTimeout, retries, retryBackoff, bandwidthLimit,
        segmentThreshold, verifyChecksums, on, followSymlinks, bandwidthTimetable, relistAfter);
  }

  /** These options with symbolic links followed or not while scanning. */
  public SyncOptions withFollowSymlinks(boolean on) {
    return new SyncOptions(connections, connectTimeout, dataTimeout, retries, retryBackoff, bandwidthLimit,
        segmentThreshold, verifyChecksums, exactMtimes, on, bandwidthTimetable, relistAfter);
  }

  /** These options with another age after which a scan's listings are checked again before fetching. */
  public SyncOptions withRelistAfter(Duration age) {
    return new SyncOptions(connections, connectTimeout, dataTimeout, retries, retryBackoff, bandwidthLimit,
        segmentThreshold, verifyChecksums, exactMtimes, followSymlinks, bandwidthTimetable, age);
  }
}
