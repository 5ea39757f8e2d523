package io.shotsync.core.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a shot tree in the default layout under a directory (an FTP server's root, or a local root), with
 * deterministic contents, sizes and mtimes, and remembers every file it wrote.
 *
 * <p>{@link #defaultTree()} writes 2 episodes x 2 sequences x 2 shots (8 shots, {@code ep01/sq010/sh0010} ...
 * {@code ep02/sq020/sh0020}); each shot has anim version folders {@code v001}, {@code v002} with
 * {@code scene.ma} (1 000 bytes x version) and {@code cache/geo.abc} (2 048 bytes), and lighting versioned files
 * {@code <shot>_lighting_v001.0001.exr} and {@code .0002.exr} (500 bytes) plus {@code _v002.*} likewise.
 * Shot {@code ep01/sq010/sh0010} also has anim {@code v009} and {@code v010} and lighting {@code v009},
 * {@code v010}, so the latest is v10 only when compared by number. Every file's mtime is
 * {@link #MTIME} plus its index in seconds.
 *
 * <p>Single pieces: {@link #animVersion}, {@link #lightingVersion}, {@link #file}. Contents are
 * {@link #content(String, int)}: a byte pattern derived from the path, so a test can check what it downloaded.
 */
public final class ShotTreeGenerator {
  /** The base mtime of generated files (old enough that LIST shows a year, not a time). */
  public static final Instant MTIME = Instant.parse("2024-03-05T10:15:30Z");

  private final Path root;
  private final Map<String, Integer> files = new LinkedHashMap<>();

  /** A generator writing below {@code root}. */
  public ShotTreeGenerator(Path root) {
    this.root = root;
  }

  /** The shots of {@link #defaultTree()}, as {@code ep/seq/shot} paths. */
  public static List<String> defaultShots() {
    List<String> out = new ArrayList<>();
    for (String ep : List.of("ep01", "ep02")) {
      for (String sq : List.of("sq010", "sq020")) {
        for (String sh : List.of("sh0010", "sh0020")) {
          out.add(ep + "/" + sq + "/" + sh);
        }
      }
    }
    return out;
  }

  /** Writes the default tree described above. */
  public ShotTreeGenerator defaultTree() {
    for (String shot : defaultShots()) {
      animVersion(shot, "v001");
      animVersion(shot, "v002");
      lightingVersion(shot, "v001", 2);
      lightingVersion(shot, "v002", 2);
    }
    animVersion("ep01/sq010/sh0010", "v009");
    animVersion("ep01/sq010/sh0010", "v010");
    lightingVersion("ep01/sq010/sh0010", "v009", 1);
    lightingVersion("ep01/sq010/sh0010", "v010", 1);
    return this;
  }

  /** Writes anim version folder {@code <shot>/anim/publish/<version>} with {@code scene.ma} and {@code cache/geo.abc}. */
  public ShotTreeGenerator animVersion(String shot, String version) {
    int number = Integer.parseInt(version.substring(1));
    file(shot + "/anim/publish/" + version + "/scene.ma", 1000 * number);
    file(shot + "/anim/publish/" + version + "/cache/geo.abc", 2048);
    return this;
  }

  /** Writes {@code frames} lighting files {@code <shot>/lighting/version/<shotname>_lighting_<version>.<frame>.exr}. */
  public ShotTreeGenerator lightingVersion(String shot, String version, int frames) {
    String name = shot.substring(shot.lastIndexOf('/') + 1);
    for (int f = 1; f <= frames; f++) {
      file(shot + "/lighting/version/" + name + "_lighting_" + version + String.format(".%04d.exr", f), 500);
    }
    return this;
  }

  /** Writes one file of {@code size} bytes at a path relative to the root; its mtime is {@link #MTIME} + index s. */
  public ShotTreeGenerator file(String relativePath, int size) {
    Path p = root.resolve(relativePath);
    try {
      Files.createDirectories(p.getParent());
      Files.write(p, content(relativePath, size));
      Files.setLastModifiedTime(p, FileTime.from(MTIME.plusSeconds(files.size())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.put(relativePath, size);
    return this;
  }

  /** Creates an empty directory at a path relative to the root. */
  public ShotTreeGenerator directory(String relativePath) {
    try {
      Files.createDirectories(root.resolve(relativePath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Every file written so far: path relative to the root, and size. */
  public Map<String, Integer> files() {
    return Map.copyOf(files);
  }

  /** The mtime given to a written file. */
  public Instant mtime(String relativePath) {
    int i = new ArrayList<>(files.keySet()).indexOf(relativePath);
    if (i < 0) {
      throw new IllegalArgumentException("not written: " + relativePath);
    }
    return MTIME.plusSeconds(i);
  }

  /** The root written to. */
  public Path root() {
    return root;
  }

  /** The deterministic contents of a generated file. */
  public static byte[] content(String relativePath, int size) {
    byte[] b = new byte[size];
    int seed = relativePath.hashCode();
    for (int i = 0; i < size; i++) {
      seed = seed * 1103515245 + 12345;
      b[i] = (byte) (seed >>> 16);
    }
    return b;
  }
}
