package io.shotsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotsync.api.SyncOptions;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.jdbc.JdbcTaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The page's second part in a real browser (Chromium, headless) against a server over Apache FtpServer and an H2
 * store: the seed's conflict scenarios run through the New task dialog and read in the task details (a skip rerun
 * skips every file, compare after a remote change overwrites one, keep both keeps one with the old bytes under the
 * new name); the shot history of those tasks, newest first, with links to their details; the logs viewer following a
 * running task to its end, filtered by level, paged back to the first record and downloaded as text; bulk delete of two tasks,
 * which leaves their files on disk. One browser and one server serve the class, in order; each screen is saved as a
 * screenshot under target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PageDetailsBrowserTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  @RegisterExtension
  final TestWatcher failures = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (page != null) {
        new PageDriver(chrome, Path.of("target", "browser-failures"))
            .screenshot("details-" + context.getRequiredTestMethod().getName());
      }
    }
  };

  static final String SHOT = "ep02/sq010/sh0010";
  static final String SCENE = SHOT + "/anim/publish/v002/scene.ma";
  static final String GEO = SHOT + "/anim/publish/v002/cache/geo.abc";
  static final String SLOW = "ep03/sq010/sh0010/anim/publish/v001/scene.ma";
  static final int FRAMES = 130;

  Path work;
  Path local;
  Path downloads;
  ServerFixture f;
  ChromeDriver chrome;
  PageDriver page;
  String base;

  @BeforeAll
  void startBrowserAndServer() throws IOException {
    Chromium.assumePresent();
    work = Files.createTempDirectory("shotsync-page2-");
    local = Files.createDirectories(work.resolve("local"));
    downloads = Files.createDirectories(work.resolve("downloads"));
    f = new ServerFixture(JdbcTaskStore.open("jdbc:h2:mem:page2-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
        // every run lists its files again before fetching, so remote changes made by the tests are seen at once
        FTP.endpoint(), local, b -> b.options(SyncOptions.defaults().withRelistAfter(Duration.ZERO)), b -> {});
    base = f.server.url();
    Path target = Path.of("target");
    chrome = Chromium.start(work.resolve("profile"), 1280, 800, target.resolve("chromedriver-details.log"));
    chrome.executeCdpCommand("Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
    page = new PageDriver(chrome, target.resolve("screenshots"));
  }

  @AfterEach
  void console() {
    if (page != null) {
      page.js("document.querySelectorAll('dialog[open]').forEach(d => d.close());");
      page.assertNoConsoleErrors();
    }
  }

  @AfterAll
  void stop() {
    try {
      if (chrome != null) {
        chrome.quit();
      }
    } finally {
      if (f != null) {
        f.close();
      }
    }
  }

  @Test
  @Order(1)
  void theConflictScenariosReadInTheTaskDetails() throws IOException {
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root()).defaultTree();
    chrome.get(base + "/?token=" + ServerFixture.TOKEN);
    page.role("heading", "Tasks");
    page.waitFor(d -> "Live".equals(d.findElement(By.id("live-state")).getText()) ? true : null, "the event stream");
    page.js("window.shotsyncTestMark = 'part2';");
    // the dialog learns that the endpoint was never scanned from the API's 404
    page.allowConsole("/api/v1/shots/structure/test-ftp - Failed to load resource: the server responded with a status"
        + " of 404");

    runThroughDialog("first", "Skip Existing");
    assertThat(item("first", "Downloaded")).isEqualTo("2");

    // a skip rerun: every file skipped
    runThroughDialog("skip rerun", "Skip Existing");
    assertThat(item("skip rerun", "Skipped")).isEqualTo("2");
    assertThat(item("skip rerun", "Downloaded")).isEqualTo("0");
    assertThat(fact("File conflict strategy")).isEqualTo("Skip Existing");
    assertThat(fact("Version strategy")).isEqualTo("Latest Version");
    assertThat(itemCell("Versions")).startsWith("v002");

    // one remote file changed: compare overwrites it and skips the other
    change(tree, SCENE, 2500, 1);
    runThroughDialog("compare", "Compare & Update");
    assertThat(item("compare", "Overwritten")).isEqualTo("1");
    assertThat(item("compare", "Skipped")).isEqualTo("1");
    assertThat(fact("File conflict strategy")).isEqualTo("Compare & Update");
    byte[] before = Files.readAllBytes(local.resolve(SCENE));
    assertThat(before).isEqualTo(ShotTreeGenerator.content(SCENE, 2500));

    // changed again, and only scene.ma is there locally: keep both keeps it aside and fetches the new one
    change(tree, SCENE, 3000, 2);
    Files.delete(local.resolve(GEO));
    runThroughDialog("keep both", "Keep Both");
    assertThat(item("keep both", "Kept both")).isEqualTo("1");
    assertThat(item("keep both", "Downloaded")).isEqualTo("1");
    assertThat(itemCell("Status")).isEqualTo("COMPLETED");
    assertThat(Files.readAllBytes(local.resolve(SCENE))).isEqualTo(ShotTreeGenerator.content(SCENE, 3000));
    List<Path> aside = new ArrayList<>();
    try (Stream<Path> s = Files.list(local.resolve(SCENE).getParent())) {
      s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().equals("scene.ma")).forEach(aside::add);
    }
    assertThat(aside).as("the old scene.ma under a new name").hasSize(1);
    assertThat(Files.readAllBytes(aside.get(0))).isEqualTo(before);
    page.screenshot("task-details");
    assertNotReloaded();
  }

  @Test
  @Order(2)
  void theShotHistoryListsTheFilesOfTheTasksNewestFirst() {
    page.click(() -> page.role("link", "Shot history"));
    page.type(page.field("Shot"), SHOT);
    new Select(page.field("Department")).selectByValue("anim");
    page.button("Show").click();
    page.waitFor(d -> d.findElements(By.cssSelector("#history-rows tr")).size() >= 4 ? true : null, "the history");
    @SuppressWarnings("unchecked")
    List<List<String>> rows = (List<List<String>>) page.js("return [...document.querySelectorAll('#history-rows tr')]"
        + ".map(tr => [tr.cells[0].textContent, tr.cells[3].textContent, tr.cells[4].querySelector('time')"
        + ".dateTime, tr.cells[5].textContent, tr.cells[2].textContent]);");
    List<String> tasks = rows.stream().map(r -> r.get(1)).distinct().toList();
    assertThat(tasks).as("tasks, newest first").startsWith("keep both", "compare").contains("first");
    List<Instant> times = rows.stream().map(r -> Instant.parse(r.get(2))).toList();
    for (int i = 1; i < times.size(); i++) {
      assertThat(times.get(i)).as("row %d", i).isBeforeOrEqualTo(times.get(i - 1));
    }
    assertThat(rows).allSatisfy(r -> assertThat(r.get(4)).isEqualTo("v002"));
    assertThat(rows).anySatisfy(r -> assertThat(r).containsSubsequence(SCENE, "keep both").contains("kept both"));
    assertThat(rows).anySatisfy(r -> assertThat(r).containsSubsequence(GEO, "first").contains("downloaded"));
    assertThat(chrome.getCurrentUrl()).endsWith("#/history?shot=ep02%2Fsq010%2Fsh0010&department=anim");
    page.screenshot("history");

    // a task's link opens its details
    page.click(() -> chrome.findElement(By.xpath("//table[@id='history-table']//a[normalize-space()='first']")));
    page.role("heading", "Task 'first'");
    assertNotReloaded();
  }

  @Test
  @Order(3)
  void theLogsFollowARunningTaskFilterByLevelPageBackAndDownload() throws IOException {
    ShotTreeGenerator tree = new ShotTreeGenerator(FTP.root()).defaultTree();
    tree.file(SLOW, 512 * 1024).lightingVersion("ep03/sq010/sh0010", "v001", FRAMES)
        .animVersion("ep03/sq010/sh0020", "v001");
    // a file where sh0020's version folder must go: that item fails (ERROR records)
    Files.createDirectories(local.resolve("ep03/sq010/sh0020/anim"));
    Files.writeString(local.resolve("ep03/sq010/sh0020/anim/publish"), "in the way");

    page.click(() -> page.role("link", "Tasks"));
    openDialog();
    rescan("10 shots");
    fill("logs", "ep03", "sq010", "*");
    page.type(page.field("Bandwidth limit"), "128K");
    // a frame deleted after the scan: the run lists again and says so (a WARN record)
    Files.delete(FTP.root().resolve(String.format("ep03/sq010/sh0010/lighting/version/sh0010_lighting_v001.%04d.exr",
        FRAMES)));
    create("logs");
    String id = page.taskRow("logs").getAttribute("data-task-id");

    // opened from the row while the task runs; its last record arrives in the panel without a click
    page.click(() -> page.button(page.taskRow("logs"), "Logs of logs"));
    page.role("dialog", "Logs of 'logs'");
    page.waitFor(d -> !logLines().isEmpty() ? true : null, "the first records");
    assertThat(logLines()).noneMatch(l -> l.startsWith("ERROR task partial"));
    page.waitFor(d -> logLines().stream().anyMatch(l -> l.startsWith("ERROR task partial")) ? true : null,
        "the task's last record, followed live");
    assertThat(logLines()).allMatch(l -> !l.startsWith("DEBUG"), "INFO and above by default");
    page.button("Close the logs").click();

    // from the details: WARN and above
    page.click(() -> page.taskRow("logs").findElement(By.linkText("logs")));
    page.role("heading", "Task 'logs'");
    page.waitFor(d -> "PARTIAL".equals(d.findElement(By.id("details-status")).getText()) ? true : null,
        "PARTIAL in the details");
    page.button("Logs").click();
    Select level = new Select(page.field("Level"));
    level.selectByValue("WARN");
    page.waitFor(d -> {
      List<String> lines = logLines();
      return lines.stream().anyMatch(l -> l.startsWith("WARN ")) && lines.stream().anyMatch(l -> l.startsWith("ERROR "))
          && lines.stream().allMatch(l -> l.startsWith("WARN ") || l.startsWith("ERROR ")) ? true : null;
    }, "only WARN and ERROR records");
    page.screenshot("logs");

    // DEBUG: more than a page; Load earlier reaches the task's first record
    JsonNode first = f.api.get("/api/v1/shots/tasks/" + id + "/logs?level=DEBUG&limit=1").json().path("records").get(0);
    int all = f.api.get("/api/v1/shots/tasks/" + id + "/logs?level=DEBUG&limit=10000").json().path("records").size();
    assertThat(all).as("DEBUG records of the task").isGreaterThan(100);
    level.selectByValue("DEBUG");
    page.waitFor(d -> logLines().size() == 100 ? true : null, "the newest page");
    WebElement earlier = page.button("Load earlier");
    while (earlier.isEnabled()) {
      int shown = logLines().size();
      earlier.click();
      page.waitFor(d -> logLines().size() > shown || !earlier.isEnabled() ? true : null, "an earlier page");
    }
    page.waitFor(d -> logLines().size() == all ? true : null, "every record");
    assertThat(chrome.findElement(By.cssSelector("#logs-lines li")).getAttribute("data-sequence"))
        .isEqualTo(first.path("sequence").asText());
    assertThat(chrome.findElement(By.id("logs-start")).getText()).isEqualTo("The first record of the task.");

    // Pause is a toggle button; Download saves every record at the level as text
    WebElement pause = page.button("Pause");
    pause.click();
    assertThat(pause.getAttribute("aria-pressed")).isEqualTo("true");
    pause.click();
    assertThat(pause.getAttribute("aria-pressed")).isEqualTo("false");
    page.button("Download").click();
    Path saved = downloads.resolve("shotsync-logs-debug.log.txt");
    page.waitFor(d -> Files.isRegularFile(saved) ? true : null, "the download");
    List<String> text = Files.readAllLines(saved);
    assertThat(text).hasSize(all);
    assertThat(text.get(0)).endsWith(" " + first.path("message").asText())
        .startsWith(first.path("time").asText());
    page.button("Close the logs").click();

    // the items in the details: the failed one with its message
    page.waitFor(d -> "FAILED".equals(itemCellOrNull("ep03/sq010/sh0020/anim", "Status")) ? true : null,
        "the failed item");
    assertThat(itemCellOrNull("ep03/sq010/sh0020/anim", "Message")).isNotBlank();
    assertThat(itemCellOrNull("ep03/sq010/sh0010/lighting", "Downloaded")).isEqualTo(String.valueOf(FRAMES - 1));
    assertThat(page.button("Retry failed").isDisplayed()).isTrue();
    assertNotReloaded();
  }

  @Test
  @Order(4)
  void bulkDeleteOfTwoTasksLeavesTheirFiles() {
    page.click(() -> page.role("link", "Tasks"));
    page.taskRow("first");
    String first = page.taskRow("first").getAttribute("data-task-id");
    String rerun = page.taskRow("skip rerun").getAttribute("data-task-id");
    int before = f.store.tasks(TaskQuery.all()).size();

    // "select all shown" takes the rows the filter shows
    Select filter = new Select(page.field("Status"));
    filter.selectByVisibleText("Partial");
    page.waitFor(d -> d.findElements(By.cssSelector("#task-rows tr")).size() == 1 ? true : null, "one partial");
    page.field("Select all shown").click();
    assertThat(chrome.findElement(By.id("bulk-count")).getText()).isEqualTo("1 task selected");
    page.field("Select all shown").click();
    assertThat(chrome.findElement(By.id("bulk-count")).getText()).isEqualTo("No task selected");
    filter.selectByVisibleText("All");

    page.click(() -> page.role("checkbox", "Select first"));
    page.click(() -> page.role("checkbox", "Select skip rerun"));
    assertThat(chrome.findElement(By.id("bulk-count")).getText()).isEqualTo("2 tasks selected");
    page.button("Delete selected").click();
    page.role("dialog", "Delete 2 tasks?");
    assertThat(chrome.findElement(By.id("confirm-text")).getText()).contains("The 2 tasks")
        .contains("No files are deleted");
    page.screenshot("tasks-bulk-delete");
    page.button("Delete 2 tasks").click();
    page.waitFor(d -> page.rowOrNull("task-table", "first") == null && page.rowOrNull("task-table", "skip rerun") == null
        ? true : null, "the rows to go");
    assertThat(f.api.get("/api/v1/shots/tasks/" + first).status()).isEqualTo(404);
    assertThat(f.api.get("/api/v1/shots/tasks/" + rerun).status()).isEqualTo(404);
    assertThat(f.store.tasks(TaskQuery.all())).hasSize(before - 2);
    assertThat(local.resolve(SCENE)).as("files stay").isRegularFile();
    assertThat(local.resolve(GEO)).isRegularFile();
    assertThat(chrome.findElement(By.id("bulk-count")).getText()).isEqualTo("No task selected");

    // a narrow window: the details as cards
    page.click(() -> page.taskRow("keep both").findElement(By.linkText("keep both")));
    page.role("heading", "Task 'keep both'");
    Dimension wide = chrome.manage().window().getSize();
    chrome.manage().window().setSize(new Dimension(420, 800));
    try {
      assertThat(page.button("Delete").isDisplayed()).isTrue();
      assertThat(page.button("Logs").isDisplayed()).isTrue();
      page.screenshot("task-details-narrow");
    } finally {
      chrome.manage().window().setSize(wide);
    }
    assertNotReloaded();
  }

  // ---------------------------------------------------------------------------------------------------- helpers

  /** Rewrites a remote file with other bytes and a later time (as a new publish would). */
  void change(ShotTreeGenerator tree, String path, int size, int minutes) throws IOException {
    Path p = tree.root().resolve(path);
    Files.write(p, ShotTreeGenerator.content(path, size));
    Files.setLastModifiedTime(p, FileTime.from(ShotTreeGenerator.MTIME.plusSeconds(3600L * 24 * minutes)));
  }

  /** Creates a task for SHOT's anim with this conflict strategy in the dialog, waits for it, opens its details. */
  void runThroughDialog(String name, String conflict) {
    page.click(() -> page.role("link", "Tasks"));
    openDialog();
    fill(name, "ep02", "sq010", "sh0010");
    WebElement lighting = page.choice("checkbox", "lighting");
    if (lighting.isSelected()) {
      lighting.click();
    }
    page.choice("radio", conflict).click();
    create(name);
    page.awaitStatus(name, "COMPLETED");
    page.click(() -> page.taskRow(name).findElement(By.linkText(name)));
    page.role("heading", "Task '" + name + "'");
    page.waitFor(d -> "COMPLETED".equals(itemCellOrNull(SHOT + "/anim", "Status")) ? true : null, "the item");
  }

  /** Scans again in the dialog; waits for a newer scan of this many shots. */
  void rescan(String shots) {
    String scanned = chrome.findElement(By.cssSelector("#nt-scan-state time")).getAttribute("datetime");
    page.button("Rescan").click();
    page.waitFor(d -> {
      WebElement state = d.findElement(By.id("nt-scan-state"));
      List<WebElement> time = state.findElements(By.tagName("time"));
      return !time.isEmpty() && Instant.parse(time.get(0).getAttribute("datetime")).isAfter(Instant.parse(scanned))
          && state.getText().startsWith(shots) ? true : null;
    }, "a newer scan of " + shots);
  }

  void openDialog() {
    page.button("New task").click();
    page.role("dialog", "New task");
    page.waitFor(d -> d.findElement(By.id("nt-scan-state")).getText().contains("scanned") ? true : null,
        "the structure");
  }

  void fill(String name, String episode, String sequence, String shot) {
    page.type(page.field("Task name"), name);
    page.type(page.field("Episode"), episode);
    page.type(page.field("Sequence"), sequence);
    page.type(page.field("Shot"), shot);
  }

  void create(String name) {
    page.button("Create task").click();
    page.waitFor(d -> d.findElement(By.id("new-task-dialog")).isDisplayed() ? null : true, "the dialog to close");
    page.taskRow(name);
  }

  /** A statistic of SHOT's anim item in the details of the task shown, checked against the API's item. */
  String item(String task, String column) {
    String shown = itemCell(column);
    String id = chrome.findElement(By.cssSelector("#item-rows tr")).getAttribute("data-item-id");
    String key = switch (column) {
      case "Kept both" -> "keptBoth";
      default -> column.toLowerCase();
    };
    JsonNode t = f.api.get("/api/v1/shots/tasks/" + taskId(task)).json();
    for (JsonNode i : t.path("items")) {
      if (i.path("id").asText().equals(id)) {
        assertThat(shown).as("%s of %s", column, task).isEqualTo(i.path("files").path(key).asText());
      }
    }
    return shown;
  }

  String taskId(String name) {
    return f.store.tasks(TaskQuery.all()).stream().filter(t -> name.equals(t.name())).findFirst().orElseThrow().id();
  }

  String itemCell(String column) {
    return itemCellOrNull(SHOT + "/anim", column);
  }

  String itemCellOrNull(String key, String column) {
    List<WebElement> rows = chrome.findElements(By.cssSelector("#item-rows tr[data-key='" + key + "']"));
    return rows.isEmpty() ? null
        : rows.get(0).findElement(By.cssSelector("[data-label='" + column + "']")).getText().trim();
  }

  /** The value beside a term of the details' summary or strategies. */
  String fact(String term) {
    return chrome.findElement(By.xpath("//section[@id='details']//dt[normalize-space()=" + PageDriver.xpathString(term)
        + "]/following-sibling::dd[1]")).getText().trim();
  }

  /** The log panel's lines as "LEVEL message". */
  List<String> logLines() {
    @SuppressWarnings("unchecked")
    List<String> lines = (List<String>) page.js("return [...document.querySelectorAll('#logs-lines li')]"
        + ".map(li => li.dataset.level + ' ' + li.querySelector('.msg').textContent);");
    return lines;
  }

  void assertNotReloaded() {
    assertThat(page.js("return window.shotsyncTestMark;")).as("the page was never reloaded").isEqualTo("part2");
  }
}
