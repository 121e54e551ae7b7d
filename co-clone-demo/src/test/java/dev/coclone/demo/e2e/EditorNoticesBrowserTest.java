package dev.coclone.demo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.model.ollama.OllamaBackend;
import dev.coclone.testing.RefusedPort;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The editor's notices at the top (an error, the server unreachable, the model down, a refused save)
 * never hide the file's first lines: scrolled to the top, the first line can be seen, clicked and
 * typed in while a notice shows, after a reload, and once the server stopped and came back.
 */
class EditorNoticesBrowserTest extends EditorBrowserTestBase {
  private static final String PY = "examples/python_example.py";
  private static final String FIRST = "\"\"\"Co-Clone example: put the cursor after the docstring of sort_by_frequency"
      + " and ask a model (--backend ollama) for its body.\"\"\"";

  private void waitShown(String id, boolean shown) {
    new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(() -> "#" + id + " shown: " + !shown
            + ": " + h.text(id) + "; status: " + h.text("status"))
        .until(d -> d.findElement(By.id(id)).isDisplayed() == shown);
  }

  /** Scrolls the editor to its top with the mouse wheel, as the user would to reach the first line. */
  private void wheelToTop() {
    WebElement scroller = browser.findElement(By.cssSelector(".CodeMirror-scroll"));
    new Actions(browser).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(scroller), 0, -5000).perform();
    h.waiting().withMessage(() -> "scrolled to " + scrollTop())
        .until(d -> scrollTop() == 0);
  }

  private long scrollTop() {
    return ((Number) browser.executeScript(
        "return document.querySelector('.CodeMirror').CodeMirror.getScrollInfo().top;")).longValue();
  }

  /** The first line's box and the notice's box overlap (viewport pixels). */
  private boolean firstLineUnder(String notice) {
    return (Boolean) browser.executeScript("const n = document.getElementById(arguments[0]).getBoundingClientRect();"
        + "const l = document.querySelector('.CodeMirror-code > div:first-child .CodeMirror-line')"
        + ".getBoundingClientRect();"
        + "return n.width > 0 && n.left < l.right && l.left < n.right && n.top < l.bottom && l.top < n.bottom;",
        notice);
  }

  /** The first line is inside the editor's visible area. */
  private boolean firstLineInView() {
    return (Boolean) browser.executeScript("const v = document.querySelector('.CodeMirror-scroll').getBoundingClientRect();"
        + "const l = document.querySelector('.CodeMirror-code > div:first-child .CodeMirror-line')"
        + ".getBoundingClientRect();"
        + "return l.top >= v.top && l.bottom <= v.bottom;");
  }

  /** Scrolls to the top, clicks the middle of the first line (where the text is), types there. */
  private void clickFirstLineAndType(String notice, String typed) {
    wheelToTop();
    assertFalse(firstLineUnder(notice), "the first line is not under #" + notice);
    WebElement line = browser.findElement(By.cssSelector(".CodeMirror-code > div:first-child .CodeMirror-line"));
    assertEquals(FIRST, line.getText());
    line.click();   // a real click at its middle: it fails if anything else is drawn there
    h.type(Keys.HOME, typed);
    assertEquals(typed + FIRST, h.line(0));
    h.type(Keys.HOME);
    for (int i = 0; i < typed.length(); i++) {
      h.type(Keys.DELETE);
    }
    assertEquals(FIRST, h.line(0));
  }

  @Test
  void whileTheServerIsUnreachableAndOnceItIsBackTheFirstLineCanBeClickedAndTypedIn() throws Exception {
    ScriptedBackend backend = new ScriptedBackend("scripted-model");
    backend.setFallback(ScriptedReply.tokens(new String[0]).build());
    h = EditorHarness.scripted(backend).with(browser);
    h.openEditor();
    h.openFromTree(PY);
    browser.findElement(By.id("toggle-completions")).click();
    int port = h.port();
    h.stopServer();
    h.clickLineEnd("def count_words(text):");
    h.chord(Keys.CONTROL, "s");
    waitShown("error", true);
    assertTrue(h.text("error").contains("the server is unreachable"), h.text("error"));
    clickFirstLineAndType("error", "# ");
    h.start(port);
    waitShown("error", false);
    clickFirstLineAndType("error", "x");
  }

  @Test
  void afterAReloadTheModelDownNoticeLeavesTheFirstLineReachable() throws Exception {
    try (RefusedPort down = RefusedPort.open()) {
      h = EditorHarness.model(OllamaBackend.builder().baseUrl(down.url()).build()).with(browser);
      browser.get(h.url("/ide"));
      h.waiting().until(d -> d.findElement(By.id("status")).getText().equals("model unavailable"));
      h.openFromTree(PY);
      waitShown("error", true);
      clickFirstLineAndType("error", "# ");
      browser.navigate().refresh();
      h.waiting().until(d -> d.findElement(By.id("status")).getText().equals("model unavailable"));
      h.waiting().until(d -> !d.findElements(By.cssSelector(".filetab.active[data-name='" + PY + "']")).isEmpty());
      waitShown("error", true);
      // The notice came as the page loaded: the file shows from its first line, below the notice, unscrolled.
      assertEquals(0, scrollTop(), "the editor was not scrolled past the first line");
      assertTrue(firstLineInView(), "the first line is in view");
      assertFalse(firstLineUnder("error"));
      clickFirstLineAndType("error", "# ");
    }
  }

  @Test
  void aRefusedSaveLeavesTheFirstLineReachable() throws Exception {
    ScriptedBackend backend = new ScriptedBackend("scripted-model");
    backend.setFallback(ScriptedReply.tokens(new String[0]).build());
    h = EditorHarness.scripted(backend).with(browser);
    h.openEditor();
    h.openFromTree(PY);
    h.clickLineEnd("def count_words(text):");
    h.type(" ");
    java.nio.file.Files.writeString(h.root.resolve(PY), FIRST + "\n# changed by git\n");
    h.chord(Keys.CONTROL, "s");
    waitShown("conflict", true);
    clickFirstLineAndType("conflict", "# ");
    List<WebElement> overwrite = browser.findElements(By.id("conflict-overwrite"));
    overwrite.get(0).click();
    waitShown("conflict", false);
  }
}
