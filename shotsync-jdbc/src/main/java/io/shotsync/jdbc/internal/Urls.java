package io.shotsync.jdbc.internal;

import java.util.regex.Pattern;

/** Takes passwords out of JDBC URLs before they reach a message or a log line. */
public final class Urls {
  private static final Pattern PARAM =
      Pattern.compile("(?i)((?:password|passwd|pwd|sslpassword|keystorepassword|truststorepassword)=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]*):[^/@?;]*@");

  private Urls() {}

  /** The URL with every password parameter and user-info password replaced by {@code ******}. */
  public static String redact(String url) {
    String r = PARAM.matcher(url).replaceAll("$1******");
    return USER_INFO.matcher(r).replaceAll("$1:******@");
  }
}
