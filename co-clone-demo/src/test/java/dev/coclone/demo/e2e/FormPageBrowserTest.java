package dev.coclone.demo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The form page against the embedded engine, as a newcomer meets it. */
class FormPageBrowserTest extends EditorBrowserTestBase {
  static final String EMBEDDED_NOTHING = "the embedded engine completes from patterns in your code; "
      + "for whole functions from a description, run with --backend ollama";

  /** Runs one example and checks what the page says: a suggestion with its timing, or why there is none. */
  private void runAndCheck(String exampleButton, String runButton, String panel) {
    browser.findElement(By.id(exampleButton)).click();
    browser.findElement(By.id(runButton)).click();
    String meta = h.waiting().until(d -> {
      String m = d.findElement(By.id(panel + "-meta")).getText();
      return m.contains("total") || m.contains("no suggestion") ? m : null;
    });
    String suggestion = browser.findElement(By.cssSelector("#" + panel + "-out .suggestion")).getText();
    assertFalse(meta.contains("first token 0 ms"), meta);
    if (suggestion.isEmpty()) {
      assertTrue(meta.startsWith("no suggestion: ") && meta.contains(EMBEDDED_NOTHING), meta);
      String why = browser.findElement(By.id(panel + "-context")).getText();
      assertTrue(why.startsWith("Context used:"), why);
    } else {
      assertTrue(meta.matches("(?s).*first token \\d+ ms.*"), meta);
    }
  }

  @Test
  void theContextTabAndBothExamplesSayInWordsWhyThereIsNoSuggestion() throws Exception {
    h = EditorHarness.embedded().with(browser);
    browser.get(h.url("/"));
    h.waiting().until(d -> d.findElement(By.id("status")).getText().contains("embedded"));
    runAndCheck("example-python", "run-complete", "complete");
    runAndCheck("example-js", "run-complete", "complete");
    browser.findElement(By.cssSelector(".tabs button[data-tab='context']")).click();
    runAndCheck("example-context", "run-context", "context");
  }

  @Test
  void theUnreachableBannerSaysWhatToDoAndGoesByItselfOnceTheServerIsBack() throws Exception {
    dev.coclone.testing.ScriptedBackend backend = new dev.coclone.testing.ScriptedBackend("scripted-model");
    backend.setFallback(dev.coclone.testing.ScriptedReply.tokens("counts").build());
    h = EditorHarness.scripted(backend).with(browser);
    browser.get(h.url("/"));
    h.waiting().until(d -> d.findElement(By.id("status")).getText().contains("scripted"));
    int port = h.port();
    h.stopServer();
    browser.findElement(By.id("example-python")).click();
    browser.findElement(By.id("run-complete")).click();
    String banner = h.waiting().until(d -> {
      String e = d.findElement(By.id("error")).getText();
      return e.startsWith("The server is unreachable") ? e : null;
    });
    assertTrue(banner.contains("Start it again") && banner.contains("reconnects by itself"), banner);
    h.waiting().until(d -> d.findElement(By.id("status")).getText().startsWith("server unreachable"));
    assertTrue(browser.findElement(By.id("retry")).isDisplayed(), "a Retry now button");
    h.start(port);
    // No click: the page's own checks find the server again and take the banner away.
    new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20))
        .withMessage(() -> "banner: " + h.text("error") + "; status: " + h.text("status"))
        .until(d -> !d.findElement(By.id("error")).isDisplayed()
            && d.findElement(By.id("status")).getText().contains("scripted"));
    assertFalse(browser.findElement(By.id("retry")).isDisplayed());
    browser.findElement(By.id("run-complete")).click();
    h.waiting().until(d -> d.findElement(By.cssSelector("#complete-out .suggestion")).getText().equals("counts"));
  }

  @Test
  void scanAndDetectWithTheServerDownSayItIsUnreachableNotAFailedFetch() throws Exception {
    h = EditorHarness.scripted(new dev.coclone.testing.ScriptedBackend("scripted-model")).with(browser);
    browser.get(h.url("/"));
    h.waiting().until(d -> d.findElement(By.id("status")).getText().contains("scripted"));
    browser.findElement(By.cssSelector(".tabs button[data-tab='signatures']")).click();
    h.stopServer();
    browser.findElement(By.id("scan")).click();
    h.waiting().until(d -> !d.findElement(By.id("scan-out")).getText().isEmpty());
    assertEquals("Not done: the server is unreachable.", h.text("scan-out"));
    h.waiting().until(d -> d.findElement(By.id("status")).getText().startsWith("server unreachable"));
    assertTrue(h.text("error").startsWith("The server is unreachable"), h.text("error"));
    browser.findElement(By.id("example-sig-python")).click();
    browser.findElement(By.id("detect")).click();
    h.waiting().until(d -> !d.findElement(By.id("detect-out")).getText().isEmpty());
    assertEquals("Not done: the server is unreachable.", h.text("detect-out"));
  }
}
