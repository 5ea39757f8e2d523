package io.shotsync.api;

import java.util.regex.Pattern;

/** Shot-path globs: {@code *} and {@code ?} within one segment, {@code **} across segments. */
final class Globs {
  private Globs() {}

  static boolean matches(String glob, String path) {
    return toRegex(glob).matcher(path).matches();
  }

  static Pattern toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        re.append(".*");
        i++;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
