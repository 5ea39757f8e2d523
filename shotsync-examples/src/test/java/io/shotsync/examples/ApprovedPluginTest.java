package io.shotsync.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotsync.api.Endpoint;
import io.shotsync.api.ItemKey;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskSpec;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.core.ShotSync;
import io.shotsync.core.Strategies;
import io.shotsync.core.testkit.FtpServerExtension;
import java.io.File;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "approved" plugin jar at work: in a host that loads it through its own class loader, and on the class
 * path of the {@code shotsync} command run as a separate process.
 */
class ApprovedPluginTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  private static final ItemKey SH0010_ANIM = ItemKey.parse("ep01/sq010/sh0010/anim");
  private static final ItemKey SH0010_LIGHTING = ItemKey.parse("ep01/sq010/sh0010/lighting");
  private static final ItemKey EP02_ANIM = ItemKey.parse("ep02/sq010/sh0020/anim");
  private static final String APPROVALS = """
      # dailies 2024-03-05
      ep01/sq010/sh0010/anim = v009
      ep01/sq010/sh0010/lighting = v001
      ep02/sq010/sh0020/anim = v007
      """;

  @TempDir
  Path local;
  @TempDir
  Path work;

  private RemoteTree tree;

  @BeforeEach
  void serveATree() {
    tree = ServedTree.write(FTP);
  }

  @Test
  void aHostLoadsThePluginJarAndRunsATaskWithIt() throws Exception {
    Files.writeString(local.resolve("approved.txt"), APPROVALS);

    Task task;
    List<TaskItem> items;
    try (URLClassLoader plugins = PluginJar.loader();
        ShotSync sync = ShotSync.builder()
            .endpoint(Endpoint.fromUrl("studio", ServedTree.url(FTP)))
            .localRoot(local)
            .strategies(Strategies.discover(plugins))
            .build()) {
      task = sync.run(TaskSpec.builder("studio").versionStrategy("approved").conflictStrategy("compare").build())
          .await(Duration.ofMinutes(2));
      items = sync.items(task.id());
    }

    assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
    Map<ItemKey, TaskItem> byKey = ServedTree.coveringTree(items, tree);
    assertApprovedOnly(byKey, local.resolve("approved.txt").toAbsolutePath().toString());
  }

  @Test
  void theCommandRunsThePluginStrategyFromItsJarOnTheClassPath() throws Exception {
    Path cli = PluginJar.cliJar();
    assumeThat(cli).as("the CLI jar; the reactor builds it before this module (mvn verify)").isRegularFile();
    Path approvals = work.resolve("dailies.txt");
    Files.writeString(approvals, APPROVALS);

    Run run = cli(PluginJar.path(), "download", "--remote", ServedTree.urlWithoutPassword(FTP), "--local",
        local.toString(), "--version-strategy", "approved", "--option", "approved.file=" + approvals,
        "--conflict-strategy", "compare", "--db", "memory:", "--json");

    assertThat(run.exit).as(run.stderr).isZero();
    JsonNode doc = new ObjectMapper().readTree(run.stdout);
    assertThat(doc.path("status").asText()).as(run.stdout).isEqualTo("COMPLETED");
    assertThat(doc.path("spec").path("versionStrategy").asText()).isEqualTo("approved");
    Map<ItemKey, JsonNode> byKey = new HashMap<>();
    for (JsonNode item : doc.path("items")) {
      byKey.put(ItemKey.parse(item.path("shot").asText() + "/" + item.path("department").asText()), item);
    }
    assertThat(byKey.keySet()).containsAll(tree.items().keySet());
    assertThat(byKey.get(SH0010_ANIM).path("status").asText()).isEqualTo("COMPLETED");
    assertThat(byKey.get(SH0010_ANIM).path("fetchedVersions").toString()).isEqualTo("[\"v009\"]");
    assertThat(byKey.get(SH0010_ANIM).path("files").path("downloaded").asInt()).isEqualTo(2);
    assertThat(byKey.get(SH0010_LIGHTING).path("fetchedVersions").toString()).isEqualTo("[\"v001\"]");
    assertThat(byKey.get(EP02_ANIM).path("status").asText()).isEqualTo("SKIPPED");
    assertThat(byKey.get(EP02_ANIM).path("message").asText())
        .isEqualTo("approved version v007 of ep02/sq010/sh0020/anim is not on the server; available: v001, v002");
    byKey.forEach((key, item) -> {
      if (!key.equals(SH0010_ANIM) && !key.equals(SH0010_LIGHTING)) {
        assertThat(item.path("status").asText()).as(key.toString()).isEqualTo("SKIPPED");
      }
    });
    tree.assertCopied(local, tree.files(SH0010_ANIM, Version.of(9)));
    tree.assertCopied(local, tree.files(SH0010_LIGHTING, Version.of(1)));
    RemoteTree.assertAbsent(local, tree.files(SH0010_ANIM, Version.of(10)));
    RemoteTree.assertAbsent(local, tree.allFiles(EP02_ANIM));
  }

  @Test
  void withoutThePluginJarTheCommandRejectsTheUnknownStrategyAndFetchesNothing() throws Exception {
    Path cli = PluginJar.cliJar();
    assumeThat(cli).as("the CLI jar; the reactor builds it before this module (mvn verify)").isRegularFile();

    Run run = cli(null, "download", "--remote", ServedTree.urlWithoutPassword(FTP), "--local", local.toString(),
        "--version-strategy", "approved", "--db", "memory:", "--json");

    assertThat(run.exit).isNotZero();
    assertThat(run.stderr).contains("unknown version strategy 'approved'; known: all, custom, latest, specific");
    try (var files = Files.list(local)) {
      assertThat(files).isEmpty();
    }
  }

  private void assertApprovedOnly(Map<ItemKey, TaskItem> byKey, String approvalsFile) {
    assertThat(byKey.get(SH0010_ANIM).status()).isEqualTo(ItemStatus.COMPLETED);
    assertThat(byKey.get(SH0010_ANIM).fetchedVersions()).containsExactly(Version.of(9));
    assertThat(byKey.get(SH0010_LIGHTING).fetchedVersions()).containsExactly(Version.of(1));
    assertThat(byKey.get(EP02_ANIM).status()).isEqualTo(ItemStatus.SKIPPED);
    assertThat(byKey.get(EP02_ANIM).message())
        .isEqualTo("approved version v007 of ep02/sq010/sh0020/anim is not on the server; available: v001, v002");
    byKey.forEach((key, item) -> {
      if (!key.equals(SH0010_ANIM) && !key.equals(SH0010_LIGHTING) && !key.equals(EP02_ANIM)
          && tree.items().containsKey(key)) {
        assertThat(item.status()).as(key.toString()).isEqualTo(ItemStatus.SKIPPED);
        assertThat(item.message()).isEqualTo("no approved version of " + key + " in " + approvalsFile);
      }
    });
    tree.assertCopied(local, tree.files(SH0010_ANIM, Version.of(9)));
    tree.assertCopied(local, tree.files(SH0010_LIGHTING, Version.of(1)));
    RemoteTree.assertAbsent(local, tree.files(SH0010_ANIM, Version.of(10)));
    RemoteTree.assertAbsent(local, tree.allFiles(EP02_ANIM));
    RemoteTree.assertNoPartFiles(local);
  }

  private record Run(int exit, String stdout, String stderr) {}

  /** Runs {@code java -cp shotsync.jar[:plugin.jar] io.shotsync.cli.Main args...} in its own JVM. */
  private Run cli(Path pluginJar, String... args) throws IOException, InterruptedException {
    String cp = PluginJar.cliJar() + (pluginJar == null ? "" : File.pathSeparator + pluginJar);
    // the launcher's settings for a short command, and the class-data sharing archive the build made beside the
    // jar (it still fits with the plugin jar appended to the class path; a JVM it does not fit ignores it)
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto"));
    Path archive = PluginJar.cliJar().resolveSibling("shotsync.jsa");
    if (Files.isReadable(archive)) {
      command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    }
    command.addAll(List.of("-cp", cp, "io.shotsync.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(work.resolve("stdout.txt").toFile())
        .redirectError(work.resolve("stderr.txt").toFile());
    pb.environment().put("SHOTSYNC_PASSWORD", FtpServerExtension.PASSWORD);
    pb.environment().put("SHOTSYNC_HOME", work.resolve("home").toString());
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("shotsync did not end within 2 minutes: " + String.join(" ", command));
    }
    return new Run(p.exitValue(), Files.readString(work.resolve("stdout.txt"), StandardCharsets.UTF_8),
        Files.readString(work.resolve("stderr.txt"), StandardCharsets.UTF_8));
  }
}
