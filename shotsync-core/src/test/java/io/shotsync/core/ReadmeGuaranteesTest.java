package io.shotsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Every test the README's Guarantees section cites exists, and so does every test method it names. */
class ReadmeGuaranteesTest {
  private static final Path REPO = Path.of("..");
  private static final Pattern CITED = Pattern.compile("`([A-Z]\\w*(?:Test|IT))(?:\\.(\\w+))?`");
  private static final Pattern EXTENDS = Pattern.compile("class\\s+\\w+\\s+extends\\s+(\\w+)");

  @Test
  void everyCitedTestClassAndMethodExists() throws IOException {
    String readme = Files.readString(REPO.resolve("README.md"));
    int start = readme.indexOf("\n## Guarantees");
    assertThat(start).as("a Guarantees section in README.md").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    Map<String, Path> tests = testSources();
    List<String> missing = new ArrayList<>();
    Matcher m = CITED.matcher(section);
    int cited = 0;
    while (m.find()) {
      cited++;
      Path source = tests.get(m.group(1));
      if (source == null) {
        missing.add(m.group(1));
      } else if (m.group(2) != null && !declares(tests, m.group(1), m.group(2))) {
        missing.add(m.group(1) + "." + m.group(2));
      }
    }
    assertThat(cited).as("tests cited").isGreaterThan(20);
    assertThat(missing).as("tests the README cites that do not exist").isEmpty();
  }

  /** Whether the class or one of its test superclasses declares the method. */
  private static boolean declares(Map<String, Path> tests, String type, String method) throws IOException {
    Pattern declaration = Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(");
    @Nullable String current = type;
    while (current != null && tests.containsKey(current)) {
      String text = Files.readString(tests.get(current));
      if (declaration.matcher(text).find()) {
        return true;
      }
      Matcher sup = EXTENDS.matcher(text);
      current = sup.find() ? sup.group(1) : null;
    }
    return false;
  }

  /** Test sources of every module by class name. */
  private static Map<String, Path> testSources() throws IOException {
    Map<String, Path> out = new HashMap<>();
    try (Stream<Path> modules = Files.list(REPO)) {
      for (Path module : modules.filter(p -> Files.isDirectory(p.resolve("src/test"))).toList()) {
        try (Stream<Path> s = Files.walk(module.resolve("src/test"))) {
          s.filter(p -> p.toString().endsWith(".java"))
              .forEach(p -> out.put(p.getFileName().toString().replace(".java", ""), p));
        }
      }
    }
    return out;
  }
}
