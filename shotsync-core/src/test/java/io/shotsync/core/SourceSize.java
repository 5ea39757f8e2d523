package io.shotsync.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Measures Java sources: lines per file and lines per method, constructor or initializer (from the line that names
 * it to its closing brace). Reads text only, so it runs as a script too:
 * {@code java shotsync-core/src/test/java/io/shotsync/core/SourceSize.java shotsync-core/src/main/java 400 60}.
 */
final class SourceSize {
  private static final Pattern TYPE = Pattern.compile("\\b(class|interface|enum)\\b|\\brecord\\s+[A-Z]\\w*\\s*[(<]");
  private static final Pattern METHOD = Pattern.compile("(\\w+)\\s*\\([^()]*(?:\\([^()]*\\)[^()]*)*\\)\\s*"
      + "(?:throws\\s+[\\w.\\s,<>]+)?$");
  private static final Pattern ANONYMOUS = Pattern.compile("\\bnew\\s+[\\w.]+\\s*(?:<[\\w.,\\s<>?]*>)?\\s*"
      + "\\([^()]*(?:\\([^()]*\\)[^()]*)*\\)$");

  private SourceSize() {}

  /** A file or method over a limit: where it is and how many lines it has. */
  record Offender(String where, int lines) {
    @Override
    public String toString() {
      return where + " (" + lines + " lines)";
    }
  }

  /** What a block is: a type body holds members, anything else is code. */
  private enum Block { TYPE, CODE }

  /** The files under a root longer than {@code maxFileLines}, and the methods longer than {@code maxMethodLines}. */
  static List<Offender> offenders(Path root, int maxFileLines, int maxMethodLines) throws IOException {
    List<Offender> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path f : files) {
      String text = Files.readString(f);
      String name = root.relativize(f).toString().replace('\\', '/');
      int lines = (int) text.lines().count();
      if (lines > maxFileLines) {
        out.add(new Offender(name, lines));
      }
      for (Offender m : methods(name, text)) {
        if (m.lines() > maxMethodLines) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** Every method, constructor and initializer of a source text with its length in lines. */
  static List<Offender> methods(String file, String source) {
    String code = blankCommentsAndLiterals(source);
    List<Offender> out = new ArrayList<>();
    Deque<Block> blocks = new ArrayDeque<>();
    Deque<int[]> starts = new ArrayDeque<>(); // per open block: the start line of a measured member, or -1
    Deque<String> names = new ArrayDeque<>();
    int headerStart = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '{') {
        String header = code.substring(headerStart, i).strip();
        boolean inType = blocks.isEmpty() || blocks.peek() == Block.TYPE;
        Matcher method = METHOD.matcher(header);
        if (TYPE.matcher(header).find() || ANONYMOUS.matcher(header).find()) {
          blocks.push(Block.TYPE);
          starts.push(new int[] {-1});
          names.push("");
        } else if (inType && !header.contains("=") && (header.isEmpty() || header.equals("static")
            || method.find())) {
          boolean initializer = header.isEmpty() || header.equals("static");
          String raw = code.substring(headerStart, i);
          int lead = raw.length() - raw.stripLeading().length();
          blocks.push(Block.CODE);
          starts.push(new int[] {lineOf(code, initializer ? i : headerStart + lead + method.start(1))});
          names.push(initializer ? "<init>" : method.group(1));
        } else {
          blocks.push(Block.CODE);
          starts.push(new int[] {-1});
          names.push("");
        }
        headerStart = i + 1;
      } else if (c == '}') {
        if (!blocks.isEmpty()) {
          blocks.pop();
          int start = starts.pop()[0];
          String member = names.pop();
          if (start >= 0) {
            out.add(new Offender(file + ":" + start + " " + member, lineOf(code, i) - start + 1));
          }
        }
        headerStart = i + 1;
      } else if (c == ';') {
        headerStart = i + 1;
      }
    }
    return out;
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The source with comments, strings, text blocks and char literals blanked out, line breaks kept. */
  static String blankCommentsAndLiterals(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        while (i < s.length() && s.charAt(i) != '\n') {
          out.append(' ');
          i++;
        }
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        i = blank(s, i, end < 0 ? s.length() : end + 2, out);
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        while (end > 0 && s.charAt(end - 1) == '\\') {
          end = s.indexOf("\"\"\"", end + 1);
        }
        out.append("\"\"");
        i = blank(s, i, end < 0 ? s.length() : end + 3, out);
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        out.append("\"\"");
        i = blank(s, i, Math.min(j + 1, s.length()), out);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static int blank(String s, int from, int to, StringBuilder out) {
    for (int k = from; k < to; k++) {
      out.append(s.charAt(k) == '\n' ? '\n' : ' ');
    }
    return to;
  }

  /** Prints the offenders under a source root: {@code root [maxFileLines [maxMethodLines]]}. */
  public static void main(String[] args) throws IOException {
    int file = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    int method = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    offenders(Path.of(args[0]), file, method).forEach(System.out::println);
  }
}
