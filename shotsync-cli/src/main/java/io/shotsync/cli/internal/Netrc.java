package io.shotsync.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code ~/.netrc}: {@code machine}, {@code default}, {@code login}, {@code password} and {@code account}
 * tokens, with {@code macdef} bodies skipped, in the format curl, ftp and lftp read.
 */
public final class Netrc {

  /** One machine (or the default) entry. */
  public record Entry(@Nullable String machine, @Nullable String login, @Nullable String password) {}

  private final List<Entry> entries;

  private Netrc(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** The entries, in file order. */
  public List<Entry> entries() {
    return entries;
  }

  /** Parses netrc text. */
  public static Netrc parse(String text) {
    List<String> tokens = tokenize(text);
    List<Entry> out = new ArrayList<>();
    String machine = null;
    String login = null;
    String password = null;
    boolean inEntry = false;
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      switch (t) {
        case "machine", "default" -> {
          if (inEntry) {
            out.add(new Entry(machine, login, password));
          }
          inEntry = true;
          login = null;
          password = null;
          machine = t.equals("machine") && i + 1 < tokens.size() ? tokens.get(++i) : null;
        }
        case "login" -> login = i + 1 < tokens.size() ? tokens.get(++i) : null;
        case "password" -> password = i + 1 < tokens.size() ? tokens.get(++i) : null;
        case "account" -> i++;
        default -> { }
      }
    }
    if (inEntry) {
      out.add(new Entry(machine, login, password));
    }
    return new Netrc(out);
  }

  /** Reads the file, or answers an empty netrc when it does not exist or cannot be read. */
  public static Netrc read(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return new Netrc(List.of());
      }
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return new Netrc(List.of());
    }
  }

  /**
   * The entry for a host: the first {@code machine} entry with that host (and that login, when one is given),
   * else the {@code default} entry.
   */
  public Optional<Entry> find(String host, @Nullable String login) {
    for (Entry e : entries) {
      if (e.machine() != null && e.machine().equalsIgnoreCase(host)
          && (login == null || e.login() == null || login.equals(e.login()))) {
        return Optional.of(e);
      }
    }
    for (Entry e : entries) {
      if (e.machine() == null && (login == null || e.login() == null || login.equals(e.login()))) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** Splits into tokens, honouring double quotes, dropping comments and macdef bodies (up to a blank line). */
  private static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    boolean inMacro = false;
    for (String line : text.split("\r?\n", -1)) {
      if (inMacro) {
        inMacro = !line.isBlank();
        continue;
      }
      if (line.strip().startsWith("#")) {
        continue;
      }
      int i = 0;
      while (i < line.length()) {
        char c = line.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '"') {
          StringBuilder b = new StringBuilder();
          i++;
          while (i < line.length() && line.charAt(i) != '"') {
            if (line.charAt(i) == '\\' && i + 1 < line.length()) {
              i++;
            }
            b.append(line.charAt(i++));
          }
          i++;
          tokens.add(b.toString());
        } else {
          int start = i;
          while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
            i++;
          }
          String token = line.substring(start, i);
          if (token.equals("macdef")) {
            inMacro = true;
            break;
          }
          tokens.add(token);
        }
      }
    }
    return tokens;
  }
}
