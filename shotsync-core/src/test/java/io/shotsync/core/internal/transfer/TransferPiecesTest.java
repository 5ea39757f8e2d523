package io.shotsync.core.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.core.internal.files.PartFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary and kept-aside names, local checksums and the rate limiter. */
class TransferPiecesTest {
  @TempDir
  Path dir;

  @Test
  void keptNamesNeverCollideEvenTwiceInOneSecond() throws Exception {
    Path f = dir.resolve("sh0010_lighting_v002.0001.exr");
    Instant now = Instant.parse("2026-11-26T01:57:30Z");
    Files.writeString(f, "one");
    Path a = PartFiles.keepAside(f, now);
    Files.writeString(f, "two");
    Path b = PartFiles.keepAside(f, now);
    assertThat(a.getFileName().toString()).isEqualTo("sh0010_lighting_v002.0001.exr.shotsync-kept-20261126T015730Z");
    assertThat(b.getFileName().toString()).isEqualTo(a.getFileName() + "-2");
    assertThat(Files.readString(a)).isEqualTo("one");
    assertThat(Files.readString(b)).isEqualTo("two");
    assertThat(f).doesNotExist();
    assertThat(PartFiles.partOf(f).getFileName().toString()).isEqualTo(".sh0010_lighting_v002.0001.exr.shotsync.part");
  }

  @Test
  void shotsyncNamesAreRecognised() {
    assertThat(PartFiles.isShotsyncName(".scene.ma.shotsync.part")).isTrue();
    assertThat(PartFiles.isShotsyncName("scene.ma.shotsync-kept-20261126T015730Z-3")).isTrue();
    assertThat(PartFiles.isShotsyncName("scene.ma")).isFalse();
  }

  @Test
  void checksumsMatchWhatServersAnswer() throws Exception {
    Path f = dir.resolve("f");
    Files.write(f, "hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(Checksums.of(f, "MD5")).isEqualTo("MD5:5d41402abc4b2a76b9719d911017c592");
    assertThat(Checksums.of(f, "SHA-256")).startsWith("SHA-256:2cf24dba");
    assertThat(Checksums.of(f, "CRC32")).isEqualTo("CRC32:3610a686");
    assertThat(Checksums.same("CRC32:03610a686", "crc32:3610A686")).isTrue();
    assertThat(Checksums.same("MD5:abc", "SHA-1:abc")).isFalse();
    assertThat(Checksums.of(f, "WHIRLPOOL")).isNull();
  }

  @Test
  void theRateLimiterHoldsAtLeastItsRate() {
    RateLimiter limiter = new RateLimiter(1_000_000);
    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      assertThat(limiter.acquire(10_000, () -> false)).isTrue();
    }
    // 500 kB at 1 MB/s: at least 0.5 s less the 0.1 s burst
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(390);
    assertThat(new RateLimiter(1).acquire(1_000_000, () -> true)).isFalse();
  }
}
