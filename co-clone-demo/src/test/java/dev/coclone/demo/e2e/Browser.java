package dev.coclone.demo.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Headless Chromium from the system's packages (installed by .ci/install-deps.sh). */
final class Browser {
  private Browser() {}

  static ChromeDriver start() throws Exception {
    File chromium = onPath("chromium");
    File driver = onPath("chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    Path profile = Files.createTempDirectory("co-clone-chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1200,760", "--user-data-dir=" + profile);
    // The console's messages, for tests that a page loads without errors.
    options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
        .usingAnyFreePort().build();
    ChromeDriver browser = new ProfiledDriver(service, options, profile);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return browser;
  }

  /** A driver that deletes its browser's profile folder once the browser has quit. */
  private static final class ProfiledDriver extends ChromeDriver {
    private final Path profile;

    ProfiledDriver(ChromeDriverService service, ChromeOptions options, Path profile) {
      super(service, options);
      this.profile = profile;
    }

    @Override
    public void quit() {
      try {
        super.quit();
      } finally {
        TempTrees.delete(profile);
      }
    }
  }

  private static File onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (f.canExecute()) {
        return f;
      }
    }
    throw new IllegalStateException(name + " is not on the PATH: run .ci/install-deps.sh (it installs Debian's "
        + "chromium and chromium-driver)");
  }
}
