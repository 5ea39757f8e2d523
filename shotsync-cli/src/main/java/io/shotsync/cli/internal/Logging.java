package io.shotsync.cli.internal;

/**
 * Sets slf4j-simple up before the first logger exists: WARN on stderr by default, INFO with {@code -v}, DEBUG
 * with {@code -vv}; the embedded FTP server's chatter stays at ERROR unless debugging. Properties given with
 * {@code -D} win.
 */
public final class Logging {
  private Logging() {}

  /** Reads {@code -v}, {@code -vv} and {@code --verbose} from the raw arguments and configures slf4j-simple. */
  public static int configure(String[] args) {
    int verbosity = 0;
    for (String a : args) {
      if (a.equals("--")) {
        break;
      }
      if (a.equals("--verbose")) {
        verbosity++;
      } else if (a.matches("-v+")) {
        verbosity += a.length() - 1;
      }
    }
    String level = verbosity == 0 ? "warn" : verbosity == 1 ? "info" : "debug";
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", level);
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    setDefault("org.slf4j.simpleLogger.showThreadName", verbosity > 1 ? "true" : "false");
    setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
    setDefault("org.slf4j.simpleLogger.log.org.apache.ftpserver", verbosity > 1 ? "debug" : "error");
    setDefault("org.slf4j.simpleLogger.log.org.apache.mina", verbosity > 1 ? "info" : "error");
    return verbosity;
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
