package dev.coclone.demo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** The form page and the editor's first tab against the embedded engine, as a newcomer meets them. */
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
  void theContextTabSaysInWordsWhyThereIsNoSuggestion() throws Exception {
    h = EditorHarness.embedded().with(browser);
    browser.get(h.url("/"));
    h.waiting().until(d -> d.findElement(By.id("status")).getText().contains("embedded"));
    browser.findElement(By.cssSelector(".tabs button[data-tab='context']")).click();
    runAndCheck("example-context", "run-context", "context");
  }

  /** Runs an example of the completion tab and returns the suggestion shown (the meta line when none). */
  private String suggestionFor(String exampleButton) {
    browser.findElement(By.id(exampleButton)).click();
    browser.findElement(By.id("run-complete")).click();
    String meta = h.waiting().until(d -> {
      String m = d.findElement(By.id("complete-meta")).getText();
      return m.contains("total") || m.contains("no suggestion") ? m : null;
    });
    String suggestion = browser.findElement(By.cssSelector("#complete-out .suggestion")).getText();
    return suggestion.isEmpty() ? meta : suggestion;
  }

  /**
   * The first things a newcomer tries, the completion tab's three examples, each get a suggestion from
   * the embedded engine having learned only the seed's examples (no model, no background corpora).
   */
  @Test
  void everyExampleOfTheCompletionTabGetsASuggestionFromTheEmbeddedEngine() throws Exception {
    h = EditorHarness.embedded().with(browser);
    browser.get(h.url("/"));
    h.waiting().until(d -> d.findElement(By.id("status")).getText().contains("embedded"));
    String python = suggestionFor("example-python");
    assertTrue(python.startsWith("counts.get"), python);
    assertEquals("filter(todo => todo.id !== id);", suggestionFor("example-js"));
    assertEquals("Counter(word.lower() for word in text.split())", suggestionFor("example-count"));
  }

  /** The editor's first tab (a scratch file) gets a suggestion at Alt+\ and on typing, and Tab takes it. */
  @Test
  void theEditorsScratchTabGetsASuggestionFromTheEmbeddedEngine() throws Exception {
    h = EditorHarness.embedded().with(browser);
    h.openEditor();
    assertTrue(h.editorText().endsWith("\nparser."), h.editorText());
    h.chord(Keys.ALT, "\\");
    h.waitForGhost("add_argument(\"");
    h.type(Keys.TAB);
    h.waiting().until(d -> h.cursor().equals(lastLine() + ":" + "parser.add_argument(\"".length()));
    assertEquals("parser.add_argument(\"", h.line(lastLine()));
    // Typing asks too: the line typed again from its start.
    h.type(Keys.ESCAPE);
    new Actions(browser).keyDown(Keys.SHIFT).sendKeys(Keys.HOME).keyUp(Keys.SHIFT).sendKeys(Keys.BACK_SPACE).perform();
    h.waiting().until(d -> h.line(lastLine()).isEmpty());
    h.type("p");
    String ghost = h.waitForGhost();
    assertTrue(ghost.startsWith("arser.add_argument"), ghost);
  }

  private int lastLine() {
    return ((Number) browser.executeScript("return document.querySelector('.CodeMirror').CodeMirror.lastLine();"))
        .intValue();
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

  @Test
  void anAnswerCutOffByTheServerGoingAwayIsSaidToBePartial() throws Exception {
    dev.coclone.testing.ScriptedBackend backend = new dev.coclone.testing.ScriptedBackend("scripted-model");
    backend.setFallback(dev.coclone.testing.ScriptedReply.tokens("counts", " = 1").endless()
        .tokenDelay(java.time.Duration.ofMillis(100)).build());
    h = EditorHarness.scripted(backend).with(browser);
    browser.get(h.url("/"));
    h.waiting().until(d -> d.findElement(By.id("status")).getText().contains("scripted"));
    browser.findElement(By.id("example-python")).click();
    browser.findElement(By.id("run-complete")).click();
    h.waiting().until(d -> d.findElement(By.cssSelector("#complete-out .suggestion")).getText().startsWith("counts"));
    h.stopServer();
    String meta = h.waiting().until(d -> {
      String m = d.findElement(By.id("complete-meta")).getText();
      return m.equals("generating…") ? null : m;
    });
    assertEquals("partial: the answer broke off (the server is unreachable); the suggestion above is incomplete", meta);
    assertFalse(browser.findElement(By.cssSelector("#complete-out .suggestion")).getText().isEmpty());
  }

  /** A box's place on the page (viewport pixels): left, top, width, height. */
  @SuppressWarnings("unchecked")
  private java.util.List<Number> box(String id) {
    return (java.util.List<Number>) browser.executeScript("const r = document.getElementById(arguments[0])"
        + ".getBoundingClientRect(); return [Math.round(r.left), Math.round(r.top), Math.round(r.width),"
        + " Math.round(r.height)];", id);
  }

  private boolean overlap(java.util.List<Number> a, java.util.List<Number> b) {
    return a.get(2).intValue() > 0 && b.get(2).intValue() > 0
        && a.get(0).intValue() < b.get(0).intValue() + b.get(2).intValue()
        && b.get(0).intValue() < a.get(0).intValue() + a.get(2).intValue()
        && a.get(1).intValue() < b.get(1).intValue() + b.get(3).intValue()
        && b.get(1).intValue() < a.get(1).intValue() + a.get(3).intValue();
  }

  @Test
  void theUnreachableBannerFloatsWithoutMovingThePageAndNeverCoversTheTextBeingTyped() throws Exception {
    dev.coclone.testing.ScriptedBackend backend = new dev.coclone.testing.ScriptedBackend("scripted-model");
    backend.setFallback(dev.coclone.testing.ScriptedReply.tokens("counts").build());
    h = EditorHarness.scripted(backend).with(browser);
    browser.get(h.url("/"));
    h.waiting().until(d -> d.findElement(By.id("status")).getText().contains("scripted"));
    // The workspace's functions listed first: the updated function's box is far down the page.
    browser.findElement(By.cssSelector(".tabs button[data-tab='signatures']")).click();
    browser.findElement(By.id("scan")).click();
    h.waiting().until(d -> d.findElement(By.id("scan-meta")).getText().contains("functions in"));
    browser.findElement(By.cssSelector(".tabs button[data-tab='complete']")).click();
    browser.findElement(By.id("example-python")).click();
    java.util.List<Number> code = box("code");
    java.util.List<Number> run = box("run-complete");
    int port = h.port();
    h.stopServer();
    browser.findElement(By.id("run-complete")).click();
    h.waiting().until(d -> d.findElement(By.id("error")).getText().startsWith("The server is unreachable"));
    assertEquals(code, box("code"), "the banner came: the text box stayed where it was");
    assertEquals(run, box("run-complete"), "and so did the Complete button");
    // Back in the text box, typing: the banner is not over it.
    browser.findElement(By.id("code")).click();
    new Actions(browser).keyDown(Keys.CONTROL).sendKeys(Keys.END).keyUp(Keys.CONTROL).sendKeys("return 1").perform();
    assertTrue(((String) browser.executeScript("return document.getElementById('code').value;"))
        .endsWith("return 1"));
    assertFalse(overlap(box("error"), box("code")), "the banner " + box("error") + " covers the text box " + code);
    // The updated function's box scrolled (with the wheel) to the bottom of the window, where the banner
    // floats: clicked at its top, above the banner, and typed in, the banner moves off it.
    browser.findElement(By.cssSelector(".tabs button[data-tab='signatures']")).click();
    // The example's button at the window's bottom, under the banner: scrolled up from under it (the page
    // has room for that at its end).
    WebElement example = browser.findElement(By.id("example-sig-python"));
    new Actions(browser).scrollByAmount(0, box("example-sig-python").get(1).intValue() - 300).perform();
    h.waiting().until(d -> !overlap(box("error"), box("example-sig-python")));
    example.click();
    WebElement updated = browser.findElement(By.id("updated"));
    long below = ((Number) browser.executeScript("const r = arguments[0].getBoundingClientRect();"
        + "return Math.round(r.top + 120 - window.innerHeight);", updated)).longValue();
    new Actions(browser).scrollByAmount(0, (int) below).perform();
    h.waiting().until(d -> box("updated").get(1).intValue() + 130 > ((Number) browser.executeScript(
        "return window.innerHeight;")).intValue());
    java.util.List<Number> at = box("updated");
    new Actions(browser).moveToLocation(at.get(0).intValue() + 40, at.get(1).intValue() + 12).click()
        .sendKeys("# more").perform();
    assertEquals("updated", browser.switchTo().activeElement().getAttribute("id"));
    assertTrue(((String) browser.executeScript("return arguments[0].value;", updated)).contains("# more"));
    h.waiting().withMessage(() -> "the banner " + box("error") + " covers the text box " + box("updated"))
        .until(d -> !overlap(box("error"), visible(box("updated"))));
    assertTrue(browser.findElement(By.id("error")).isDisplayed());
    h.start(port);
    new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20))
        .until(d -> !d.findElement(By.id("error")).isDisplayed());
    new Actions(browser).scrollByAmount(0, -100000).perform();
    browser.findElement(By.cssSelector(".tabs button[data-tab='complete']")).click();
    h.waiting().until(d -> code.equals(box("code")));
  }

  /** The part of a box inside the window. */
  private java.util.List<Number> visible(java.util.List<Number> b) {
    int bottom = Math.min(b.get(1).intValue() + b.get(3).intValue(),
        ((Number) browser.executeScript("return window.innerHeight;")).intValue());
    int top = Math.max(0, b.get(1).intValue());
    return java.util.List.of(b.get(0), top, b.get(2), Math.max(0, bottom - top));
  }
}
