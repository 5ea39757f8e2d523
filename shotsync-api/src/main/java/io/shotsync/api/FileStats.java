package io.shotsync.api;

/** Per-item file counters, as the seed's statistics: downloaded, skipped, overwritten, kept both, resumed, failed. */
public record FileStats(int downloaded, int skipped, int overwritten, int keptBoth, int resumed, int failed) {

  /** All zero. */
  public static final FileStats ZERO = new FileStats(0, 0, 0, 0, 0, 0);

  /** These counters with one more file of the given action. */
  public FileStats plus(FileAction action) {
    return switch (action) {
      case DOWNLOADED -> new FileStats(downloaded + 1, skipped, overwritten, keptBoth, resumed, failed);
      case SKIPPED -> new FileStats(downloaded, skipped + 1, overwritten, keptBoth, resumed, failed);
      case OVERWRITTEN -> new FileStats(downloaded, skipped, overwritten + 1, keptBoth, resumed, failed);
      case KEPT_BOTH -> new FileStats(downloaded, skipped, overwritten, keptBoth + 1, resumed, failed);
      case RESUMED -> new FileStats(downloaded, skipped, overwritten, keptBoth, resumed + 1, failed);
      case FAILED -> new FileStats(downloaded, skipped, overwritten, keptBoth, resumed, failed + 1);
    };
  }

  /** The sum of two sets of counters. */
  public FileStats plus(FileStats o) {
    return new FileStats(downloaded + o.downloaded, skipped + o.skipped, overwritten + o.overwritten,
        keptBoth + o.keptBoth, resumed + o.resumed, failed + o.failed);
  }

  /** The count for one action. */
  public int count(FileAction action) {
    return switch (action) {
      case DOWNLOADED -> downloaded;
      case SKIPPED -> skipped;
      case OVERWRITTEN -> overwritten;
      case KEPT_BOTH -> keptBoth;
      case RESUMED -> resumed;
      case FAILED -> failed;
    };
  }

  /** Files whose bytes were fetched: downloaded, overwritten, kept both and resumed. */
  public int transferred() {
    return downloaded + overwritten + keptBoth + resumed;
  }

  /** Every file counted. */
  public int total() {
    return transferred() + skipped + failed;
  }
}
