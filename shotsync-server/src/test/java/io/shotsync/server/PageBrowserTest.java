package io.shotsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotsync.api.spi.TaskQuery;
import io.shotsync.api.spi.VersionStrategy;
import io.shotsync.core.strategy.LatestVersionStrategy;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import io.shotsync.jdbc.JdbcTaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The page in a real browser (Chromium, headless) against a server on a random port over Apache FtpServer and an H2
 * store: sign-in, a task with each version strategy (the custom matrix filled with "Set all to vNNN", "Set all to
 * latest" and one row by hand) and each conflict strategy, each watched to COMPLETED in the list without a reload and
 * its Preview's counts held equal to what the run reports; a malformed specific version shows the server's message
 * and creates nothing; a running, bandwidth-limited task is cancelled and retried; no console errors. One browser
 * and one server serve the whole class, in order; each screen is saved as a screenshot under target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PageBrowserTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  /** A failed test leaves a screenshot of what the browser showed, under target/browser-failures. */
  @RegisterExtension
  final org.junit.jupiter.api.extension.TestWatcher failures = new org.junit.jupiter.api.extension.TestWatcher() {
    @Override
    public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
      if (page != null) {
        new PageDriver(chrome, Path.of("target", "browser-failures"))
            .screenshot(context.getRequiredTestMethod().getName());
      }
    }
  };

  static final String TOKEN_MARK = "page-without-reload";
  static final String SLOW_FILE = "ep03/sq010/sh0010/anim/publish/v001/scene.ma";
  static final int SLOW_SIZE = 512 * 1024;

  Path work;
  Path local;
  ServerFixture f;
  ChromeDriver chrome;
  PageDriver page;
  String base;

  @BeforeAll
  void startBrowserAndServer() throws IOException {
    Chromium.assumePresent();
    work = Files.createTempDirectory("shotsync-page-");
    local = Files.createDirectories(work.resolve("local"));
    VersionStrategy approved = new VersionStrategy() {
      private final LatestVersionStrategy latest = new LatestVersionStrategy();

      @Override
      public io.shotsync.api.spi.VersionDecision select(io.shotsync.api.spi.VersionContext context) {
        return latest.select(context);
      }

      @Override
      public String id() {
        return "approved";
      }

      @Override
      public String description() {
        return "the newest version a supervisor approved (a plugin)";
      }
    };
    f = new ServerFixture(JdbcTaskStore.open("jdbc:h2:mem:page-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
        FTP.endpoint(), local, b -> b.versionStrategy("approved", approved), b -> {});
    base = f.server.url();
    Path target = Path.of("target");
    chrome = Chromium.start(work.resolve("profile"), 1280, 800, target.resolve("chromedriver.log"));
    page = new PageDriver(chrome, target.resolve("screenshots"));
  }

  @BeforeEach
  void tree() {
    // the FTP extension empties its root before each test; the same tree (same bytes, same times) comes back
    new ShotTreeGenerator(FTP.root()).defaultTree().file(SLOW_FILE, SLOW_SIZE);
  }

  @AfterEach
  void console() {
    if (page != null) {
      // a test that failed with a dialog open leaves the next one a usable page
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
  void aVisitWithoutSessionAsksForTheTokenAndSignsIn() {
    chrome.get(base + "/");
    WebElement token = page.field("Access token");
    assertThat(page.role("heading", "Sign in").isDisplayed()).isTrue();
    page.screenshot("sign-in");

    page.type(token, "not-the-token");
    page.button("Sign in").click();
    page.waitFor(d -> page.field("Access token").isDisplayed()
        && d.findElement(By.id("signin-error")).getText().startsWith("That token was not accepted") ? true : null,
        "the refusal");
    assertThat(chrome.getCurrentUrl()).as("no token stays in the address bar").isEqualTo(base + "/");

    page.type(page.field("Access token"), ServerFixture.TOKEN);
    page.button("Sign in").click();
    assertThat(page.role("heading", "Tasks").isDisplayed()).isTrue();
    assertThat(page.button("New task").isDisplayed()).isTrue();
    assertThat(chrome.getCurrentUrl()).isEqualTo(base + "/");
    assertThat(chrome.findElement(By.id("signin")).isDisplayed()).isFalse();
    page.waitFor(d -> "Live".equals(d.findElement(By.id("live-state")).getText()) ? true : null, "the event stream");
    // from here on, the page must never be loaded again: this mark would be gone
    page.js("window.shotsyncTestMark = arguments[0];", TOKEN_MARK);
  }

  @Test
  @Order(2)
  void aTaskWithEachVersionAndConflictStrategyIsCreatedPreviewedAndWatchedToCompleted() throws IOException {
    // Latest Version + Skip Existing: the dialog scans by itself, since the endpoint was never scanned (Chrome logs
    // the API's 404 'not_scanned' answer, which is how the page learns that)
    page.allowConsole("/api/v1/shots/structure/test-ftp - Failed to load resource: the server responded with a status"
        + " of 404");
    openDialog();
    page.waitFor(d -> d.findElement(By.id("nt-scan-state")).getText().startsWith("9 shots, scanned just now")
        ? true : null, "the automatic scan");
    List<String> versionChoices = radioTitles("nt-version");
    assertThat(versionChoices).startsWith("Latest Version", "Specific Version", "All Versions", "Custom (Advanced)")
        .contains("approved");
    assertThat(page.choice("radio", "approved").getAccessibleName())
        .contains("the newest version a supervisor approved (a plugin)");
    assertThat(radioTitles("nt-conflict")).containsExactly("Skip Existing", "Compare & Update", "Overwrite All",
        "Keep Both");
    assertThat(page.choice("radio", "Skip Existing").getAccessibleName()).contains("Recommended");
    assertThat(page.choice("radio", "Latest Version").isSelected()).isTrue();
    assertThat(page.choice("radio", "Skip Existing").isSelected()).isTrue();
    fill("latest ep01/sq010", "ep01", "sq010", "*");
    comparisonRows("ep01/sq010/sh0010/anim", "ep01/sq010/sh0010/lighting", "ep01/sq010/sh0020/anim",
        "ep01/sq010/sh0020/lighting");
    assertThat(comparisonRow("ep01/sq010/sh0010", "anim")).containsExactly("ep01/sq010/sh0010", "anim",
        "v001, v002, v009, v010", "v010", "None", "new");
    page.screenshot("new-task");
    Map<String, Integer> planned = preview(Map.of("DOWNLOAD", 7, "SKIP", 0));
    page.js("arguments[0].scrollIntoView({block: 'end'});", page.button("Create task"));
    page.screenshot("new-task-preview");
    create("latest ep01/sq010");
    completedWith("latest ep01/sq010", planned);
    assertThat(local.resolve("ep01/sq010/sh0010/anim/publish/v010/scene.ma")).hasSize(10_000);

    // Specific Version v001 + Compare & Update, anim only
    openDialog();
    fill("specific v001", "ep01", "sq010", "*");
    department("lighting", false);
    comparisonRows("ep01/sq010/sh0010/anim", "ep01/sq010/sh0020/anim");
    page.choice("radio", "Specific Version").click();
    page.type(page.field("Specific version"), "v001");
    page.choice("radio", "Compare & Update").click();
    planned = preview(Map.of("DOWNLOAD", 4, "SKIP", 0));
    create("specific v001");
    completedWith("specific v001", planned);
    assertThat(local.resolve("ep01/sq010/sh0020/anim/publish/v001/scene.ma")).hasSize(1000);

    // All Versions + Overwrite All, one shot's lighting: v002 is there already (overwritten), v001 is not
    openDialog();
    fill("all lighting sh0020", "ep01", "sq010", "sh0020");
    department("anim", false);
    comparisonRows("ep01/sq010/sh0020/lighting");
    page.choice("radio", "All Versions").click();
    page.choice("radio", "Overwrite All").click();
    planned = preview(Map.of("DOWNLOAD", 2, "OVERWRITE", 2));
    create("all lighting sh0020");
    completedWith("all lighting sh0020", planned);

    // Custom (Advanced) + Keep Both: "Set all to v001" with Enter, then "Set all to latest", then one row by hand
    openDialog();
    fill("custom anim", "ep01", "sq010", "*");
    department("lighting", false);
    comparisonRows("ep01/sq010/sh0010/anim", "ep01/sq010/sh0020/anim");
    page.choice("radio", "Custom (Advanced)").click();
    Select sh0010 = new Select(page.role("combobox", "Version for ep01/sq010/sh0010 anim"));
    Select sh0020 = new Select(page.role("combobox", "Version for ep01/sq010/sh0020 anim"));
    assertThat(sh0010.getFirstSelectedOption().getAttribute("value")).isEqualTo("v010");
    page.field("Set all to version").sendKeys("v001", Keys.ENTER);
    assertThat(page.role("dialog", "New task").isDisplayed()).as("Enter applies, it does not create").isTrue();
    assertThat(sh0010.getFirstSelectedOption().getAttribute("value")).isEqualTo("v001");
    assertThat(sh0020.getFirstSelectedOption().getAttribute("value")).isEqualTo("v001");
    page.button("Set all to latest").click();
    assertThat(sh0010.getFirstSelectedOption().getAttribute("value")).isEqualTo("v010");
    assertThat(sh0020.getFirstSelectedOption().getAttribute("value")).isEqualTo("v002");
    sh0010.selectByValue("v009");
    page.choice("radio", "Keep Both").click();
    page.screenshot("new-task-custom-matrix");
    // sh0010 v009 is new (2 files); sh0020's v002 files are there from the first task: kept both
    planned = preview(Map.of("DOWNLOAD", 2, "KEEP_BOTH", 2));
    create("custom anim");
    JsonNode custom = completedWith("custom anim", planned);
    assertThat(custom.path("spec").path("customVersions").path("ep01/sq010/sh0010/anim").asText()).isEqualTo("v009");
    assertThat(custom.path("spec").path("customVersions").path("ep01/sq010/sh0020/anim").asText()).isEqualTo("v002");
    assertThat(local.resolve("ep01/sq010/sh0010/anim/publish/v009/scene.ma")).hasSize(9000);
    try (Stream<Path> kept = Files.list(local.resolve("ep01/sq010/sh0020/anim/publish/v002"))) {
      assertThat(kept.filter(Files::isRegularFile).count()).as("scene.ma and the copy kept beside it").isEqualTo(2);
    }
    assertNotReloaded();
    page.screenshot("tasks");
  }

  @Test
  @Order(3)
  void aMalformedSpecificVersionShowsTheServersMessageBesideItAndCreatesNothing() {
    int before = f.store.tasks(TaskQuery.all()).size();
    openDialog();
    page.choice("radio", "Specific Version").click();
    page.type(page.field("Specific version"), "v1a");
    page.allowConsole("/api/v1/shots/tasks - Failed to load resource: the server responded with a status of 400");
    page.button("Create task").click();
    WebElement error = page.waitFor(d -> {
      WebElement e = d.findElement(By.id("nt-specificVersion-error"));
      return e.isDisplayed() ? e : null;
    }, "the error beside the version");
    assertThat(error.getText())
        .isEqualTo("malformed version 'v1a': expected 'v' followed by 1 to 9 digits, like v001");
    WebElement input = page.field("Specific version");
    assertThat(input.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(input.getAttribute("aria-describedby")).isEqualTo("nt-specificVersion-error");
    assertThat(page.role("dialog", "New task").isDisplayed()).isTrue();
    page.screenshot("new-task-error");
    assertThat(f.store.tasks(TaskQuery.all())).hasSize(before);

    // Rescan reads the server again: the scan time moves on
    String scanned = chrome.findElement(By.cssSelector("#nt-scan-state time")).getAttribute("datetime");
    page.button("Rescan").click();
    page.waitFor(d -> {
      String now = d.findElement(By.cssSelector("#nt-scan-state time")).getAttribute("datetime");
      return java.time.Instant.parse(now).isAfter(java.time.Instant.parse(scanned)) ? true : null;
    }, "a newer scan");
    assertThat(chrome.findElement(By.id("nt-scan-state")).getText()).startsWith("9 shots, scanned just now");
    page.button("Close").click();
    page.waitFor(d -> d.findElement(By.id("new-task-dialog")).isDisplayed() ? null : true, "the dialog to close");
    assertNotReloaded();
  }

  @Test
  @Order(4)
  void aRunningTaskIsCancelledAndRetriedFromTheList() throws IOException {
    openDialog();
    fill("slow", "ep03", "*", "*");
    department("lighting", false);
    page.type(page.field("Bandwidth limit"), "128K");
    create("slow");
    WebElement bar = page.role("progressbar", "Progress of slow");
    assertThat(bar.isDisplayed()).isTrue();
    page.waitFor(d -> page.cell("slow", "Progress").matches("(?s).*\\d+ / 1 files .*%.*ETA.*") ? true : null,
        "progress detail of 'slow'");
    page.screenshot("tasks-running");
    page.click(() -> page.button(page.taskRow("slow"), "Cancel slow"));
    page.awaitStatus("slow", "CANCELLED");
    assertThat(page.cell("slow", "Items")).contains("1 cancelled");
    assertThat(local.resolve(SLOW_FILE)).doesNotExist();

    page.click(() -> page.button(page.taskRow("slow"), "Retry failed slow"));
    WebElement row = page.awaitStatus("slow", "COMPLETED");
    assertThat(page.cell("slow", "Items")).startsWith("1 completed, 0 skipped, 0 failed");
    assertThat(page.cell("slow", "Attempts")).isEqualTo("2");
    assertThat(page.cell("slow", "Finished")).isNotEqualTo("–");
    assertThat(row.findElements(By.tagName("progress"))).isEmpty();
    assertThat(Files.readAllBytes(local.resolve(SLOW_FILE))).isEqualTo(ShotTreeGenerator.content(SLOW_FILE, SLOW_SIZE));
    assertNotReloaded();
  }

  @Test
  @Order(5)
  void theStatusFilterDeleteAndANarrowWindow() {
    Select filter = new Select(page.field("Status"));
    filter.selectByVisibleText("Cancelled");
    page.waitFor(d -> d.findElements(By.cssSelector("#task-rows tr")).isEmpty() ? true : null, "no cancelled task");
    assertThat(chrome.findElement(By.id("tasks-empty")).getText()).isEqualTo("No cancelled tasks.");
    filter.selectByVisibleText("Completed");
    page.waitFor(d -> d.findElements(By.cssSelector("#task-rows tr")).size() == 5 ? true : null, "5 completed tasks");
    filter.selectByVisibleText("All");

    page.click(() -> page.button(page.taskRow("specific v001"), "Delete specific v001"));
    assertThat(page.role("dialog", "Delete task 'specific v001'?").isDisplayed()).isTrue();
    page.button("Delete").click();
    page.waitFor(d -> page.rowOrNull("task-table", "specific v001") == null ? true : null, "the row to go");
    assertThat(f.store.tasks(TaskQuery.all())).extracting(t -> t.name()).doesNotContain("specific v001").hasSize(4);
    assertThat(local.resolve("ep01/sq010/sh0020/anim/publish/v001/scene.ma")).as("files stay").exists();

    Dimension wide = chrome.manage().window().getSize();
    chrome.manage().window().setSize(new Dimension(420, 800));
    try {
      assertThat(page.button("New task").isDisplayed()).isTrue();
      assertThat(page.button(page.taskRow("slow"), "Delete slow").isDisplayed()).isTrue();
      page.screenshot("tasks-narrow");
    } finally {
      chrome.manage().window().setSize(wide);
    }
    assertNotReloaded();
  }

  // ---------------------------------------------------------------------------------------------------- helpers

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

  void department(String name, boolean on) {
    WebElement box = page.choice("checkbox", name);
    if (box.isSelected() != on) {
      box.click();
    }
  }

  List<String> radioTitles(String group) {
    List<String> out = new ArrayList<>();
    for (WebElement r : chrome.findElements(By.cssSelector("input[type=radio][name=" + group + "]"))) {
      out.add(r.findElement(By.xpath("./following-sibling::span/strong")).getText());
    }
    return out;
  }

  List<String> comparisonShots() {
    // read in one step: the table is redrawn while the filter is typed
    @SuppressWarnings("unchecked")
    List<String> keys = (List<String>) page.js(
        "return [...document.querySelectorAll('#nt-compare-rows tr')].map(tr => tr.dataset.key);");
    return keys;
  }

  List<String> comparisonRow(String shot, String department) {
    return page.waitFor(d -> {
      WebElement tr = d.findElement(By.cssSelector("#nt-compare-rows tr[data-key='" + shot + "/" + department + "']"));
      return tr.findElements(By.xpath("./th|./td")).stream().filter(WebElement::isDisplayed)
          .map(c -> c.getText().trim()).toList();
    }, "comparison row " + shot + "/" + department);
  }

  /** Waits until the comparison table shows exactly these rows (shot/department). */
  void comparisonRows(String... keys) {
    page.waitFor(d -> comparisonShots().equals(List.of(keys)) ? true : null,
        "comparison rows " + List.of(keys));
  }

  /** Clicks Preview; asserts the totals it shows hold these counts (others 0); answers every count by action. */
  Map<String, Integer> preview(Map<String, Integer> expected) {
    page.button("Preview").click();
    WebElement table = page.waitFor(d -> {
      WebElement t = d.findElement(By.id("nt-preview-table"));
      return t.isDisplayed() ? t : null;
    }, "the preview");
    List<String> heads = table.findElements(By.cssSelector("thead th")).stream().map(WebElement::getText).toList();
    List<WebElement> total = table.findElements(By.cssSelector("tfoot tr > *"));
    Map<String, Integer> counts = new LinkedHashMap<>();
    String[] actions = {"DOWNLOAD", "SKIP", "OVERWRITE", "KEEP_BOTH", "RESUME"};
    String[] columns = {"Download", "Skip", "Overwrite", "Keep both", "Resume"};
    for (int i = 0; i < actions.length; i++) {
      // the total row's first cell spans Shot, Department and Versions
      int column = heads.indexOf(columns[i]) - 2;
      counts.put(actions[i], Integer.parseInt(total.get(column).getText().trim()));
    }
    for (String a : actions) {
      assertThat(counts.get(a)).as("preview %s", a).isEqualTo(expected.getOrDefault(a, 0));
    }
    assertThat(chrome.findElement(By.id("nt-preview-summary")).getText()).startsWith("Would download "
        + counts.get("DOWNLOAD") + ", skip " + counts.get("SKIP"));
    return counts;
  }

  void create(String name) {
    int before = f.store.tasks(TaskQuery.all()).size();
    page.button("Create task").click();
    page.waitFor(d -> d.findElement(By.id("new-task-dialog")).isDisplayed() ? null : true, "the dialog to close");
    page.taskRow(name);
    assertThat(f.store.tasks(TaskQuery.all())).hasSize(before + 1);
  }

  /** Waits for COMPLETED in the list; the Files cell says what the preview said; answers the task from the API. */
  JsonNode completedWith(String name, Map<String, Integer> planned) {
    page.awaitStatus(name, "COMPLETED");
    List<String> parts = new ArrayList<>();
    String[][] words = {{"DOWNLOAD", "downloaded"}, {"SKIP", "skipped"}, {"OVERWRITE", "overwritten"},
        {"KEEP_BOTH", "kept both"}, {"RESUME", "resumed"}};
    for (String[] w : words) {
      if (planned.get(w[0]) > 0) {
        parts.add(planned.get(w[0]) + " " + w[1]);
      }
    }
    assertThat(page.cell(name, "Files")).isEqualTo(String.join(", ", parts));
    String id = page.taskRow(name).getAttribute("data-task-id");
    JsonNode task = f.api.get("/api/v1/shots/tasks/" + id).json();
    JsonNode files = task.path("files");
    assertThat(files.path("downloaded").asInt()).isEqualTo(planned.get("DOWNLOAD"));
    assertThat(files.path("skipped").asInt()).isEqualTo(planned.get("SKIP"));
    assertThat(files.path("overwritten").asInt()).isEqualTo(planned.get("OVERWRITE"));
    assertThat(files.path("keptBoth").asInt()).isEqualTo(planned.get("KEEP_BOTH"));
    assertThat(files.path("resumed").asInt()).isEqualTo(planned.get("RESUME"));
    int items = task.path("itemCounts").path("total").asInt();
    assertThat(page.cell(name, "Items")).isEqualTo(items + " completed, 0 skipped, 0 failed (of " + items + ")");
    assertThat(page.cell(name, "Attempts")).isEqualTo("1");
    return task;
  }

  void assertNotReloaded() {
    assertThat(page.js("return window.shotsyncTestMark;")).as("the page was never reloaded").isEqualTo(TOKEN_MARK);
  }
}
