package io.shotsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core's internal packages depend on each other in one direction only, as {@code jdeps -verbose:package} draws them
 * (the public facade package and its internals may refer to each other). The graph is read from the constant pools of
 * the compiled classes: every class, field, method and generic signature a class names is there.
 */
class InternalPackagesTest {
  private static final String INTERNAL = "io/shotsync/core/internal/";
  private static final Pattern REFERENCE = Pattern.compile("io/shotsync/core/internal/([a-z0-9_/]+)/[A-Z]");

  @Test
  void noCycleAmongInternalPackages() throws IOException {
    Map<String, Set<String>> graph = dependencies(Path.of("target/classes"));
    assertThat(graph).as("internal packages found").containsKeys("ftp", "scan", "plan", "transfer", "files");
    assertThat(cycle(graph)).as("a cycle among io.shotsync.core.internal.* in %s", graph).isEmpty();
  }

  @Test
  void theCheckFindsACycle() {
    Map<String, Set<String>> graph = new TreeMap<>(Map.of(
        "files", Set.of(), "ftp", Set.of("files"), "scan", Set.of("ftp", "layout"), "layout", Set.of("transfer"),
        "transfer", Set.of("scan", "files")));
    assertThat(cycle(graph)).containsExactly("layout", "transfer", "scan", "layout");
    graph.put("layout", Set.of("files"));
    assertThat(cycle(graph)).isEmpty();
  }

  /** Internal package (relative to {@code internal}) to the other internal packages its classes name. */
  static Map<String, Set<String>> dependencies(Path classes) throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    Path root = classes.resolve(INTERNAL);
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".class")).toList();
    }
    for (Path f : files) {
      String from = root.relativize(f.getParent()).toString().replace('\\', '/');
      Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
      for (String text : utf8Constants(f)) {
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
          if (!m.group(1).equals(from)) {
            to.add(m.group(1));
          }
        }
      }
    }
    return graph;
  }

  /** A cycle as the packages along it, first repeated at the end; empty when there is none. */
  static List<String> cycle(Map<String, Set<String>> graph) {
    Map<String, Integer> state = new TreeMap<>(); // 1 on the path, 2 done
    List<String> path = new ArrayList<>();
    for (String start : graph.keySet()) {
      List<String> found = visit(start, graph, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> visit(String p, Map<String, Set<String>> graph, Map<String, Integer> state,
      List<String> path) {
    Integer s = state.get(p);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null) {
      List<String> c = new ArrayList<>(path.subList(path.indexOf(p), path.size()));
      c.add(p);
      return c;
    }
    state.put(p, 1);
    path.add(p);
    for (String q : new TreeSet<>(graph.getOrDefault(p, Set.of()))) {
      List<String> found = visit(q, graph, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    state.put(p, 2);
    return List.of();
  }

  /** The text constants of a class file's constant pool (class names, descriptors, signatures among them). */
  private static List<String> utf8Constants(Path classFile) throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(classFile);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException("not a class file: " + classFile);
      }
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> out.add(in.readUTF());
          case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
          case 15 -> in.skipNBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
          case 5, 6 -> {
            in.skipNBytes(8);
            i++;
          }
          default -> throw new IOException("constant pool tag " + tag + " in " + classFile);
        }
      }
    }
    return out;
  }
}
