package io.shotsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page as a screen reader meets it: controls are found by their role and accessible name (as Chromium computes
 * them), fields by their label, table rows by their row header. Waits are bounded and poll; nothing asserts on time.
 */
final class PageDriver {
  static final Duration WAIT = Duration.ofSeconds(60);

  final WebDriver driver;
  final Path screenshots;
  private final List<Pattern> allowedConsole = new ArrayList<>();

  PageDriver(WebDriver driver, Path screenshots) {
    this.driver = driver;
    this.screenshots = screenshots;
  }

  // ------------------------------------------------------------------------------------------ finding

  /** The one visible element with this ARIA role and accessible name. */
  WebElement role(String role, String name) {
    return waitFor(d -> only(role, name, candidates(role, name)), role + " '" + name + "'");
  }

  /** The button named {@code name} (its text or aria-label), visible. */
  WebElement button(String name) {
    return role("button", name);
  }

  /** The button named {@code name} inside {@code scope}. */
  WebElement button(WebElement scope, String name) {
    for (WebElement b : scope.findElements(By.tagName("button"))) {
      if (name.equals(b.getAccessibleName()) && "button".equals(b.getAriaRole())) {
        return b;
      }
    }
    throw new NoSuchElementException("no button '" + name + "' in " + scope.getText());
  }

  /** The form control whose label is exactly {@code label} (its accessible name starts with it). */
  WebElement field(String label) {
    return waitFor(d -> {
      for (WebElement l : d.findElements(By.xpath("//label[normalize-space()=" + xpathString(label) + "]"))) {
        String id = l.getAttribute("for");
        List<WebElement> targets = id == null ? l.findElements(By.xpath(".//input|.//select|.//textarea"))
            : d.findElements(By.id(id));
        for (WebElement t : targets) {
          if (t.isDisplayed() && t.getAccessibleName().startsWith(label)) {
            return t;
          }
        }
      }
      return null;
    }, "field labelled '" + label + "'");
  }

  /** The radio button or checkbox whose label starts with {@code title}. */
  WebElement choice(String role, String title) {
    return waitFor(d -> {
      for (WebElement l : d.findElements(By.xpath("//label[.//strong[normalize-space()=" + xpathString(title)
          + "] or normalize-space()=" + xpathString(title) + "]//input"))) {
        if (l.isDisplayed() && role.equals(l.getAriaRole()) && l.getAccessibleName().startsWith(title)) {
          return l;
        }
      }
      return null;
    }, role + " '" + title + "'");
  }

  /** The row of a table (by the table's id) whose row header reads {@code header}; null when there is none. */
  WebElement rowOrNull(String tableId, String header) {
    for (WebElement tr : driver.findElements(By.xpath("//table[@id='" + tableId + "']/tbody/tr"))) {
      List<WebElement> th = tr.findElements(By.xpath("./th[@scope='row']"));
      if (!th.isEmpty() && th.get(0).getText().split("\n")[0].trim().equals(header)) {
        return tr;
      }
    }
    return null;
  }

  /** The row of the task list for the task named {@code name}, waiting for it to appear. */
  WebElement taskRow(String name) {
    return waitFor(d -> rowOrNull("task-table", name), "task row '" + name + "'");
  }

  /** The text of a task row's cell, by its column's name. */
  String cell(String taskName, String column) {
    return waitFor(d -> {
      WebElement tr = rowOrNull("task-table", taskName);
      return tr == null ? null : tr.findElement(By.cssSelector("[data-label='" + column + "']")).getText().trim();
    }, "cell " + column + " of '" + taskName + "'");
  }

  /** Waits until the task's Status cell reads {@code status}; answers the row. */
  WebElement awaitStatus(String taskName, String status) {
    waitFor(d -> status.equals(cellOrNull(taskName, "Status")) ? Boolean.TRUE : null,
        "task '" + taskName + "' to be " + status + " (it is " + cellOrNull(taskName, "Status") + ")");
    return taskRow(taskName);
  }

  String cellOrNull(String taskName, String column) {
    try {
      WebElement tr = rowOrNull("task-table", taskName);
      return tr == null ? null : tr.findElement(By.cssSelector("[data-label='" + column + "']")).getText().trim();
    } catch (StaleElementReferenceException | NoSuchElementException e) {
      return null;
    }
  }

  /** Clicks, again if the element was replaced in between (the list updates live). */
  void click(java.util.function.Supplier<WebElement> element) {
    waitFor(d -> {
      try {
        WebElement e = element.get();
        if (!e.isEnabled()) {
          return null;
        }
        e.click();
        return Boolean.TRUE;
      } catch (StaleElementReferenceException | NoSuchElementException e) {
        return null;
      }
    }, "a clickable element");
  }

  /** Replaces a text field's value. */
  void type(WebElement input, CharSequence... keys) {
    input.clear();
    input.sendKeys(keys);
  }

  <T> T waitFor(Function<WebDriver, T> condition, String what) {
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class)
        .withMessage(() -> "waiting for " + what)
        .until(condition);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  // ------------------------------------------------------------------------------------------ evidence

  /** Saves a screenshot of the window as {@code <name>.png}. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(screenshots);
      Path p = screenshots.resolve(name + ".png");
      Files.write(p, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A console error this test causes on purpose (such as the network error of a refused request). */
  void allowConsole(String regex) {
    allowedConsole.add(Pattern.compile(regex));
  }

  /** Asserts that the browser logged no error or warning since the last call, except the ones allowed. */
  void assertNoConsoleErrors() {
    List<String> bad = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.WARNING.intValue()
          && allowedConsole.stream().noneMatch(p -> p.matcher(e.getMessage()).find())) {
        bad.add(e.getLevel() + " " + e.getMessage());
      }
    }
    allowedConsole.clear();
    assertThat(bad).as("the browser console").isEmpty();
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** Elements that may have this role and name (narrowed by markup first; role and name are checked after). */
  private List<WebElement> candidates(String role, String name) {
    String n = xpathString(name);
    String named = "[normalize-space()=" + n + " or @aria-label=" + n + "]";
    String xpath = switch (role) {
      case "button" -> "//button" + named + "|//*[@role='button']" + named;
      case "dialog" -> "//dialog|//*[@role='dialog']";
      case "heading" -> "//h1" + named + "|//h2" + named + "|//h3" + named;
      case "combobox" -> "//select" + named + "|//input[@list]" + named;
      case "progressbar" -> "//progress" + named + "|//*[@role='progressbar']" + named;
      case "link" -> "//a" + named;
      case "checkbox" -> "//input[@type='checkbox']" + named;
      default -> "//*[@role='" + role + "']";
    };
    return driver.findElements(By.xpath(xpath));
  }

  private static WebElement only(String role, String name, List<WebElement> candidates) {
    Predicate<WebElement> fits = e -> e.isDisplayed() && name.equals(e.getAccessibleName().trim())
        && role.equals(e.getAriaRole());
    List<WebElement> found = candidates.stream().filter(fits).toList();
    if (found.size() > 1) {
      throw new AssertionError(found.size() + " visible elements with role " + role + " and name '" + name + "'");
    }
    return found.isEmpty() ? null : found.get(0);
  }

  static String xpathString(String s) {
    if (!s.contains("'")) {
      return "'" + s + "'";
    }
    return "concat('" + s.replace("'", "', \"'\", '") + "')";
  }
}
