package io.shotsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive and the systemd units of {@code dist/}: the archive unpacks into a temporary install
 * prefix, and {@code serve} starts there with the command line, environment and environment file of
 * {@code shotsync-serve.service} (its paths moved under a temporary directory), answers health, and stops on SIGTERM;
 * {@code shotsync-worker.service}'s command line then opens the same store.
 */
class DistIT {
  private static final Pattern URL = Pattern.compile("shotsync serve: (http://127\\.0\\.0\\.1:\\d+)/\\?token=(\\S+)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

  @TempDir
  Path dir;

  @Test
  void theArchiveStartsServeWithTheUnitsOwnCommandLine() throws Exception {
    Path archive = Path.of(System.getProperty("shotsync.dist", "target/shotsync-dist.tar.gz"));
    assertThat(archive).as("the distribution archive (mvn package makes it)").exists();
    Path opt = Files.createDirectories(dir.resolve("opt"));
    run(List.of("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", opt.toString()), Map.of());
    List<Path> top;
    try (Stream<Path> s = Files.list(opt)) {
      top = s.toList();
    }
    assertThat(top).hasSize(1);
    assertThat(top.get(0).getFileName().toString()).matches("shotsync-\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    Path prefix = top.get(0);
    assertThat(prefix.resolve("bin/shotsync")).isExecutable();
    assertThat(prefix.resolve("lib/shotsync.jar")).isRegularFile();
    assertThat(prefix.resolve("conf/endpoints.json")).isRegularFile();
    assertThat(Files.getPosixFilePermissions(prefix.resolve("conf/shotsync.env")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    Path units = Path.of(System.getProperty("shotsync.units", "../dist"));
    for (String unit : List.of("shotsync-serve.service", "shotsync-worker.service", "shotsync.sysusers")) {
      assertThat(prefix.resolve("systemd").resolve(unit)).hasSameTextualContentAs(units.resolve(unit));
    }

    // the launcher works from any path, also through a symbolic link elsewhere
    Path link = Files.createDirectories(dir.resolve("usr-local-bin")).resolve("shotsync");
    Files.createSymbolicLink(link, prefix.resolve("bin/shotsync"));
    String version = run(List.of(link.toString(), "--version"), systemEnvironment());
    assertThat(version).contains("0.");

    // /etc/shotsync and /var/lib/shotsync, moved
    Path etc = Files.createDirectories(dir.resolve("etc-shotsync"));
    Path state = Files.createDirectories(dir.resolve("var-lib-shotsync"));
    Path projects = dir.resolve("projects");
    Files.writeString(etc.resolve("endpoints.json"), Files.readString(prefix.resolve("conf/endpoints.json"))
        .replace("\"/projects/", "\"" + projects + "/"));
    Files.writeString(etc.resolve("shotsync.env"), Files.readString(prefix.resolve("conf/shotsync.env"))
        + "SHOTSYNC_SERVER_TOKEN=dist-it-token\nSHOTSYNC_PORT=0\nSHOTSYNC_PASSWORD_STUDIO=secret\n");
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("/opt/shotsync/", prefix + "/");
    paths.put("/etc/shotsync/", etc + "/");
    paths.put("/var/lib/shotsync", state.toString());

    Unit serve = Unit.read(units.resolve("shotsync-serve.service"), paths);
    assertThat(serve.user()).isEqualTo("shotsync");
    assertThat(serve.environmentFile()).isEqualTo(etc.resolve("shotsync.env").toString());
    Map<String, String> env = serve.environment(systemEnvironment());
    List<String> command = serve.command(env);
    assertThat(command.subList(0, 2)).containsExactly(prefix + "/bin/shotsync", "serve");
    assertThat(command).contains("--config", etc.resolve("endpoints.json").toString());

    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(state.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      Matcher m = null;
      List<String> seen = new ArrayList<>();
      for (String line = lines.readLine(); line != null && m == null; line = lines.readLine()) {
        seen.add(line);
        Matcher candidate = URL.matcher(line);
        if (candidate.matches()) {
          m = candidate;
        }
      }
      assertThat(m).as("start-up URL in %s", seen).isNotNull();
      assertThat(m.group(2)).as("the token of the environment file").isEqualTo("dist-it-token");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(m.group(1) + "/api/v1/health"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\"").contains("h2");
      HttpResponse<String> endpoints = http.send(HttpRequest.newBuilder(URI.create(m.group(1) + "/api/v1/endpoints"))
          .header("Authorization", "Bearer dist-it-token").timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(endpoints.statusCode()).isEqualTo(200);
      assertThat(endpoints.body()).contains("\"studio\"").contains(projects.toString()).doesNotContain("secret");
      assertThat(state.resolve("db/shotsync.mv.db")).as("the store in SHOTSYNC_HOME").exists();
    } finally {
      p.destroy();   // SIGTERM, as systemctl stop sends
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
    assertThat(p.exitValue()).as("an exit status the unit counts as success").isIn(0, 143);

    // the worker's unit line on the same store; --until-idle through its options variable, so it ends
    Files.writeString(etc.resolve("shotsync.env"), "SHOTSYNC_WORKER_OPTIONS=--until-idle --idle-timeout 1\n",
        java.nio.file.StandardOpenOption.APPEND);
    Unit worker = Unit.read(units.resolve("shotsync-worker.service"), paths);
    Map<String, String> workerEnv = worker.environment(systemEnvironment());
    List<String> workerCommand = worker.command(workerEnv);
    assertThat(workerCommand).contains("worker", "--until-idle");
    assertThat(workerEnv.get("SHOTSYNC_DB")).as("serve's store").isEqualTo(env.get("SHOTSYNC_DB"));
    String out = run(workerCommand, workerEnv);
    assertThat(out).doesNotContain("Exception");

    // the first run (--version above) made a class-data sharing archive beside the jar from the shipped class list,
    // in the background; later runs map their classes from it
    assertThat(prefix.resolve("lib/shotsync.classlist")).isRegularFile();
    Path jsaId = prefix.resolve("lib/shotsync.jsa.id");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(jsaId) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(jsaId).as("the archive the first run made").exists();
    assertThat(Files.readString(jsaId)).contains(prefix.resolve("lib/shotsync.jar").toString());
    Map<String, String> logged = systemEnvironment();
    logged.put("SHOTSYNC_JAVA_OPTS", "-Xlog:class+load=info");
    assertThat(run(List.of(link.toString(), "--version"), logged))
        .containsPattern("io\\.shotsync\\.cli\\.\\S+ source: shared objects file");
  }

  /** What systemd starts a service with, from the unit file and its environment file, with paths moved. */
  record Unit(Map<String, String> declared, String environmentFile, String execStart, String user) {
    static Unit read(Path file, Map<String, String> paths) throws IOException {
      Map<String, String> declared = new LinkedHashMap<>();
      String envFile = null;
      String exec = null;
      String user = null;
      for (String raw : Files.readAllLines(file)) {
        String line = raw.strip();
        for (Map.Entry<String, String> e : paths.entrySet()) {
          line = line.replace(e.getKey(), e.getValue());
        }
        if (line.startsWith("Environment=")) {
          String v = line.substring("Environment=".length());
          if (v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
          }
          assertThat(v).as("one assignment per Environment= line").contains("=");
          declared.put(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1));
        } else if (line.startsWith("EnvironmentFile=")) {
          envFile = line.substring("EnvironmentFile=".length());
        } else if (line.startsWith("ExecStart=")) {
          exec = line.substring("ExecStart=".length());
        } else if (line.startsWith("User=")) {
          user = line.substring("User=".length());
        }
      }
      assertThat(exec).as("ExecStart in %s", file).isNotNull();
      assertThat(envFile).as("EnvironmentFile in %s", file).isNotNull().doesNotStartWith("-");
      return new Unit(declared, envFile, exec, user);
    }

    /** Environment= over the base, then the environment file over both (systemd's order). */
    Map<String, String> environment(Map<String, String> base) throws IOException {
      Map<String, String> env = new LinkedHashMap<>(base);
      env.putAll(declared);
      for (String raw : Files.readAllLines(Path.of(environmentFile))) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
          continue;
        }
        assertThat(line).contains("=");
        env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
      return env;
    }

    /** ExecStart's words: {@code ${VAR}} as exactly one argument, a word {@code $VAR} split at whitespace. */
    List<String> command(Map<String, String> env) {
      List<String> out = new ArrayList<>();
      for (String word : execStart.trim().split("\\s+")) {
        Matcher whole = Pattern.compile("\\$(\\w+)").matcher(word);
        if (whole.matches()) {
          String v = env.getOrDefault(whole.group(1), "").trim();
          if (!v.isEmpty()) {
            out.addAll(List.of(v.split("\\s+")));
          }
          continue;
        }
        Matcher m = VARIABLE.matcher(word);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
          String name = m.group(1) != null ? m.group(1) : m.group(2);
          m.appendReplacement(b, Matcher.quoteReplacement(env.getOrDefault(name, "")));
        }
        m.appendTail(b);
        out.add(b.toString());
      }
      return out;
    }
  }

  /** What a service gets from systemd before its unit's settings, and the JVM these tests run on. */
  private static Map<String, String> systemEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    env.put("LANG", "C.UTF-8");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    return env;
  }

  private static String run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (!env.isEmpty()) {
      pb.environment().clear();
      pb.environment().putAll(env);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s", command).isTrue();
    assertThat(p.exitValue()).as("%s\n%s", command, out).isZero();
    return out;
  }
}
