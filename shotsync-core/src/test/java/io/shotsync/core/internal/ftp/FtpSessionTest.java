package io.shotsync.core.internal.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shotsync.api.RemoteEntry;
import io.shotsync.api.RemoteException;
import io.shotsync.api.Secret;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FtpSessionTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  static final SyncOptions OPTIONS = SyncOptions.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
      .withRetries(1, Duration.ofMillis(10));

  @Test
  void readsCapabilitiesFromFeat() {
    try (FtpPool pool = FtpPools.open(FTP.endpoint(), OPTIONS)) {
      Capabilities caps = pool.capabilities();
      assertThat(caps.mlsd()).isTrue();
      assertThat(caps.mdtm()).isTrue();
      assertThat(caps.size()).isTrue();
      assertThat(caps.restStream()).isTrue();
      assertThat(caps.utf8()).isTrue();
      assertThat(caps.raw()).isNotEmpty();
    }
  }

  @Test
  void namesWithSpacesAndNonAsciiComeThrough() {
    new ShotTreeGenerator(FTP.root()).file("dir/with space.txt", 3).file("dir/Ünïcødé 日本.exr", 5)
        .directory("dir/sub dir");
    List<String> warnings = new ArrayList<>();
    try (FtpPool pool = FtpPools.open(FTP.endpoint(), OPTIONS)) {
      FtpSession s = pool.borrow();
      List<RemoteEntry> entries = s.list("/dir", warnings::add);
      assertThat(entries).extracting(RemoteEntry::path)
          .containsExactlyInAnyOrder("/dir/with space.txt", "/dir/Ünïcødé 日本.exr", "/dir/sub dir");
      assertThat(entries).filteredOn(RemoteEntry::directory).extracting(RemoteEntry::name).containsExactly("sub dir");
      assertThat(s.size("/dir/Ünïcødé 日本.exr")).isEqualTo(5);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      s.retrieve("/dir/Ünïcødé 日本.exr", 0, -1, out, n -> { });
      assertThat(out.toByteArray()).isEqualTo(ShotTreeGenerator.content("dir/Ünïcødé 日本.exr", 5));
      pool.release(s, false);
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void retrievesFromAnOffsetAndRangesAndReportsProgress() {
    int size = 300_000;
    new ShotTreeGenerator(FTP.root()).file("big.bin", size);
    byte[] all = ShotTreeGenerator.content("big.bin", size);
    try (FtpPool pool = FtpPools.open(FTP.endpoint(), OPTIONS)) {
      FtpSession s = pool.borrow();
      AtomicLong seen = new AtomicLong();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long n = s.retrieve("/big.bin", 100_000, -1, out, seen::addAndGet);
      assertThat(n).isEqualTo(size - 100_000);
      assertThat(seen.get()).isEqualTo(n);
      assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(all, 100_000, size));

      out.reset();
      n = s.retrieve("/big.bin", 50_000, 1000, out, x -> { });
      assertThat(n).isEqualTo(1000);
      assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(all, 50_000, 51_000));
      // the session survives a cut transfer
      assertThat(s.size("/big.bin")).isEqualTo(size);
      pool.release(s, false);
      FtpSession again = pool.borrow();
      assertThat(again.size("/big.bin")).isEqualTo(size);
      pool.release(again, false);
    }
  }

  @Test
  void aLargeTransferComesInNativeBuffersAndASmallOneInArraysByteIdentical() {
    int size = 3_000_000;
    new ShotTreeGenerator(FTP.root()).file("large.bin", size).file("small.bin", 200_000);
    byte[] all = ShotTreeGenerator.content("large.bin", size);
    try (FtpPool pool = FtpPools.open(FTP.endpoint(), OPTIONS)) {
      FtpSession s = pool.borrow();
      BufferCollector large = new BufferCollector(size - 100_000);
      AtomicLong seen = new AtomicLong();
      assertThat(s.retrieve("/large.bin", 100_000, -1, large, seen::addAndGet)).isEqualTo(size - 100_000);
      assertThat(large.toByteArray()).isEqualTo(Arrays.copyOfRange(all, 100_000, size));
      assertThat(seen.get()).isEqualTo(size - 100_000);
      assertThat(large.directBuffers).isPositive();
      assertThat(large.arrays).isZero();

      // a range of it: cut after its length, the session still usable
      BufferCollector range = new BufferCollector(1_500_000);
      assertThat(s.retrieve("/large.bin", 1_000_000, 1_500_000, range, x -> { })).isEqualTo(1_500_000);
      assertThat(range.toByteArray()).isEqualTo(Arrays.copyOfRange(all, 1_000_000, 2_500_000));
      assertThat(range.directBuffers).isPositive();

      BufferCollector small = new BufferCollector(200_000);
      assertThat(s.retrieve("/small.bin", 0, -1, small, x -> { })).isEqualTo(200_000);
      assertThat(small.toByteArray()).isEqualTo(ShotTreeGenerator.content("small.bin", 200_000));
      assertThat(small.directBuffers).isZero();
      assertThat(small.arrays).isPositive();
      assertThat(s.size("/large.bin")).isEqualTo(size);
      pool.release(s, false);
    }
  }

  /** A rate-limited sink's chunk (what its limit allows at a time) bounds every read, through a channel or a stream. */
  @Test
  void aSinkTakingSmallChunksIsNeverHandedMoreAtOnce() {
    new ShotTreeGenerator(FTP.root()).file("chunked-large.bin", 2_500_000).file("chunked-small.bin", 300_000);
    try (FtpPool pool = FtpPools.open(FTP.endpoint(), OPTIONS)) {
      FtpSession s = pool.borrow();
      BufferCollector large = new BufferCollector(2_500_000, 10_000);
      assertThat(s.retrieve("/chunked-large.bin", 0, -1, large, x -> { })).isEqualTo(2_500_000);
      assertThat(large.toByteArray()).isEqualTo(ShotTreeGenerator.content("chunked-large.bin", 2_500_000));
      assertThat(large.directBuffers).isPositive();
      assertThat(large.largestWrite).isEqualTo(10_000);
      BufferCollector small = new BufferCollector(300_000, 10_000);
      assertThat(s.retrieve("/chunked-small.bin", 0, -1, small, x -> { })).isEqualTo(300_000);
      assertThat(small.toByteArray()).isEqualTo(ShotTreeGenerator.content("chunked-small.bin", 300_000));
      assertThat(small.arrays).isPositive();
      assertThat(small.largestWrite).isLessThanOrEqualTo(10_000);
      pool.release(s, false);
    }
  }

  /** A sink that takes buffers, as the temporary file's does, and counts how the bytes came. */
  private static final class BufferCollector extends java.io.OutputStream implements BufferSink {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final long expected;
    private final long chunk;
    int directBuffers;
    int arrays;
    int largestWrite;

    BufferCollector(long expected) {
      this(expected, Long.MAX_VALUE);
    }

    BufferCollector(long expected, long chunk) {
      this.expected = expected;
      this.chunk = chunk;
    }

    @Override
    public long chunk() {
      return chunk;
    }

    byte[] toByteArray() {
      return bytes.toByteArray();
    }

    @Override
    public long expected() {
      return expected - bytes.size();
    }

    @Override
    public void write(java.nio.ByteBuffer src) {
      if (src.isDirect()) {
        directBuffers++;
      }
      largestWrite = Math.max(largestWrite, src.remaining());
      byte[] b = new byte[src.remaining()];
      src.get(b);
      bytes.write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      arrays++;
      largestWrite = Math.max(largestWrite, len);
      bytes.write(b, off, len);
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }
  }

  @Test
  void modificationTimeIsExact() {
    ShotTreeGenerator gen = new ShotTreeGenerator(FTP.root()).file("a/b.txt", 10);
    try (FtpPool pool = FtpPools.open(FTP.endpoint(), OPTIONS)) {
      FtpSession s = pool.borrow();
      assertThat(s.modificationTime("/a/b.txt")).isEqualTo(gen.mtime("a/b.txt"));
      assertThatThrownBy(() -> s.size("/a/missing.txt")).isInstanceOfSatisfying(RemoteException.class,
          e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.PERMANENT));
      pool.release(s, false);
    }
  }

  @Test
  void missingDirectoryIsAnErrorNotAnEmptyListing() {
    try (FtpPool pool = FtpPools.open(FTP.endpoint(), OPTIONS)) {
      FtpSession s = pool.borrow();
      assertThatThrownBy(() -> s.list("/no/such/dir", FtpSession.Warnings.IGNORE))
          .isInstanceOf(RemoteException.class);
      pool.release(s, false);
    }
  }

  @Test
  void wrongPasswordIsLoginRefusedAndNeverShowsThePassword() {
    var endpoint = FTP.endpoint().withPassword(Secret.of("wrong-Pa55word"));
    try (FtpPool pool = FtpPools.open(endpoint, OPTIONS)) {
      assertThatThrownBy(pool::borrow).isInstanceOfSatisfying(RemoteException.class, e -> {
        assertThat(e.kind()).isEqualTo(RemoteException.Kind.LOGIN_REFUSED);
        assertThat(e.replyCode()).isEqualTo(530);
        assertThat(e.getMessage()).contains(FtpServerExtension.USER).doesNotContain("wrong-Pa55word");
      });
    }
  }

  @Test
  void closedPortIsUnreachable() throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0)) {
      port = ss.getLocalPort();
    }
    try (FtpPool pool = FtpPools.open(FTP.endpoint().withPort(port), OPTIONS.withRetries(0, Duration.ofMillis(1)))) {
      assertThatThrownBy(pool::borrow).isInstanceOfSatisfying(RemoteException.class,
          e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.UNREACHABLE));
    }
  }

  @Test
  void anonymousLoginWorks() {
    new ShotTreeGenerator(FTP.root()).file("pub.txt", 4);
    try (FtpPool pool = FtpPools.open(FTP.anonymousEndpoint(), OPTIONS)) {
      FtpSession s = pool.borrow();
      assertThat(s.list("/", FtpSession.Warnings.IGNORE)).extracting(RemoteEntry::name).contains("pub.txt");
      pool.release(s, false);
    }
  }

  @Test
  void deadSessionIsReplaced() {
    try (FtpPool pool = FtpPools.open(FTP.endpoint(), OPTIONS.withConnections(1))) {
      FtpSession a = pool.borrow();
      a.close();
      pool.release(a, false);
      FtpSession b = pool.borrow();
      assertThat(b).isNotSameAs(a);
      assertThat(b.list("/", FtpSession.Warnings.IGNORE)).isNotNull();
      pool.release(b, false);
    }
  }
}
