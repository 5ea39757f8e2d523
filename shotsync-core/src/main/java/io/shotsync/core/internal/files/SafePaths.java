package io.shotsync.core.internal.files;

import io.shotsync.api.LocalStorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Checks remote names and maps remote relative paths to local paths that can never leave the local root.
 *
 * <p>A name is refused when it is empty, {@code .} or {@code ..}, holds {@code /}, {@code \}, NUL or another
 * control character (CR, LF, ...), or starts with a drive prefix such as {@code C:}. Every remote name passes
 * {@link #refusal(String)} before it is used, and every local path is made by {@link #resolve(Path, String)}.
 */
public final class SafePaths {
  private SafePaths() {}

  /** Why this single remote name is refused, or null when it is safe to use as one path segment. */
  public static @Nullable String refusal(String name) {
    if (name.isEmpty()) {
      return "empty name";
    }
    if (name.equals(".") || name.equals("..")) {
      return "relative name '" + name + "'";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\') {
        return "name contains a path separator";
      }
      if (c == 0) {
        return "name contains NUL";
      }
      if (Character.isISOControl(c)) {
        return "name contains a control character";
      }
    }
    if (name.length() >= 2 && name.charAt(1) == ':' && isAsciiLetter(name.charAt(0))) {
      return "name starts with a drive prefix";
    }
    return null;
  }

  /** True when {@link #refusal(String)} finds nothing wrong with the name. */
  public static boolean isSafeName(String name) {
    return refusal(name) == null;
  }

  /** The name with control characters escaped, at most 120 characters, for messages and logs. */
  public static String printable(String name) {
    StringBuilder b = new StringBuilder();
    name.codePoints().limit(120).forEach(c -> {
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return name.codePointCount(0, name.length()) > 120 ? b + "..." : b.toString();
  }

  /**
   * The local path of a remote path relative to the endpoint root ({@code ep01/sq010/sh0010/anim/publish/v001/a.ma}).
   * Every segment must pass {@link #refusal(String)}; the result is inside {@code localRoot}, also after
   * following any symbolic links that already exist below it.
   *
   * @throws LocalStorageException naming the path when it is malformed or would leave the root
   */
  public static Path resolve(Path localRoot, String relativePath) {
    Path root = localRoot.toAbsolutePath().normalize();
    Path result = lexical(root, relativePath);
    checkLinks(root, result, relativePath);
    return result;
  }

  /** A resolver for one local root that remembers the directories it has checked (see {@link Resolver}). */
  public static Resolver resolver(Path localRoot) {
    return new Resolver(localRoot);
  }

  /**
   * {@link #resolve(Path, String)} for one local root, for the many files of a task: a directory whose real path was
   * found inside the root once is remembered, so the next file in it costs one link check of its own name instead of
   * resolving every segment of the path again. Thread-safe.
   */
  public static final class Resolver implements Function<String, Path> {
    private final Path root;
    private final Set<Path> checkedDirectories = ConcurrentHashMap.newKeySet();
    private final Set<Path> createdDirectories = ConcurrentHashMap.newKeySet();

    private Resolver(Path localRoot) {
      this.root = localRoot.toAbsolutePath().normalize();
    }

    @Override
    public Path apply(String relativePath) {
      Path result = lexical(root, relativePath);
      // lexical() answers a path strictly below the absolute root, so it has a parent
      Path parent = Objects.requireNonNull(result.getParent(), "parent");
      boolean parentChecked = parent.equals(root) || checkedDirectories.contains(parent);
      if (!parentChecked || Files.isSymbolicLink(result)) {
        checkLinks(root, result, relativePath);
        if (!parentChecked && Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
          checkedDirectories.add(parent);
        }
      }
      return result;
    }

    /** Forgets which directories were checked or created, so the next use looks at the disk again. */
    public void forgetDirectories() {
      checkedDirectories.clear();
      createdDirectories.clear();
    }

    /** Creates the parent directories of a path this resolver gave, once per directory. */
    public void createParents(Path path) throws IOException {
      Path parent = path.getParent();
      if (parent != null && !createdDirectories.contains(parent)) {
        Files.createDirectories(parent);
        createdDirectories.add(parent);
      }
    }
  }

  /**
   * The segments of a path relative to the local root, each checked by {@link #refusal(String)}.
   *
   * @throws LocalStorageException naming the path when it is empty, absolute or has a refused segment
   */
  public static List<String> segments(String relativePath) {
    if (relativePath.isEmpty()) {
      throw new LocalStorageException("empty relative path", null);
    }
    if (relativePath.startsWith("/")) {
      throw new LocalStorageException("absolute path '" + printable(relativePath) + "' refused", null);
    }
    List<String> out = List.of(relativePath.split("/", -1));
    for (String segment : out) {
      String why = refusal(segment);
      if (why != null) {
        throw new LocalStorageException("path '" + printable(relativePath) + "' refused: " + why, null);
      }
    }
    return out;
  }

  private static Path lexical(Path root, String relativePath) {
    if (relativePath.isEmpty()) {
      throw new LocalStorageException("empty relative path under " + root, null);
    }
    if (relativePath.startsWith("/")) {
      throw new LocalStorageException("absolute path '" + printable(relativePath) + "' refused under " + root, null);
    }
    Path result = root;
    for (String segment : relativePath.split("/", -1)) {
      String why = refusal(segment);
      if (why != null) {
        throw new LocalStorageException("path '" + printable(relativePath) + "' refused: " + why, null);
      }
      try {
        result = result.resolve(segment);
      } catch (InvalidPathException e) {
        throw new LocalStorageException("path '" + printable(relativePath) + "' is not valid here: " + e.getReason(), e);
      }
    }
    result = result.normalize();
    if (!result.startsWith(root) || result.equals(root)) {
      throw new LocalStorageException("path '" + printable(relativePath) + "' would leave the local root " + root, null);
    }
    return result;
  }

  private static void checkLinks(Path root, Path target, String relativePath) {
    // the deepest part of the path that already exists must still be inside the real root
    Path existing = target;
    while (existing != null && !existing.equals(root) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null || existing.equals(root) || !Files.exists(root)) {
      return;
    }
    try {
      Path realRoot = root.toRealPath();
      if (Files.isSymbolicLink(existing) && existing.equals(target)) {
        // the final name is a link itself: a write would follow it
        Path real = existing.toRealPath();
        if (!real.startsWith(realRoot)) {
          throw new LocalStorageException("path '" + printable(relativePath) + "' is a link leaving the local root", null);
        }
        return;
      }
      if (Files.exists(existing) && !existing.toRealPath().startsWith(realRoot)) {
        throw new LocalStorageException("path '" + printable(relativePath) + "' leads through a link out of the local root", null);
      }
    } catch (IOException e) {
      throw new LocalStorageException("cannot check path '" + printable(relativePath) + "' under " + root, e);
    }
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
