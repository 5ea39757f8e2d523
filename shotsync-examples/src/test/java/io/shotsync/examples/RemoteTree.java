package io.shotsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.ItemKey;
import io.shotsync.api.ShotKey;
import io.shotsync.api.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the served directory holds, read straight from disk with the default layout
 * ({@code ep/seq/shot/anim/publish/vNNN/**} and {@code ep/seq/shot/lighting/version/*_vNNN.*}), so tests
 * can say which files each version has without asking shotsync.
 */
final class RemoteTree {
  private static final Pattern ANIM = Pattern.compile("([^/]+)/([^/]+)/([^/]+)/anim/publish/(v\\d+)/.+");
  private static final Pattern LIGHTING = Pattern.compile("([^/]+)/([^/]+)/([^/]+)/lighting/version/[^/]*_(v\\d+)\\.[^/]+");

  private final Path root;
  private final Map<ItemKey, SortedMap<Version, List<String>>> items;

  private RemoteTree(Path root, Map<ItemKey, SortedMap<Version, List<String>>> items) {
    this.root = root;
    this.items = items;
  }

  /** Reads the tree under {@code root}. */
  static RemoteTree read(Path root) {
    Map<ItemKey, SortedMap<Version, List<String>>> items = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(Files::isRegularFile).forEach(f -> {
        String rel = root.relativize(f).toString().replace('\\', '/');
        Matcher m;
        Department dept;
        if ((m = ANIM.matcher(rel)).matches()) {
          dept = Department.ANIM;
        } else if ((m = LIGHTING.matcher(rel)).matches()) {
          dept = Department.LIGHTING;
        } else {
          return;
        }
        ItemKey key = new ItemKey(new ShotKey(m.group(1), m.group(2), m.group(3)), dept);
        items.computeIfAbsent(key, k -> new TreeMap<>())
            .computeIfAbsent(Version.parse(m.group(4)), v -> new ArrayList<>()).add(rel);
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(items).as("shot tree under " + root).isNotEmpty();
    return new RemoteTree(root, items);
  }

  Path root() {
    return root;
  }

  /** Items by key, with their versions (in numeric order) and each version's files (relative paths). */
  Map<ItemKey, SortedMap<Version, List<String>>> items() {
    return items;
  }

  Version latest(ItemKey item) {
    return items.get(item).lastKey();
  }

  List<String> files(ItemKey item, Version v) {
    return items.get(item).getOrDefault(v, List.of());
  }

  /** Every file of every version of the item. */
  List<String> allFiles(ItemKey item) {
    return items.get(item).values().stream().flatMap(List::stream).toList();
  }

  /** Asserts that these files are under {@code local} with the served bytes. */
  void assertCopied(Path local, List<String> files) {
    for (String rel : files) {
      Path copy = local.resolve(rel);
      assertThat(copy).as(rel).exists();
      assertThat(copy).as(rel).hasSameBinaryContentAs(root.resolve(rel));
    }
  }

  /** Asserts that none of these files are under {@code local}. */
  static void assertAbsent(Path local, List<String> files) {
    for (String rel : files) {
      assertThat(local.resolve(rel)).as(rel).doesNotExist();
    }
  }

  /** Asserts that no temporary or stray files were left under {@code local}, except the allowed names. */
  static void assertNoPartFiles(Path local) {
    try (Stream<Path> files = Files.walk(local)) {
      assertThat(files.filter(Files::isRegularFile).map(Path::toString).filter(p -> p.endsWith(".part")))
          .as("temporary files left under " + local).isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
