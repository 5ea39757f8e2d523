package io.shotsync.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium and chromedriver, driven by their explicit paths (Selenium Manager is never asked, nothing is
 * downloaded at test time), headless in a fresh profile. Where they are absent the browser tests are skipped with
 * the reason; {@code SHOTSYNC_REQUIRE_BROWSER=1} (set by {@code .ci/run}) makes them fail instead.
 */
final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  /** Skips (or, where the browser is required, fails) the calling test when Chromium or its driver is missing. */
  static void assumePresent() {
    if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
      return;
    }
    String reason = "Chromium is not installed: the browser tests need " + BROWSER + " and " + DRIVER
        + " (apt-get install chromium chromium-driver)";
    if ("1".equals(System.getenv("SHOTSYNC_REQUIRE_BROWSER"))) {
      fail(reason + "; SHOTSYNC_REQUIRE_BROWSER=1 makes them mandatory");
    }
    Assumptions.abort(reason);
  }

  /** Starts a headless Chromium of this window size with a fresh profile under {@code profile}. */
  static ChromeDriver start(Path profile, int width, int height, Path driverLog) {
    assumePresent();
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .withLogFile(new File(driverLog.toString()))
        .withTimeout(Duration.ofSeconds(30))
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--no-default-browser-check", "--disable-extensions", "--password-store=basic",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height, "--lang=en-GB");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    return new ChromeDriver(service, options);
  }
}
