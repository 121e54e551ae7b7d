package dev.coclone.demo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.completion.CompletionEngine;
import dev.coclone.corpora.CorpusReport;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.netty.service.SignatureRoutes;
import dev.coclone.signature.SignatureAdvisor;
import dev.coclone.signature.SignatureTracker;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The pages in real headless Chromium against a real server with a scripted model. */
class PagesBrowserTest {
  private static ChromeDriver browser;
  private ScriptedBackend backend;
  private CompletionEngine engine;
  private StandardServer server;
  private dev.coclone.workspace.Workspace workspace;
  private SignatureRoutes signatures;
  private dev.coclone.netty.service.IndexStatus indexStatus;

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

  @BeforeEach
  void startServer() throws Exception {
    backend = new ScriptedBackend("scripted-model");
    engine = CompletionEngine.builder().backend(backend).cache(null).build();
    workspace = new dev.coclone.workspace.Workspace(null);
    dev.coclone.context.ContextIndex index = new dev.coclone.context.ContextIndex();
    workspace.addListener(index);
    var routes = new dev.coclone.netty.service.WorkspaceRoutes(workspace,
        new dev.coclone.context.ContextRetriever(index, workspace::recentlyEdited),
        dev.coclone.prompt.FimTemplate.DEEPSEEK_CODER, 1024, new com.fasterxml.jackson.databind.ObjectMapper()).routes();
    signatures = new SignatureRoutes(workspace, new SignatureTracker(), new SignatureAdvisor(engine),
        new com.fasterxml.jackson.databind.ObjectMapper()).start();
    indexStatus = new dev.coclone.netty.service.IndexStatus();
    server = StandardServer.builder().engine(engine).apiKey("k").addRoutes(routes).addRoutes(signatures.routes())
        .addRoutes(new dev.coclone.netty.service.IndexRoutes(indexStatus,
            new com.fasterxml.jackson.databind.ObjectMapper()).routes())
        .signingSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)).port(0).build().start();
  }

  @Test
  void backgroundIndexingShowsInTheStatusBarUntilItIsDone() throws Exception {
    indexStatus.begin("JDK sources and the workspace");
    indexStatus.onProgress("reading", 300, 1200, 5_000);
    browser.get(server.newLoginUrl("/ide"));
    waiting().until(d -> d.findElement(By.id("sb-index")).getText()
        .equals("learning JDK sources and the workspace: reading 25 %"));
    indexStatus.onProgress("sorting", 1200, 1200, 90_000);
    waiting().until(d -> d.findElement(By.id("sb-index")).getText().endsWith("sorting 100 %"));
    indexStatus.finish();
    waiting().until(d -> !d.findElement(By.id("sb-index")).isDisplayed());
  }

  @Test
  void whatTheBackgroundCorporaGaveStaysInTheStatusBarWithTheSkippedOnesInItsTooltip() throws Exception {
    indexStatus.begin("background corpora");
    indexStatus.corpora(List.of(
        new CorpusReport("maven", "Maven dependencies' sources (1 of 2 -sources.jars)", CorpusReport.State.READY, 7,
            1200, "no -sources.jar in the local repository for org.example:absent:9.9"),
        new CorpusReport("node", "node_modules (leftpadx)", CorpusReport.State.INDEXING, 1, 12, ""),
        new CorpusReport("jdk", "JDK sources (java.base)", CorpusReport.State.SKIPPED, 0, 0,
            "no JDK src.zip was given")));
    indexStatus.onProgress("reading", 1, 8, 1_212);
    browser.get(server.newLoginUrl("/ide"));
    waiting().until(d -> d.findElement(By.id("sb-index")).getText().equals("learning background corpora: reading 12 %"));
    indexStatus.corpora(List.of(
        new CorpusReport("maven", "Maven dependencies' sources (1 of 2 -sources.jars)", CorpusReport.State.READY, 7,
            1200, "no -sources.jar in the local repository for org.example:absent:9.9"),
        new CorpusReport("node", "node_modules (leftpadx)", CorpusReport.State.READY, 1, 12, ""),
        new CorpusReport("jdk", "JDK sources (java.base)", CorpusReport.State.SKIPPED, 0, 0,
            "no JDK src.zip was given")));
    indexStatus.finish();
    waiting().until(d -> d.findElement(By.id("sb-index")).getText().equals("learned: maven 7 files, node 1 file"));
    String tooltip = browser.findElement(By.id("sb-index")).getAttribute("title");
    assertTrue(tooltip.contains("JDK sources (java.base): skipped (no JDK src.zip was given)"), tooltip);
    assertTrue(tooltip.contains("Maven dependencies' sources (1 of 2 -sources.jars): ready, 7 files, 1200 tokens "
        + "(no -sources.jar in the local repository for org.example:absent:9.9)"), tooltip);
    browser.get(url("/"));
    waiting().until(d -> d.findElement(By.id("status")).getText().endsWith(" · learned: maven 7 files, node 1 file"));
  }

  @Test
  void thePrintedLoginUrlOpensAWorkingPageThatKeepsWorkingAfterAReload() throws Exception {
    backend.setFallback(ScriptedReply.tokens("counts").build());
    browser.get(server.loginUrl());
    waiting().until(d -> d.findElement(By.id("status")).getText().contains("scripted"));
    waiting().until(d -> !d.getCurrentUrl().contains("login="));
    assertEquals(url("/"), browser.getCurrentUrl(), "the one-time token leaves the address bar");
    browser.navigate().refresh();
    waiting().until(d -> d.findElement(By.id("status")).getText().contains("scripted"));
    assertEquals("", browser.findElement(By.id("error")).getText());
    browser.get(url("/ide"));
    waiting().until(d -> d.findElement(By.id("status")).getText().equals("ready"));
    type("c");
    waiting().until(d -> !d.findElements(By.cssSelector(".ghost")).isEmpty());
    // The link was spent: a browser without the session cookie cannot use it again.
    browser.manage().deleteAllCookies();
    browser.get(server.loginUrl());
    waiting().until(d -> d.findElement(By.id("error")).getText().contains("used already"));
    assertEquals("not logged in", browser.findElement(By.id("status")).getText(), "the server is up: not 'offline'");
  }

  @Test
  void theEditorOpenedWithoutLoggingInSaysSoInsteadOfAServerErrorOrAFailedSignatureCheck() throws Exception {
    browser.manage().deleteAllCookies();
    browser.get(url("/ide"));
    waiting().until(d -> d.findElement(By.id("status")).getText().equals("not logged in"));
    waiting().until(d -> d.findElement(By.id("error")).getText().contains("login link"));
    // Give the page's other first requests (tree, pending signature changes) time to report too.
    type("c");
    waiting().until(d -> d.findElement(By.id("copilot")).getText().contains("not logged in"));
    String error = browser.findElement(By.id("error")).getText();
    assertTrue(error.startsWith("Not logged in"), error);
    assertTrue(!error.contains("signature check failed") && !error.contains("could not get a token"), error);
    assertEquals("not logged in", browser.findElement(By.id("status")).getText());
  }

  @Test
  void uploadedFilesGoToTheServersWorkspaceAndBadOnesAreRefused(@TempDir Path dir) throws Exception {
    openEditor();
    Path good = dir.resolve("todo.js");
    Files.writeString(good, "class Todo { constructor(title) { this.title = title; } }\n");
    Path binary = dir.resolve("image.js");
    Files.write(binary, new byte[] {1, 2, 0, 0, 3});
    browser.executeScript("document.getElementById('upload').style.display = 'block';");
    browser.findElement(By.id("upload")).sendKeys(good.toString());
    waiting().until(d -> !d.findElements(By.cssSelector(".filetab[data-name='todo.js']")).isEmpty());
    waiting().until(d -> workspace.get("todo.js").isPresent());
    assertTrue(workspace.get("todo.js").orElseThrow().text().contains("class Todo"));
    browser.findElement(By.id("upload")).sendKeys(binary.toString());
    waiting().until(d -> d.findElement(By.id("error")).getText().contains("binary"));
    assertTrue(workspace.get("image.js").isEmpty());
  }

  @AfterEach
  void stopServer() {
    server.close();
    signatures.close();
    engine.close();
  }

  /** A page of the server without a login token: works once this browser has logged in. */
  private String url(String path) {
    return "http://localhost:" + server.port() + path;
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(10));
  }

  private String editorText() {
    return (String) browser.executeScript("return document.querySelector('.CodeMirror').CodeMirror.getValue();");
  }

  private void openEditor() {
    browser.get(server.newLoginUrl("/ide"));
    waiting().until(d -> d.findElement(By.id("status")).getText().equals("ready"));
  }

  private void type(CharSequence... keys) {
    new Actions(browser).sendKeys(keys).perform();
  }

  @Test
  void ghostTextStreamsInAndTabAcceptsIt() throws Exception {
    // The first tab ends at "parser." (a scratch file): typed "a", the model's rest of the line.
    backend.setFallback(ScriptedReply.tokens("dd_argument(", "\"--lower\", ", "action=\"store_true\")").build());
    openEditor();
    type("a");
    String whole = "dd_argument(\"--lower\", action=\"store_true\")";
    waiting().withMessage(() -> "ghost: " + browser.findElements(By.cssSelector(".ghost"))).until(d -> {
      var g = d.findElements(By.cssSelector(".ghost"));
      return !g.isEmpty() && whole.equals(g.get(0).getText());
    });
    assertTrue(backend.takeRequest(Duration.ofSeconds(5)).prefix().endsWith("\nparser.a"));
    screenshot("ide.png");
    type(Keys.TAB);
    waiting().until(d -> editorText().endsWith("\nparser.add_argument(\"--lower\", action=\"store_true\")"));
    assertTrue(browser.findElements(By.cssSelector(".ghost")).isEmpty());
  }

  @Test
  void typingThroughTheSuggestionKeepsTheRestWithoutANewRequest() throws Exception {
    backend.enqueue(ScriptedReply.tokens("return items").build());
    openEditor();
    type("r");
    waiting().until(d -> !d.findElements(By.cssSelector(".ghost")).isEmpty());
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)));
    type("r");
    waiting().until(d -> d.findElement(By.cssSelector(".ghost")).getText().equals("eturn items"));
    type(Keys.ESCAPE);
    waiting().until(d -> d.findElements(By.cssSelector(".ghost")).isEmpty());
  }

  @Test
  void aNewKeystrokeCancelsTheRequestInFlight() throws Exception {
    backend.enqueue(ScriptedReply.tokens("slow").tokenDelay(Duration.ofMillis(300)).endless().build());
    backend.setFallback(ScriptedReply.tokens("x").build());
    openEditor();
    type("a");
    assertNotNull(backend.takeRequest(Duration.ofSeconds(10)), "the page should have asked");
    type("b");
    waiting().until(d -> Integer.parseInt(d.findElement(By.id("cancel-count")).getText()) >= 1);
    assertNotNull(backend.awaitCancellation(Duration.ofSeconds(10)), "the server must stop the model");
  }

  @Test
  void formPageStreamsTheSeedsPythonExample() throws Exception {
    // The example stops at "key=" on a line: the model's rest of that line, and no more.
    backend.setFallback(ScriptedReply.tokens("counts.", "get)\n", "\n", "def other():").build());
    browser.get(server.newLoginUrl("/"));
    waiting().until(d -> d.findElement(By.id("status")).getText().contains("scripted"));
    browser.findElement(By.id("example-python")).click();
    browser.findElement(By.id("run-complete")).click();
    waiting().until(d -> d.findElement(By.id("complete-meta")).getText().contains("total"));
    String out = browser.findElement(By.cssSelector("#complete-out .suggestion")).getText();
    assertEquals("counts.get)", out);
    screenshot("index.png");
  }

  @Test
  void modelServerDownIsShown() throws Exception {
    // A real Ollama client pointed at a port where nothing listens.
    server.close();
    engine.close();
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    var down = dev.coclone.model.ollama.OllamaBackend.builder().baseUrl("http://127.0.0.1:" + port).build();
    engine = CompletionEngine.builder().backend(down).build();
    server = StandardServer.builder().engine(engine).apiKey("k")
        .signingSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)).port(0).build().start();
    browser.get(server.newLoginUrl("/ide"));
    waiting().until(d -> d.findElement(By.id("error")).getText().contains("connection refused"));
  }

  @Test
  void editorWithALocationIsServedByThatRegionsProxy() throws Exception {
    server.close();
    backend.setFallback(ScriptedReply.tokens("items").build());
    try (dev.coclone.netty.route.MultiRegionStack stack = dev.coclone.netty.route.MultiRegionStack.builder()
        .engine(engine).apiKey("k").ports(0, 0).checkInterval(Duration.ofMillis(200))
        .signingSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)).build().start()) {
      browser.get(stack.app().newLoginUrl("/ide?location=eu"));
      waiting().until(d -> d.findElement(By.id("sb-region")).getText().contains("eu-west"));
      type("r");
      waiting().until(d -> !d.findElements(By.cssSelector(".ghost")).isEmpty());
      assertTrue(stack.proxy("eu-west").metrics().upstreamStreamsOpened() >= 1, "the eu-west proxy relayed it");
      assertTrue(stack.proxy("us-west").metrics().upstreamStreamsOpened() <= 1,
          "us-west relayed nothing (its one upstream stream is its own read of the service's public routes)");
    }
    server = StandardServer.builder().engine(engine).apiKey("k")
        .signingSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)).port(0).build().start();
  }

  private static final String CART = """
      public class Cart {
        private int total;

        public int add(String item, int quantity) {
          total += quantity;
          return total;
        }
      }
      """;
  private static final String CHECKOUT = """
      public class Checkout {
        int run(Cart cart) {
          return cart.add("apple", 2);
        }
      }
      """;

  @Test
  void changingASignatureInTheEditorOffersToUpdateTheCallerInTheOtherFile(@TempDir Path dir) throws Exception {
    backend.setFallback(ScriptedReply.tokens(new String[0]).build());
    openEditor();
    Files.writeString(dir.resolve("Cart.java"), CART);
    Files.writeString(dir.resolve("Checkout.java"), CHECKOUT);
    browser.executeScript("document.getElementById('upload').style.display = 'block';");
    browser.findElement(By.id("upload")).sendKeys(dir.resolve("Cart.java") + "\n" + dir.resolve("Checkout.java"));
    waiting().until(d -> workspace.get("Checkout.java").isPresent() && workspace.get("Cart.java").isPresent());
    browser.findElement(By.cssSelector(".filetab[data-name='Cart.java']")).click();
    // Put the cursor after "int quantity" and type a new parameter, as a person would.
    browser.executeScript("const cm = document.querySelector('.CodeMirror').CodeMirror;"
        + "const line = cm.getValue().split('\\n').findIndex((l) => l.includes('int quantity)'));"
        + "cm.setCursor(line, cm.getLine(line).indexOf('int quantity)') + 'int quantity'.length); cm.focus();");
    type(", boolean gift");
    waiting().until(d -> editorText().contains("add(String item, int quantity, boolean gift)"));
    new Actions(browser).keyDown(Keys.CONTROL).sendKeys("s").keyUp(Keys.CONTROL).perform();
    WebElement banner = waiting().withMessage(() -> "banner: '" + browser.findElement(By.id("sig-banner")).getText()
        + "', error: '" + browser.findElement(By.id("error")).getText() + "', Cart.java on the server: "
        + workspace.get("Cart.java").map(f -> f.text()).orElse("(none)")).until(d -> {
      WebElement b = d.findElement(By.id("sig-banner"));
      return b.isDisplayed() && b.getText().contains("add(...) changed: 1 dependent site in 1 file") ? b : null;
    });
    WebElement site = banner.findElement(By.cssSelector("li[data-path='Checkout.java']"));
    assertTrue(site.getText().contains("Checkout.java:3"), site.getText());
    assertTrue(site.getText().contains("cart.add(\"apple\", 2)"), site.getText());
    browser.executeScript("document.getElementById('upload').style.display = '';");
    screenshot("ide-signatures.png");
    site.findElement(By.cssSelector("button.sig-apply")).click();
    waiting().until(d -> workspace.get("Checkout.java").orElseThrow().text()
        .contains("cart.add(\"apple\", 2, /* TODO: gift */ false)"));
    waiting().until(d -> !d.findElement(By.id("sig-banner")).isDisplayed());
    browser.findElement(By.cssSelector(".filetab[data-name='Checkout.java']")).click();
    waiting().until(d -> editorText().contains("cart.add(\"apple\", 2, /* TODO: gift */ false)"));
    assertTrue(browser.findElements(By.cssSelector(".filetab .dirty")).stream().allMatch(e -> e.getText().isEmpty()),
        "the applied file is in sync with the server");
  }

  private static final String CART_CALLING_ITSELF = CART.replace("  }\n}", """
        }

        public int addOne(String item) {
          return add(item, 1);
        }
      }""");

  @Test
  void typingANewParameterWithoutSavingShowsTheDependentsAndAppliesTheirEdits(@TempDir Path dir) throws Exception {
    backend.setFallback(ScriptedReply.tokens(new String[0]).build());
    openEditor();
    Files.writeString(dir.resolve("Cart.java"), CART_CALLING_ITSELF);
    Files.writeString(dir.resolve("Checkout.java"), CHECKOUT);
    browser.executeScript("document.getElementById('upload').style.display = 'block';");
    browser.findElement(By.id("upload")).sendKeys(dir.resolve("Cart.java") + "\n" + dir.resolve("Checkout.java"));
    waiting().until(d -> workspace.get("Checkout.java").isPresent() && workspace.get("Cart.java").isPresent());
    browser.executeScript("document.getElementById('upload').style.display = '';");
    browser.findElement(By.cssSelector(".filetab[data-name='Cart.java']")).click();
    browser.executeScript("const cm = document.querySelector('.CodeMirror').CodeMirror;"
        + "const line = cm.getValue().split('\\n').findIndex((l) => l.includes('int quantity)'));"
        + "cm.setCursor(line, cm.getLine(line).indexOf('int quantity)') + 'int quantity'.length); cm.focus();");
    type(", boolean gift");
    // No Ctrl-S: the pause after typing in the declaration is enough.
    WebElement banner = waiting().withMessage(() -> "banner: '" + browser.findElement(By.id("sig-banner")).getText()
        + "', error: '" + browser.findElement(By.id("error")).getText() + "'").until(d -> {
      WebElement b = d.findElement(By.id("sig-banner"));
      return b.isDisplayed() && b.getText().contains("add(...) changed: 2 dependent sites in 2 files (unsaved)")
          ? b : null;
    });
    assertEquals(CART_CALLING_ITSELF, workspace.get("Cart.java").orElseThrow().text(), "nothing was saved");
    WebElement other = banner.findElement(By.cssSelector("li[data-path='Checkout.java']"));
    assertTrue(other.getText().contains("Checkout.java:3"), other.getText());
    assertTrue(other.getText().contains("cart.add(\"apple\", 2)"), other.getText());
    // The site in the edited file is fixed in its buffer: the server's copy is older.
    banner.findElement(By.cssSelector("li[data-path='Cart.java'] button.sig-apply")).click();
    waiting().until(d -> editorText().contains("return add(item, 1, /* TODO: gift */ false);"));
    assertTrue(editorText().contains("add(String item, int quantity, boolean gift)"));
    assertEquals(CART_CALLING_ITSELF, workspace.get("Cart.java").orElseThrow().text(), "still unsaved");
    waiting().withMessage(() -> "banner: '" + browser.findElement(By.id("sig-banner")).getText() + "'")
        .until(d -> d.findElement(By.id("sig-banner")).getText()
        .contains("add(...) changed: 1 dependent site in 1 file (unsaved)"));
    // The site in the other file goes through the server.
    browser.findElement(By.cssSelector("#sig-banner li[data-path='Checkout.java'] button.sig-apply")).click();
    waiting().until(d -> workspace.get("Checkout.java").orElseThrow().text()
        .contains("cart.add(\"apple\", 2, /* TODO: gift */ false)"));
    waiting().withMessage(() -> "banner: '" + browser.findElement(By.id("sig-banner")).getText() + "'")
        .until(d -> !d.findElement(By.id("sig-banner")).isDisplayed());
    browser.findElement(By.cssSelector(".filetab[data-name='Checkout.java']")).click();
    waiting().until(d -> editorText().contains("cart.add(\"apple\", 2, /* TODO: gift */ false)"));
  }

  @Test
  void formPageScansTheCodebaseAndShowsTheDiffForAPastedFunction() throws Exception {
    workspace.put("src/Cart.java", CART);
    workspace.put("src/Checkout.java", CHECKOUT);
    browser.get(server.newLoginUrl("/"));
    waiting().until(d -> d.findElement(By.id("status")).getText().contains("scripted"));
    browser.findElement(By.cssSelector(".tabs button[data-tab='signatures']")).click();
    browser.findElement(By.id("scan")).click();
    waiting().until(d -> d.findElement(By.id("scan-out")).getText().contains("public int add(String item, int quantity)"));
    assertTrue(browser.findElement(By.id("scan-out")).getText().contains("src/Checkout.java"));
    // The seed's Python example: a diff once Python is tracked and its file is in the workspace, else a clear problem.
    browser.findElement(By.id("example-sig-python")).click();
    browser.findElement(By.id("detect")).click();
    waiting().until(d -> !d.findElements(By.cssSelector("#detect-out .sig-problem, #detect-out pre.diff")).isEmpty());
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("updated-language"))).selectByValue("java");
    WebElement updated = browser.findElement(By.id("updated"));
    updated.clear();
    updated.sendKeys("public int add(String item, int quantity, boolean gift) {\n  return 0;\n}");
    browser.findElement(By.id("detect")).click();
    WebElement diff = waiting().until(d -> {
      var diffs = d.findElements(By.cssSelector("#detect-out pre.diff"));
      return diffs.isEmpty() ? null : diffs.get(0);
    });
    assertTrue(diff.getText().contains("+++ b/src/Checkout.java"), diff.getText());
    assertTrue(diff.getText().contains("+    return cart.add(\"apple\", 2, /* TODO: gift */ false);"), diff.getText());
    assertTrue(browser.findElement(By.id("detect-out")).getText().contains("src/Checkout.java:3"));
    browser.executeScript("document.getElementById('detect-out').scrollIntoView();");
    screenshot("signatures.png");
  }

  private static void screenshot(String name) throws Exception {
    Path docs = Path.of("..", "docs", "screenshots");
    if (Files.isDirectory(docs)) {
      Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), docs.resolve(name),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
