package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the shaded jar as a separate process, with HOME and SHOTSYNC_HOME in a test directory. */
final class Cli {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The shaded jar that {@code mvn package} built. */
  static Path jar() {
    String p = System.getProperty("shotsync.jar", "target/shotsync.jar");
    Path jar = Path.of(p).toAbsolutePath();
    assertThat(jar).as("the shaded jar (run 'mvn package' first)").exists();
    return jar;
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** What a run printed and returned. */
  record Result(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("stdout is not one JSON document: " + e.getMessage() + "\nstdout:\n" + out
            + "\nstderr:\n" + err, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private final Path home;
  private final Map<String, String> env = new LinkedHashMap<>();

  Cli(Path home) {
    this.home = home;
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path home() {
    return home;
  }

  Cli env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /**
   * {@code java} with the launcher's settings for a short command (client compiler, serial collector, no perf data
   * file) and the class-data sharing archive the build made beside the jar, where it is there; the JVM ignores an
   * archive that does not fit it ({@code -Xshare:auto}). Start-up is most of what each process of these tests costs.
   */
  static List<String> java() {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-XX:-UsePerfData", "-Xshare:auto"));
    Path archive = jar().resolveSibling("shotsync.jsa");
    if (Files.isReadable(archive)) {
      cmd.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    }
    return cmd;
  }

  /** {@link #java()} running the shaded jar with these arguments. */
  static List<String> jarCommand(String... args) {
    List<String> cmd = java();
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  List<String> command(String... args) {
    return jarCommand(args);
  }

  ProcessBuilder builder(List<String> cmd) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("SHOTSYNC_PASSWORD");
    pb.environment().remove("NETRC");
    pb.environment().put("HOME", home.toString());
    pb.environment().put("SHOTSYNC_HOME", home.resolve(".shotsync").toString());
    pb.environment().putAll(env);
    pb.directory(home.toFile());
    return pb;
  }

  Result run(String... args) {
    return exec(builder(command(args)));
  }

  static Result exec(ProcessBuilder pb) {
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> out = read(p.getInputStream());
      CompletableFuture<String> err = read(p.getErrorStream());
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + pb.command() + "\n" + err.getNow(""));
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static CompletableFuture<String> read(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
  }
}
