package io.shotsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Core's main sources keep to the size limits: no file over 400 lines, no method over 60. */
class SourceSizeTest {
  static final Path MAIN = Path.of("src/main/java");
  static final int MAX_FILE_LINES = 400;
  static final int MAX_METHOD_LINES = 60;

  @Test
  void noFileOver400LinesAndNoMethodOver60() throws IOException {
    assertThat(SourceSize.offenders(MAIN, MAX_FILE_LINES, MAX_METHOD_LINES)).as("files and methods over the limits")
        .isEmpty();
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
