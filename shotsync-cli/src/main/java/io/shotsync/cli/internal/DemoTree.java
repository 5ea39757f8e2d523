package io.shotsync.cli.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.SplittableRandom;

/**
 * Writes a small shot tree in the default layout, the same bytes and mtimes every time:
 * {@code <ep>/<seq>/<shot>/anim/publish/vNNN/<shot>_anim_vNNN.ma} with {@code .jpg} frames, and
 * {@code <ep>/<seq>/<shot>/lighting/version/<shot>_lighting_vNNN.<frame>.exr}.
 *
 * @param episodes episodes (ep101, ep102, ...)
 * @param sequences sequences per episode (sq010, sq020, ...)
 * @param shots shots per sequence (sq010_sh0010, ...)
 * @param frames frames per version
 * @param frameBytes bytes per frame
 */
public record DemoTree(int episodes, int sequences, int shots, int frames, int frameBytes) {
  /** 2024-01-01T00:00:00Z, the mtime of the first file. */
  public static final long MTIME_BASE = 1_704_067_200L;

  /** About 3.5 MB: 2 episodes x 2 sequences x 2 shots, 1-3 anim and 1-2 lighting versions, 4 frames each. */
  public static DemoTree demo() {
    return new DemoTree(2, 2, 2, 4, 24 * 1024);
  }

  /** What was written. */
  public record Stats(int shots, int files, long bytes) {}

  /** Anim versions of the n-th shot: 1 to 3. */
  public static int animVersions(int shotIndex) {
    return 1 + shotIndex % 3;
  }

  /** Lighting versions of the n-th shot: 1 or 2. */
  public static int lightingVersions(int shotIndex) {
    return 1 + shotIndex % 2;
  }

  /** Writes the tree under {@code root} (created if needed) and answers what it wrote. */
  public Stats write(Path root) {
    int shotIndex = 0;
    int files = 0;
    long bytes = 0;
    for (int e = 1; e <= episodes; e++) {
      String ep = String.format("ep%d", 100 + e);
      for (int q = 1; q <= sequences; q++) {
        String seq = String.format("sq%03d", q * 10);
        for (int s = 1; s <= shots; s++) {
          String shot = String.format("%s_sh%04d", seq, s * 10);
          Path shotDir = root.resolve(ep).resolve(seq).resolve(shot);
          long shotTime = MTIME_BASE + shotIndex * 86_400L;
          for (int v = 1; v <= animVersions(shotIndex); v++) {
            String ver = String.format("v%03d", v);
            Path dir = shotDir.resolve("anim/publish").resolve(ver);
            long t = shotTime + v * 3_600L;
            int maSize = 16 * 1024 + 37 * (shotIndex * 7 + v) % (20 * 1024);
            bytes += file(dir.resolve(shot + "_anim_" + ver + ".ma"), maSize, t);
            files++;
            for (int f = 0; f < frames; f++) {
              bytes += file(dir.resolve(String.format("%s_anim_%s.%04d.jpg", shot, ver, 1001 + f)), frameBytes,
                  t + 60L * (f + 1));
              files++;
            }
          }
          Path light = shotDir.resolve("lighting/version");
          for (int v = 1; v <= lightingVersions(shotIndex); v++) {
            String ver = String.format("v%03d", v);
            long t = shotTime + 43_200L + v * 3_600L;
            for (int f = 0; f < frames; f++) {
              bytes += file(light.resolve(String.format("%s_lighting_%s.%04d.exr", shot, ver, 1001 + f)),
                  frameBytes + 512, t + 60L * (f + 1));
              files++;
            }
          }
          shotIndex++;
        }
      }
    }
    return new Stats(shotIndex, files, bytes);
  }

  private static long file(Path path, int size, long mtimeSeconds) {
    try {
      Files.createDirectories(path.getParent());
      SplittableRandom random = new SplittableRandom(path.getFileName().toString().hashCode() * 31L + size);
      byte[] data = new byte[size];
      for (int i = 0; i < size; i += 8) {
        long r = random.nextLong();
        for (int k = 0; k < 8 && i + k < size; k++) {
          data[i + k] = (byte) (r >>> (8 * k));
        }
      }
      try (OutputStream out = Files.newOutputStream(path)) {
        out.write(data);
      }
      Files.setLastModifiedTime(path, FileTime.fromMillis(mtimeSeconds * 1000));
      return size;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
