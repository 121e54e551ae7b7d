package dev.coclone.demo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/** Copilot's keys and status, with real key events in Chromium. */
class EditorKeysBrowserTest {
  private static ChromeDriver browser;
  private ScriptedBackend backend;
  private EditorHarness h;

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

  @org.junit.jupiter.api.BeforeEach
  void drainConsole() {
    browser.get("about:blank");
    browser.manage().logs().get(LogType.BROWSER);
  }

  @AfterEach
  void stop() {
    browser.manage().window().setSize(new Dimension(1200, 760));
    if (h != null) {
      h.close();
    }
  }

  private void start(String... tokens) throws Exception {
    backend = new ScriptedBackend("scripted-model");
    backend.setFallback(ScriptedReply.tokens(tokens).build());
    h = EditorHarness.scripted(backend).with(browser);
  }

  private String copilot() {
    return browser.findElement(By.id("copilot")).getText();
  }

  @Test
  void ctrlRightAcceptsOneWordAndCtrlDownTheRestOfTheLine() throws Exception {
    start("counts = Counter(items)");
    h.openEditor();
    h.type("c");
    h.waitForGhost("counts = Counter(items)");
    assertEquals("Copilot: suggestion ready", copilot());
    h.chord(Keys.CONTROL, Keys.ARROW_RIGHT);
    h.waiting().until(d -> h.editorText().endsWith("\nparser.ccounts"));
    assertEquals(" = Counter(items)", h.ghost());
    h.chord(Keys.CONTROL, Keys.ARROW_DOWN);
    h.waiting().withMessage(() -> "text: " + h.editorText() + " ghost: " + h.ghost()).until(d -> h.editorText().endsWith("\nparser.ccounts = Counter(items)"));
    assertNull(h.ghost());
    h.chord(Keys.CONTROL, Keys.ARROW_RIGHT);
    assertTrue(h.editorText().endsWith("\nparser.ccounts = Counter(items)"), "without a suggestion, Ctrl+Right only moves");
  }

  @Test
  void altBackslashAsksAtTheCursorWithoutTypingEvenWithCompletionsOff() throws Exception {
    start("return sorted(items)");
    h.openEditor();
    browser.findElement(By.id("toggle-completions")).click();
    h.waiting().until(d -> copilot().equals("Copilot: completions off"));
    h.type("x");
    h.chord(Keys.ALT, "\\");
    h.waitForGhost("return sorted(items)");
    assertTrue(backend.takeRequest(Duration.ofSeconds(5)).prefix().endsWith("\nparser.x"));
    assertNull(backend.takeRequest(Duration.ofMillis(800)), "typing did not ask while completions are off");
    browser.findElement(By.id("toggle-completions")).click();
    h.waiting().until(d -> copilot().startsWith("Copilot: idle") || copilot().startsWith("Copilot: suggestion"));
  }

  @Test
  void altBracketWithoutAlternativesFromTheServerSaysSoAndKeepsTheSuggestion() throws Exception {
    start("counts = Counter(items)");
    h.openEditor();
    h.type("c");
    h.waitForGhost("counts = Counter(items)");
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)));
    h.chord(Keys.ALT, "]");
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)), "Alt+] asked for alternatives");
    h.waiting().until(d -> copilot().contains("no other suggestions here"));
    assertEquals("counts = Counter(items)", h.ghost());
  }

  @Test
  void altBracketCyclesThroughTheServersDistinctAlternativesAndTabInsertsTheOneShown() throws Exception {
    backend = new ScriptedBackend("scripted-model");
    // Typing asks once (n = 1); Alt+] then asks with n = 3: the model's first answer and two more,
    // each a generation of its own (the scripted model answers them in order).
    backend.enqueue(ScriptedReply.tokens("counts = Counter(items)").build());
    backend.enqueue(ScriptedReply.tokens("counts = Counter(items)").build());
    backend.enqueue(ScriptedReply.tokens("total = sum(items)").build());
    backend.enqueue(ScriptedReply.tokens("items.sort()").build());
    h = EditorHarness.scripted(backend).with(browser);
    h.openEditor();
    h.type("c");
    h.waitForGhost("counts = Counter(items)");
    assertEquals(1, backend.takeRequest(Duration.ofSeconds(5)).n(), "typing asks for one suggestion");
    assertEquals("Copilot: suggestion ready", copilot(), "no indicator with one suggestion");

    h.chord(Keys.ALT, "]");
    h.waitForGhost("total = sum(items)");
    assertEquals(3, backend.takeRequest(Duration.ofSeconds(5)).n(), "Alt+] asked the server for alternatives");
    h.waiting().until(d -> copilot().equals("Copilot: suggestion ready 2/3"));
    h.chord(Keys.ALT, "]");
    h.waitForGhost("items.sort()");
    assertEquals("Copilot: suggestion ready 3/3", copilot());
    h.chord(Keys.ALT, "]");
    h.waitForGhost("counts = Counter(items)");
    assertEquals("Copilot: suggestion ready 1/3", copilot(), "cycling wraps around");
    h.chord(Keys.ALT, "[");
    h.waitForGhost("items.sort()");
    h.chord(Keys.ALT, "[");
    h.waitForGhost("total = sum(items)");
    assertEquals("Copilot: suggestion ready 2/3", copilot());
    backend.takeRequest(Duration.ofSeconds(1)); // the alternatives' own generations
    backend.takeRequest(Duration.ofSeconds(1));
    assertEquals(null, backend.takeRequest(Duration.ofMillis(300)), "cycling through what came asks nothing more");

    h.type(Keys.TAB);
    h.waiting().withMessage(() -> "text: " + h.editorText()).until(d -> h.editorText().endsWith("\nparser.ctotal = sum(items)"));
    assertNull(h.ghost());
  }

  @Test
  void whenTheModelHasNothingTheEditorSaysSoInWordsWithTheContextUsed() throws Exception {
    start();
    h.openEditor();
    h.type("z");
    h.waiting().until(d -> copilot().equals("Copilot: no suggestion"));
    WebElement why = browser.findElement(By.id("why"));
    // The server says why the suggestion is empty (the API's 'reason'); the page shows it in words.
    assertTrue(why.getText().startsWith("no suggestion: the model suggested nothing here"), why.getText());
    assertTrue(browser.findElement(By.id("why-context")).getText().contains("Context used:"), why.getText());
  }

  @Test
  void aStoppedServerShowsServerUnreachableAndThePageRecoversOnItsOwn() throws Exception {
    start("items");
    h.openEditor();
    int port = h.port();
    h.stopServer();
    h.type("a");
    h.waiting().until(d -> d.findElement(By.id("status")).getText().startsWith("server unreachable"));
    assertEquals("Copilot: server unreachable", copilot());
    assertTrue(browser.findElement(By.id("retry")).isDisplayed(), "a Retry button");
    h.screenshot("ide-unreachable.png");
    h.start(port);
    new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> d.findElement(By.id("status")).getText().equals("ready"));
    h.type("b");
    h.waitForGhost("items");
  }

  @Test
  void aModelServerThatIsDownIsSaidAsModelUnavailableNeverReady() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    h = EditorHarness.model(dev.coclone.model.ollama.OllamaBackend.builder().baseUrl("http://127.0.0.1:" + port)
        .build()).with(browser);
    browser.get(h.url("/ide"));
    h.waiting().until(d -> d.findElement(By.id("status")).getText().equals("model unavailable"));
    h.waiting().until(d -> copilot().equals("Copilot: model unavailable"));
    assertTrue(h.text("error").contains("The model server is down"), h.text("error"));
  }

  @Test
  void theFileTreeAndTheTabsWorkFromTheKeyboardAlone() throws Exception {
    start();
    h.openEditor();
    h.ctrlShift("e");
    h.waiting().withMessage(() -> "focus on " + browser.switchTo().activeElement().getTagName())
        .until(d -> "treeitem".equals(d.switchTo().activeElement().getAttribute("role")));
    // Walk down to the JavaScript example and open it with Enter.
    for (int i = 0; i < 40 && !"examples/javascript_example.js".equals(
        browser.switchTo().activeElement().getAttribute("data-path")); i++) {
      h.type(Keys.ARROW_DOWN);
    }
    h.type(Keys.ENTER);
    h.waiting().until(d -> !d.findElements(By.cssSelector(".filetab.active[data-name='examples/javascript_example.js']"))
        .isEmpty());
    assertEquals("textarea", browser.switchTo().activeElement().getTagName(), "the editor has the keyboard again");
    h.ctrlShift("k");
    h.waiting().until(d -> "tab".equals(d.switchTo().activeElement().getAttribute("role")));
    h.type(Keys.ARROW_LEFT, Keys.ENTER);
    h.waiting().withMessage(() -> "tabs: " + h.text("tabs") + " focus: " + browser.switchTo().activeElement()
        .getAttribute("outerHTML")).until(d -> !d.findElements(By.cssSelector(".filetab.active[data-name='example.py']")).isEmpty());
  }

  @Test
  void at800x600TheTabsScrollToTheActiveOne() throws Exception {
    start();
    browser.manage().window().setSize(new Dimension(800, 600));
    h.openEditor();
    List<String> paths = List.of("examples/python_example.py", "examples/javascript_example.js",
        "examples/java-project/src/com/example/shop/Checkout.java",
        "examples/java-project/src/com/example/shop/PriceCalculator.java",
        "examples/src/main/java/com/example/coclone/CompleteFile.java",
        "examples/src/test/java/com/example/coclone/HarnessExampleTest.java");
    for (String p : paths) {
      h.openFromTree(p);
    }
    Boolean scrolls = (Boolean) browser.executeScript("const t = document.getElementById('tabs');"
        + "return t.scrollWidth > t.clientWidth;");
    assertTrue(scrolls, "more tabs than fit: the strip scrolls");
    Boolean visible = (Boolean) browser.executeScript("const t = document.getElementById('tabs').getBoundingClientRect();"
        + "const a = document.querySelector('.filetab.active').getBoundingClientRect();"
        + "return a.left >= t.left - 1 && a.right <= t.right + 1;");
    assertTrue(visible, "the active tab is scrolled into view");
    h.screenshot("ide-800x600.png");
  }

  @Test
  void theEditorLoadsWithAFaviconAndNoConsoleErrors() throws Exception {
    start();
    h.openEditor();
    Long icon = (Long) browser.executeAsyncScript("const done = arguments[0];"
        + "fetch(document.querySelector('link[rel=icon]').href).then((r) => done(r.status));");
    assertEquals(200L, icon);
    List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertTrue(errors.isEmpty(), errors.toString());
  }

  /**
   * Typing in the scratch tab (a file not on the server) asks for no signature check, which the server
   * could only answer 404 (a console error at each pause); a workspace file's typing still asks.
   */
  @Test
  void typingInTheScratchTabAsksNoSignatureCheckAndLogsNoError() throws Exception {
    start("x");
    h.openEditor();
    h.type("a");
    h.waitForGhost("x");
    h.type(Keys.ESCAPE, Keys.ENTER, "def show(counts, top):");
    // Then a workspace file, typed in after the scratch tab's check would have gone: a parameter added,
    // whose banner says that file's check was answered.
    h.openFromTree("examples/java-project/src/com/example/shop/PriceCalculator.java");
    browser.executeScript("const cm = document.querySelector('.CodeMirror').CodeMirror;"
        + "const line = cm.getValue().split('\\n').findIndex((l) => l.includes('int quantity)'));"
        + "cm.setCursor(line, cm.getLine(line).indexOf('int quantity)') + 'int quantity'.length); cm.focus();");
    h.type(", boolean gift");
    h.waiting().withMessage(() -> "banner: " + h.text("sig-banner"))
        .until(d -> d.findElement(By.id("sig-banner")).getText().contains("total(...) changed"));
    assertEquals(1, h.metrics.requests("/v1/signatures/detect"), "only the workspace file's buffer was checked");
    List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void anUnknownLocationIsSaidInsteadOfIgnored() throws Exception {
    start();
    browser.get(h.url("/ide?location=mars"));
    h.waiting().until(d -> d.findElement(By.id("error")).getText().contains("Location \"mars\" is unknown"));
  }

  @Test
  void inMultiRegionModeAnUnknownLocationIsSaidWithTheRoutersAnswer() throws Exception {
    start("items");
    var engine = dev.coclone.completion.CompletionEngine.builder().backend(backend).cache(null).build();
    try (dev.coclone.netty.route.MultiRegionStack stack = dev.coclone.netty.route.MultiRegionStack.builder()
        .engine(engine).apiKey("k").ports(0, 0).checkInterval(Duration.ofMillis(200))
        .signingSecret(EditorHarness.SECRET).build().start()) {
      // A server of its own: this browser logs in to it with its one-time link, on 127.0.0.1.
      browser.get(stack.app().newLoginUrl("/ide?location=mars").replace("http://localhost:", "http://127.0.0.1:"));
      String error = h.waiting().until(d -> {
        String e = d.findElement(By.id("error")).getText();
        return e.contains("Location \"mars\" is unknown") ? e : null;
      });
      assertTrue(error.contains("Completions go to"), error);
    } finally {
      engine.close();
    }
  }

  @Test
  void fromTheTreeF2RenamesAndDeleteDeletesAfterAskingWithTheKeyboardOnly() throws Exception {
    start();
    h.workspace.write("notes/todo.py", "x = 1\n", "");
    h.openEditor();
    h.ctrlShift("e");
    h.waiting().until(d -> "treeitem".equals(d.switchTo().activeElement().getAttribute("role")));
    for (int i = 0; i < 40 && !"notes/todo.py".equals(browser.switchTo().activeElement().getAttribute("data-path"));
        i++) {
      h.type(Keys.ARROW_DOWN);
    }
    assertEquals("notes/todo.py", browser.switchTo().activeElement().getAttribute("data-path"));
    h.type(Keys.F2);
    var prompt = h.waiting().until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
    prompt.sendKeys("notes/done.py");
    prompt.accept();
    h.waiting().until(d -> java.nio.file.Files.exists(h.root.resolve("notes/done.py")));
    h.waiting().until(d -> !d.findElements(EditorHarness.treeItem("notes/done.py")).isEmpty());
    browser.findElement(EditorHarness.treeItem("notes/done.py")).sendKeys(Keys.DELETE);
    h.waiting().until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
    h.waiting().until(d -> !java.nio.file.Files.exists(h.root.resolve("notes/done.py")));
  }
}
