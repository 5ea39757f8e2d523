package io.shotsync.core.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shotsync.api.LocalStorageException;
import io.shotsync.core.internal.files.SafePaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The local tree's operations, with directory handles and in the path-checked fallback. */
class LocalTreeTest {
  @TempDir
  Path root;
  @TempDir
  Path outside;

  private LocalTree tree(boolean secure) {
    LocalTree t = LocalTree.open(root, SafePaths.resolver(root), secure);
    if (secure) {
      assumeTrue(t.secure(), "directory handles on this platform");
    }
    assertThat(t.secure()).isEqualTo(secure);
    return t;
  }

  @ParameterizedTest(name = "secure={0}")
  @ValueSource(booleans = {true, false})
  void makesWritesRenamesStampsAndDeletesInsideTheRoot(boolean secure) throws IOException {
    try (LocalTree t = tree(secure)) {
      assertThat(t.find("a/b")).isNull();
      try (LocalTree.Dir d = t.make("a/b")) {
        try (FileChannel ch = d.open(".f.part", StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          ch.write(ByteBuffer.wrap("bytes".getBytes(StandardCharsets.UTF_8)), 0);
        }
        d.setModified(".f.part", FileTime.from(Instant.parse("2024-03-05T10:15:30Z")));
        d.rename(".f.part", "f");
        assertThat(d.attributes(".f.part")).isNull();
        assertThat(d.attributes("f").size()).isEqualTo(5);
        assertThat(d.replacedWhy()).isNull();
      }
      assertThat(Files.readString(root.resolve("a/b/f"))).isEqualTo("bytes");
      assertThat(Files.getLastModifiedTime(root.resolve("a/b/f")).toInstant())
          .isEqualTo(Instant.parse("2024-03-05T10:15:30Z"));
      try (LocalTree.Dir d = t.find("a/b")) {
        d.delete("f");
      }
      assertThat(root.resolve("a/b/f")).doesNotExist();
    }
  }

  @ParameterizedTest(name = "secure={0}")
  @ValueSource(booleans = {true, false})
  void refusesADirectoryThatIsALinkOutOfTheRoot(boolean secure) throws IOException {
    Files.createDirectories(root.resolve("a"));
    Files.createSymbolicLink(root.resolve("a/b"), outside);
    try (LocalTree t = tree(secure)) {
      assertThatThrownBy(() -> t.make("a/b")).isInstanceOf(LocalStorageException.class)
          .hasMessageContaining("the local root");
      assertThatThrownBy(() -> t.find("a/b/c")).isInstanceOf(LocalStorageException.class);
    }
    try (var s = Files.list(outside)) {
      assertThat(s).isEmpty();
    }
  }

  @ParameterizedTest(name = "secure={0}")
  @ValueSource(booleans = {true, false})
  void neverFollowsALinkAtAFileName(boolean secure) throws IOException {
    Path victim = Files.writeString(outside.resolve("victim"), "untouched");
    Files.createDirectories(root.resolve("a"));
    Files.createSymbolicLink(root.resolve("a/.f.part"), victim);
    try (LocalTree t = tree(secure); LocalTree.Dir d = t.find("a")) {
      assertThat(d.attributes(".f.part").isSymbolicLink()).isTrue();
      assertThatThrownBy(() -> d.open(".f.part", StandardOpenOption.CREATE, StandardOpenOption.WRITE))
          .isInstanceOf(IOException.class);
      d.delete(".f.part");
    }
    assertThat(Files.readString(victim)).isEqualTo("untouched");
  }

  @ParameterizedTest(name = "secure={0}")
  @ValueSource(booleans = {true, false})
  void followsALinkWhoseTargetIsInsideTheRoot(boolean secure) throws IOException {
    Files.createDirectories(root.resolve("real/v001"));
    Files.createSymbolicLink(root.resolve("latest"), root.resolve("real/v001"));
    try (LocalTree t = tree(secure); LocalTree.Dir d = t.make("latest")) {
      d.open("f", StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
      assertThat(d.replacedWhy()).isNull();
    }
    assertThat(root.resolve("real/v001/f")).exists();
  }

  @ParameterizedTest(name = "secure={0}")
  @ValueSource(booleans = {true, false})
  void sawADirectorySwappedForALinkAfterItWasOpened(boolean secure) throws IOException {
    try (LocalTree t = tree(secure); LocalTree.Dir d = t.make("a/b")) {
      Files.move(root.resolve("a/b"), root.resolve("a/b-moved"));
      Files.createSymbolicLink(root.resolve("a/b"), outside);
      assertThat(d.replacedWhy()).isNotNull();
      if (secure) {
        // the handle still points at the real directory: what it writes stays inside the root
        d.open("f", StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
        assertThat(root.resolve("a/b-moved/f")).exists();
        assertThat(d.replacedWhy()).isEqualTo("was replaced by a symbolic link");
        d.forget();
        assertThatThrownBy(() -> t.find("a/b")).isInstanceOf(LocalStorageException.class);
      }
    }
    try (var s = Files.list(outside)) {
      assertThat(s).isEmpty();
    }
  }

  @org.junit.jupiter.api.Test
  void reusesOneHandlePerDirectoryAndClosesThemWithTheTree() throws IOException {
    LocalTree t = tree(true);
    try (LocalTree.Dir a = t.make("x/y"); LocalTree.Dir b = t.find("x/y")) {
      assertThat(a.replacedWhy()).isNull();
      assertThat(b.attributes("nothing")).isNull();
    }
    t.close();
    assertThatThrownBy(() -> t.find("x/y")).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }

  @ParameterizedTest(name = "secure={0}")
  @ValueSource(booleans = {true, false})
  void aNameTheDirectorysListingLacksIsAbsentAndNamesWrittenSinceAreFound(boolean secure) throws IOException {
    Files.createDirectories(root.resolve("a"));
    Files.writeString(root.resolve("a/.f.shotsync.part"), "held");
    try (LocalTree t = tree(secure)) {
      try (LocalTree.Dir d = t.find("a")) {
        assertThat(d.listedAttributes(".f.shotsync.part").size()).isEqualTo(4);
        assertThat(d.listedAttributes("f")).isNull();
        d.open(".g.shotsync.part", StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
        d.rename(".g.shotsync.part", "g");
        assertThat(d.listedAttributes("g").isRegularFile()).isTrue();
        assertThat(d.mayHold(".g.shotsync.part")).isTrue(); // renamed away: a look-up answers, not the listing
        assertThat(d.listedAttributes(".g.shotsync.part")).isNull();
      }
      try (LocalTree.Dir made = t.make("b/c")) {
        // a directory this run made holds nothing but what the run writes into it
        assertThat(made.listedAttributes("x")).isNull();
        try (FileChannel ch = made.open("x", StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
          ch.write(ByteBuffer.wrap("12345".getBytes(StandardCharsets.UTF_8)), 0);
        }
        assertThat(made.listedAttributes("x").size()).isEqualTo(5);
      }
    }
  }
}
