package io.shotsync.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Tuning of connections and transfers; {@link #defaults()} suits a studio LAN. Immutable; build one with
 * {@link #builder()} or change one with {@link #toBuilder()}. A task carries its own options to whichever process
 * runs it.
 *
 * <p>Fields: {@code connections} (control connections, and so files in flight; default 4), {@code connectTimeout},
 * {@code dataTimeout} (how long a control reply or a data read may stall before it counts as a transient failure),
 * {@code retries} and {@code retryBackoff} (the first retry's delay; it doubles up to 30 s), {@code bandwidthLimit}
 * (bytes per second across the task's connections; 0 for none) or a {@code bandwidthTimetable} (replaces the fixed
 * limit), {@code segmentThreshold} (files at least this big are fetched in ranges on several connections; 0 never),
 * {@code verifyChecksums}, {@code exactMtimes} (MDTM for coarse listings), {@code followSymlinks} while scanning, and
 * {@code relistAfter} (how old a scan may be before a task lists an item's directories again before fetching).
 */
public final class SyncOptions {
  private static final SyncOptions DEFAULTS = new Builder().build();

  private final int connections;
  private final Duration connectTimeout;
  private final Duration dataTimeout;
  private final int retries;
  private final Duration retryBackoff;
  private final long bandwidthLimit;
  private final long segmentThreshold;
  private final boolean verifyChecksums;
  private final boolean exactMtimes;
  private final boolean followSymlinks;
  private final @Nullable BandwidthTimetable bandwidthTimetable;
  private final Duration relistAfter;

  private SyncOptions(Builder b) {
    if (b.connections < 1 || b.connections > 64) {
      throw new InvalidInputException("connections must be 1-64: " + b.connections);
    }
    if (b.retries < 0 || b.retries > 100) {
      throw new InvalidInputException("retries must be 0-100: " + b.retries);
    }
    if (b.bandwidthLimit < 0) {
      throw new InvalidInputException("bandwidth limit must not be negative: " + b.bandwidthLimit);
    }
    if (b.segmentThreshold < 0) {
      throw new InvalidInputException("segment threshold must not be negative: " + b.segmentThreshold);
    }
    if (!positive(b.connectTimeout) || !positive(b.dataTimeout)) {
      throw new InvalidInputException("timeouts must be positive");
    }
    if (b.retryBackoff.isNegative()) {
      throw new InvalidInputException("retry backoff must not be negative: " + b.retryBackoff);
    }
    if (b.relistAfter.isNegative()) {
      throw new InvalidInputException("relistAfter must not be negative: " + b.relistAfter);
    }
    this.connections = b.connections;
    this.connectTimeout = b.connectTimeout;
    this.dataTimeout = b.dataTimeout;
    this.retries = b.retries;
    this.retryBackoff = b.retryBackoff;
    this.bandwidthLimit = b.bandwidthLimit;
    this.segmentThreshold = b.segmentThreshold;
    this.verifyChecksums = b.verifyChecksums;
    this.exactMtimes = b.exactMtimes;
    this.followSymlinks = b.followSymlinks;
    this.bandwidthTimetable = b.bandwidthTimetable;
    this.relistAfter = b.relistAfter;
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  /**
   * 4 connections, 15 s connect and 30 s data timeouts, 5 retries from 500 ms, no limit, ranges from 64 MiB, checksums
   * and exact mtimes on, symbolic links not followed, scans trusted for 10 s.
   */
  public static SyncOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Control connections per task, and so files in flight. */
  public int connections() {
    return connections;
  }

  /** How long a connect or login may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long a control reply or a data read may stall before it counts as a transient failure. */
  public Duration dataTimeout() {
    return dataTimeout;
  }

  /** How often a transient failure of one file or listing is retried. */
  public int retries() {
    return retries;
  }

  /** The first retry's delay; it doubles each time, up to 30 seconds. */
  public Duration retryBackoff() {
    return retryBackoff;
  }

  /** The fixed limit in bytes per second (0: none); a {@link #bandwidthTimetable()} replaces it when set. */
  public long bandwidthLimit() {
    return bandwidthLimit;
  }

  /** Files at least this big are fetched in ranges on several connections; 0 never. */
  public long segmentThreshold() {
    return segmentThreshold;
  }

  /** Compare a server checksum (HASH, XMD5, XCRC) after a transfer where the server has one. */
  public boolean verifyChecksums() {
    return verifyChecksums;
  }

  /** Ask MDTM for files whose listing gave only a coarse mtime. */
  public boolean exactMtimes() {
    return exactMtimes;
  }

  /** Follow symbolic links while scanning. */
  public boolean followSymlinks() {
    return followSymlinks;
  }

  /** A limit that changes with the time of day, or null for the fixed {@link #bandwidthLimit()}. */
  public @Nullable BandwidthTimetable bandwidthTimetable() {
    return bandwidthTimetable;
  }

  /**
   * How old a scan may be before a task lists an item's directories again before fetching it (default 10 s;
   * {@link Duration#ZERO} always lists again).
   */
  public Duration relistAfter() {
    return relistAfter;
  }

  /** The bandwidth limit in force: the timetable if one is set, else the fixed limit. */
  public BandwidthTimetable bandwidth() {
    return bandwidthTimetable != null ? bandwidthTimetable : BandwidthTimetable.fixed(bandwidthLimit);
  }

  /** These options with another connection count. */
  public SyncOptions withConnections(int n) {
    return toBuilder().connections(n).build();
  }

  /** These options with other timeouts. */
  public SyncOptions withTimeouts(Duration connect, Duration data) {
    return toBuilder().connectTimeout(connect).dataTimeout(data).build();
  }

  /** These options with another retry count and first backoff. */
  public SyncOptions withRetries(int n, Duration backoff) {
    return toBuilder().retries(n).retryBackoff(backoff).build();
  }

  /** These options with a fixed bandwidth limit in bytes per second (0 for none), replacing any timetable. */
  public SyncOptions withBandwidthLimit(long bytesPerSecond) {
    return toBuilder().bandwidthLimit(bytesPerSecond).build();
  }

  /** These options with a bandwidth timetable, applied to running transfers as its periods change. */
  public SyncOptions withBandwidthTimetable(BandwidthTimetable timetable) {
    return toBuilder().bandwidthTimetable(timetable).build();
  }

  /** These options with another segment threshold (0: never split files). */
  public SyncOptions withSegmentThreshold(long bytes) {
    return toBuilder().segmentThreshold(bytes).build();
  }

  /** These options with checksum verification on or off. */
  public SyncOptions withVerifyChecksums(boolean on) {
    return toBuilder().verifyChecksums(on).build();
  }

  /** These options with MDTM lookups for coarse listings on or off. */
  public SyncOptions withExactMtimes(boolean on) {
    return toBuilder().exactMtimes(on).build();
  }

  /** These options with symbolic links followed or not while scanning. */
  public SyncOptions withFollowSymlinks(boolean on) {
    return toBuilder().followSymlinks(on).build();
  }

  /** These options with another age after which a scan's listings are checked again before fetching. */
  public SyncOptions withRelistAfter(Duration age) {
    return toBuilder().relistAfter(age).build();
  }

  /** The field names of {@link #toMap()}, in order. */
  public static final List<String> FIELDS = List.of("connections", "connectTimeout", "dataTimeout", "retries",
      "retryBackoff", "bandwidth", "segmentThreshold", "verifyChecksums", "exactMtimes", "followSymlinks",
      "relistAfter");

  /**
   * These options as plain values for JSON: numbers, booleans, durations as ISO-8601 text ({@code PT30S}) and the
   * bandwidth as its text ({@code off}, {@code 8M} or a timetable like {@code 08:00,10M 19:00,off}).
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("connections", connections);
    m.put("connectTimeout", connectTimeout.toString());
    m.put("dataTimeout", dataTimeout.toString());
    m.put("retries", retries);
    m.put("retryBackoff", retryBackoff.toString());
    m.put("bandwidth", bandwidth().toString());
    m.put("segmentThreshold", segmentThreshold);
    m.put("verifyChecksums", verifyChecksums);
    m.put("exactMtimes", exactMtimes);
    m.put("followSymlinks", followSymlinks);
    m.put("relistAfter", relistAfter.toString());
    return m;
  }

  /**
   * Options from {@link #toMap()}'s fields over {@code base}: fields left out keep the base's value. Numbers may also be
   * given as text, durations as ISO-8601 ({@code PT30S}) or like {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h},
   * the bandwidth as a rate ({@code 8M}, {@code off}) or a timetable.
   *
   * @throws InvalidInputException naming an unknown field or a malformed value
   */
  public static SyncOptions fromMap(Map<String, ?> values, SyncOptions base) {
    Builder b = base.toBuilder();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      String k = e.getKey();
      Object v = e.getValue();
      if (v == null) {
        throw new InvalidInputException("option '" + k + "' must not be null");
      }
      switch (k) {
        case "connections" -> b.connections(intValue(k, v));
        case "connectTimeout" -> b.connectTimeout(duration(k, v));
        case "dataTimeout" -> b.dataTimeout(duration(k, v));
        case "retries" -> b.retries(intValue(k, v));
        case "retryBackoff" -> b.retryBackoff(duration(k, v));
        case "bandwidth" -> b.bandwidthTimetable(v instanceof Number n ? BandwidthTimetable.fixed(n.longValue())
            : BandwidthTimetable.parse(v.toString()));
        case "segmentThreshold" -> b.segmentThreshold(v instanceof Number n ? n.longValue()
            : BandwidthTimetable.parseRate(v.toString()));
        case "verifyChecksums" -> b.verifyChecksums(bool(k, v));
        case "exactMtimes" -> b.exactMtimes(bool(k, v));
        case "followSymlinks" -> b.followSymlinks(bool(k, v));
        case "relistAfter" -> b.relistAfter(duration(k, v));
        default -> throw new InvalidInputException("unknown option '" + Version.printable(k) + "'; known: "
            + String.join(", ", FIELDS));
      }
    }
    return b.build();
  }

  private static int intValue(String key, Object v) {
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Number n && n.doubleValue() == n.intValue()) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(v.toString().strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("malformed option " + key + " '" + Version.printable(v.toString())
          + "': expected a whole number");
    }
  }

  private static boolean bool(String key, Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    String t = v.toString().strip();
    if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(t);
    }
    throw new InvalidInputException("malformed option " + key + " '" + Version.printable(t)
        + "': expected true or false");
  }

  private static final java.util.regex.Pattern SHORT_DURATION = java.util.regex.Pattern.compile(
      "(?:(\\d{1,9})d)?(?:(\\d{1,9})h)?(?:(\\d{1,9})m(?!s))?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?",
      java.util.regex.Pattern.CASE_INSENSITIVE);

  /**
   * A duration, the one grammar of every shotsync surface (options, command flags, HTTP fields): ISO-8601
   * ({@code PT30S}) or numbers with units in the order {@code d h m s ms}: {@code 500ms}, {@code 30s}, {@code 5m},
   * {@code 1h30m}, {@code 7d}. Negative durations are refused; {@code what} names the value in the error.
   */
  public static Duration parseDuration(String what, String text) {
    String t = text.strip();
    try {
      if (t.toUpperCase(java.util.Locale.ROOT).startsWith("P")) {
        Duration d = Duration.parse(t);
        if (!d.isNegative()) {
          return d;
        }
      } else {
        java.util.regex.Matcher m = SHORT_DURATION.matcher(t);
        if (!t.isEmpty() && m.matches()) {
          return Duration.ofDays(number(m.group(1))).plusHours(number(m.group(2))).plusMinutes(number(m.group(3)))
              .plusSeconds(number(m.group(4))).plusMillis(number(m.group(5)));
        }
      }
    } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
      // reported below
    }
    throw new InvalidInputException("malformed " + what + " '" + Version.printable(t) + "': expected a duration like"
        + " 30s, 500ms, 5m, 1h30m, 7d or PT30S");
  }

  private static long number(@Nullable String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }

  private static Duration duration(String key, Object v) {
    return parseDuration("option " + key, v.toString());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyncOptions s && connections == s.connections && connectTimeout.equals(s.connectTimeout)
        && dataTimeout.equals(s.dataTimeout) && retries == s.retries && retryBackoff.equals(s.retryBackoff)
        && bandwidthLimit == s.bandwidthLimit && segmentThreshold == s.segmentThreshold
        && verifyChecksums == s.verifyChecksums && exactMtimes == s.exactMtimes && followSymlinks == s.followSymlinks
        && Objects.equals(bandwidthTimetable, s.bandwidthTimetable) && relistAfter.equals(s.relistAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(connections, connectTimeout, dataTimeout, retries, retryBackoff, bandwidthLimit,
        segmentThreshold, verifyChecksums, exactMtimes, followSymlinks, bandwidthTimetable, relistAfter);
  }

  @Override
  public String toString() {
    return "SyncOptions[connections=" + connections + ", connectTimeout=" + connectTimeout + ", dataTimeout="
        + dataTimeout + ", retries=" + retries + ", retryBackoff=" + retryBackoff + ", bandwidth=" + bandwidth()
        + ", segmentThreshold=" + segmentThreshold + ", verifyChecksums=" + verifyChecksums + ", exactMtimes="
        + exactMtimes + ", followSymlinks=" + followSymlinks + ", relistAfter=" + relistAfter + "]";
  }

  /** Builds {@link SyncOptions}; starts from the defaults. */
  public static final class Builder {
    private int connections = 4;
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration dataTimeout = Duration.ofSeconds(30);
    private int retries = 5;
    private Duration retryBackoff = Duration.ofMillis(500);
    private long bandwidthLimit;
    private long segmentThreshold = 64L << 20;
    private boolean verifyChecksums = true;
    private boolean exactMtimes = true;
    private boolean followSymlinks;
    private @Nullable BandwidthTimetable bandwidthTimetable;
    private Duration relistAfter = Duration.ofSeconds(10);

    private Builder() {}

    private Builder(SyncOptions o) {
      connections = o.connections;
      connectTimeout = o.connectTimeout;
      dataTimeout = o.dataTimeout;
      retries = o.retries;
      retryBackoff = o.retryBackoff;
      bandwidthLimit = o.bandwidthLimit;
      segmentThreshold = o.segmentThreshold;
      verifyChecksums = o.verifyChecksums;
      exactMtimes = o.exactMtimes;
      followSymlinks = o.followSymlinks;
      bandwidthTimetable = o.bandwidthTimetable;
      relistAfter = o.relistAfter;
    }

    /** Control connections (1-64). */
    public Builder connections(int n) {
      this.connections = n;
      return this;
    }

    /** How long a connect or login may take. */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Objects.requireNonNull(d, "connectTimeout");
      return this;
    }

    /** How long a reply or a data read may stall. */
    public Builder dataTimeout(Duration d) {
      this.dataTimeout = Objects.requireNonNull(d, "dataTimeout");
      return this;
    }

    /** Retries of a transient failure (0-100). */
    public Builder retries(int n) {
      this.retries = n;
      return this;
    }

    /** The first retry's delay. */
    public Builder retryBackoff(Duration d) {
      this.retryBackoff = Objects.requireNonNull(d, "retryBackoff");
      return this;
    }

    /** A fixed limit in bytes per second (0 for none); clears any timetable. */
    public Builder bandwidthLimit(long bytesPerSecond) {
      this.bandwidthLimit = bytesPerSecond;
      this.bandwidthTimetable = null;
      return this;
    }

    /** A timetable (null for the fixed limit); a fixed timetable sets the fixed limit instead. */
    public Builder bandwidthTimetable(@Nullable BandwidthTimetable timetable) {
      if (timetable != null && timetable.isFixed()) {
        this.bandwidthLimit = timetable.limitAt(java.time.Instant.EPOCH);
        this.bandwidthTimetable = null;
      } else {
        this.bandwidthTimetable = timetable;
      }
      return this;
    }

    /** Files at least this big are fetched in ranges; 0 never. */
    public Builder segmentThreshold(long bytes) {
      this.segmentThreshold = bytes;
      return this;
    }

    /** Compare server checksums after transfers. */
    public Builder verifyChecksums(boolean on) {
      this.verifyChecksums = on;
      return this;
    }

    /** Ask MDTM for coarse listings. */
    public Builder exactMtimes(boolean on) {
      this.exactMtimes = on;
      return this;
    }

    /** Follow symbolic links while scanning. */
    public Builder followSymlinks(boolean on) {
      this.followSymlinks = on;
      return this;
    }

    /** How old a scan may be before an item's directories are listed again. */
    public Builder relistAfter(Duration age) {
      this.relistAfter = Objects.requireNonNull(age, "relistAfter");
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws InvalidInputException naming a value out of range
     */
    public SyncOptions build() {
      return new SyncOptions(this);
    }
  }
}
