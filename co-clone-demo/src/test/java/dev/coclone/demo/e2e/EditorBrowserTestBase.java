package dev.coclone.demo.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.chrome.ChromeDriver;

/** One headless Chromium per test class and one {@link EditorHarness} per test, closed after it. */
abstract class EditorBrowserTestBase {
  static ChromeDriver browser;
  EditorHarness h;

  @BeforeAll
  static void openBrowser() throws Exception {
    browser = Browser.start();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }
}
