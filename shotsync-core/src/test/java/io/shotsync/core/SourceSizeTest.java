package io.shotsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** Core's main sources keep to the size limits: no file over 400 lines, no method over 60 (issue 19). */
class SourceSizeTest {
  static final Path MAIN = Path.of("src/main/java");
  static final int MAX_FILE_LINES = 400;
  static final int MAX_METHOD_LINES = 60;
  /** Files being split in other branches of issue 19; empty this once they are merged, and enable the test below. */
  static final Set<String> BEING_SPLIT = Set.of("ShotSync.java", "TransferEngine.java", "TaskRun.java",
      "LocalTree.java", "CommonsNetFtpSession.java", "ListingParser.java", "FileTransfer.java", "FileJob.java");

  @Test
  @Disabled("until the remaining splits land")
  void noFileOver400LinesAndNoMethodOver60() throws IOException {
    assertThat(SourceSize.offenders(MAIN, MAX_FILE_LINES, MAX_METHOD_LINES)).as("files and methods over the limits")
        .isEmpty();
  }

  @Test
  void filesNotBeingSplitElsewhereKeepTheLimits() throws IOException {
    List<SourceSize.Offender> over = SourceSize.offenders(MAIN, MAX_FILE_LINES, MAX_METHOD_LINES).stream()
        .filter(o -> !BEING_SPLIT.contains(Path.of(o.where().replaceAll(":.*", "")).getFileName().toString()))
        .toList();
    assertThat(over).as("files and methods over the limits").isEmpty();
  }

  @Test
  void theMeasureFindsMethodsConstructorsAndInitializersAndSkipsWhatIsNotCode() {
    String source = """
        package x;
        /** A { brace in a comment. */
        class A {
          static final String S = "{ in a string";
          static {
            init();
          }
          A(int a) throws Exception {
            this.a = a;
          }
          record R(int b) {
            int twice() {
              Runnable r = new Runnable() {
                @Override
                public void run() {
                  char c = '{';
                }
              };
              return b * 2;
            }
          }
          @SuppressWarnings("unchecked")
          <T> java.util.List<T> list(java.util.Map<String, T> m) {
            for (T t : new java.util.ArrayList<>(m.values())) {
              if (t != null) {
                return java.util.List.of(t);
              }
            }
            return java.util.List.of();
          }
        }
        """;
    assertThat(SourceSize.methods("A.java", source)).extracting(SourceSize.Offender::toString).containsExactly(
        "A.java:5 <init> (3 lines)", "A.java:8 A (3 lines)", "A.java:15 run (3 lines)",
        "A.java:12 twice (9 lines)", "A.java:23 list (8 lines)");
  }
}
