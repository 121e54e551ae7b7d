package dev.coclone.demo.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.context.ContextIndex;
import dev.coclone.context.ContextRetriever;
import dev.coclone.engine.EmbeddedBackend;
import dev.coclone.engine.EmbeddedEngine;
import dev.coclone.engine.IndexProgress;
import dev.coclone.model.ModelBackend;
import dev.coclone.netty.metrics.Metrics;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.netty.service.IndexRoutes;
import dev.coclone.netty.service.IndexStatus;
import dev.coclone.netty.service.SignatureRoutes;
import dev.coclone.netty.service.WorkspaceRoutes;
import dev.coclone.prompt.FimTemplate;
import dev.coclone.signature.SignatureAdvisor;
import dev.coclone.signature.SignatureTracker;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real server over a real workspace folder (a copy of the seed's examples), with a scripted or
 * the embedded model, and the page helpers the editor tests share.
 */
final class EditorHarness implements AutoCloseable {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  final Path root;
  final Workspace workspace;
  final ModelBackend backend;
  private final boolean readOnly;
  private final CompletionEngine engine;
  private final SignatureRoutes signatures;
  private final WorkspaceRoutes files;
  private final IndexRoutes index = new IndexRoutes(new IndexStatus(), new ObjectMapper());
  /** The server's request counts, kept across restarts (a test waits on a request reaching it). */
  final Metrics metrics = new Metrics();
  private StandardServer server;
  private ChromeDriver browser;

  private EditorHarness(ModelBackend backend, Path root, boolean readOnly, EmbeddedEngine embedded) throws IOException {
    this.root = root;
    this.backend = backend;
    this.readOnly = readOnly;
    workspace = new Workspace(root);
    ContextIndex index = new ContextIndex();
    workspace.addListener(index);
    workspace.scan(null);
    if (embedded != null) {
      embedded.index(workspace.files(), IndexProgress.NONE);
    }
    ContextRetriever retriever = new ContextRetriever(index, workspace::recentlyEdited);
    ObjectMapper json = new ObjectMapper();
    files = WorkspaceRoutes.builder().workspace(workspace).retriever(retriever).template(FimTemplate.DEEPSEEK_CODER)
        .json(json).readOnly(readOnly).build();
    engine = CompletionEngine.builder().backend(backend).contextProvider(retriever).cache(null).build();
    signatures = new SignatureRoutes(workspace, new SignatureTracker(), new SignatureAdvisor(engine), json, readOnly)
        .start();
    start(0);
  }

  /** A scripted model over a copy of the seed's examples. */
  static EditorHarness scripted(ScriptedBackend backend) throws IOException {
    return new EditorHarness(backend, examples(), false, null);
  }

  /** A scripted model over a copy of the seed's examples, saving only in memory. */
  static EditorHarness readOnly(ScriptedBackend backend) throws IOException {
    return new EditorHarness(backend, examples(), true, null);
  }

  /** Any model backend (an Ollama client pointed at nothing, say) over a copy of the seed's examples. */
  static EditorHarness model(ModelBackend backend) throws IOException {
    return new EditorHarness(backend, examples(), false, null);
  }

  /** The embedded engine, having learned the seed's examples. */
  static EditorHarness embedded() throws IOException {
    EmbeddedEngine e = new EmbeddedEngine();
    return new EditorHarness(new EmbeddedBackend(e), examples(), false, e);
  }

  /** A temporary folder with the seed's examples/ in it. */
  static Path examples() throws IOException {
    Path source = Path.of("..", "examples");
    Path root = Files.createTempDirectory("co-clone-workspace");
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path p : walk.toList()) {
        Path rel = source.relativize(p);
        if (rel.toString().isEmpty() || rel.startsWith("target")) {
          continue;
        }
        Path to = root.resolve("examples").resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return root;
  }

  /** Starts (or restarts, on the same port) the server. */
  void start(int port) {
    try {
      startServer(port);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    }
  }

  private void startServer(int port) throws InterruptedException {
    server = StandardServer.builder().engine(engine).apiKey("k").addRoutes(files.routes())
        .addRoutes(signatures.routes()).addRoutes(index.routes()).signingSecret(SECRET).metrics(metrics).port(port)
        .build().start();
  }

  /** Stops the server only (the page stays open). */
  void stopServer() {
    server.close();
  }

  int port() {
    return server.port();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  // ---- the page ----

  /**
   * Gives the harness the browser and logs it in with a one-time login link, as the person who
   * started the server would, on 127.0.0.1 (the host {@link #url} uses: cookies are per host).
   */
  EditorHarness with(ChromeDriver browser) {
    on(browser).browser.get(loginUrl("/"));
    waiting().until(d -> !d.getCurrentUrl().contains("login="));
    return this;
  }

  /** Gives the harness the browser without logging it in. */
  EditorHarness on(ChromeDriver browser) {
    this.browser = browser;
    return this;
  }

  /** A fresh one-time login link to a page, on 127.0.0.1. */
  String loginUrl(String page) {
    return server.newLoginUrl(page).replace("http://localhost:", "http://127.0.0.1:");
  }

  /** Waits up to 10 s; an element re-rendered while it was read is read again. */
  WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  /** Opens the editor and waits until it has talked to the server. */
  void openEditor() {
    browser.get(url("/ide"));
    waiting().until(d -> d.findElement(By.id("status")).getText().equals("ready"));
  }

  String editorText() {
    return (String) browser.executeScript("return document.querySelector('.CodeMirror').CodeMirror.getValue();");
  }

  /** The cursor as "line:ch" (0-based). */
  String cursor() {
    return (String) browser.executeScript("const c = document.querySelector('.CodeMirror').CodeMirror.getCursor();"
        + "return c.line + ':' + c.ch;");
  }

  String line(int zeroBased) {
    return (String) browser.executeScript("return document.querySelector('.CodeMirror').CodeMirror.getLine("
        + zeroBased + ");");
  }

  void type(CharSequence... keys) {
    new Actions(browser).sendKeys(keys).perform();
  }

  /** A chord such as Ctrl+S or Alt+]: modifier held while the key is pressed. */
  void chord(CharSequence modifier, CharSequence key) {
    new Actions(browser).keyDown(modifier).sendKeys(key).keyUp(modifier).perform();
  }

  /** The ghost text shown, or null when there is none. */
  String ghost() {
    List<WebElement> g = browser.findElements(By.cssSelector(".ghost"));
    return g.isEmpty() ? null : g.get(0).getText();
  }

  String waitForGhost() {
    return waiting().withMessage(() -> "no ghost text; status: " + text("copilot") + ", error: " + text("error"))
        .until(d -> {
          String g = ghost();
          return g == null || g.isEmpty() ? null : g;
        });
  }

  /** Waits until the whole suggestion has streamed in. */
  void waitForGhost(String expected) {
    waiting().withMessage(() -> "ghost: " + ghost() + "; status: " + text("copilot")).until(d -> expected.equals(ghost()));
  }

  /** Ctrl+Shift+key. */
  void ctrlShift(String key) {
    new Actions(browser).keyDown(org.openqa.selenium.Keys.CONTROL).keyDown(org.openqa.selenium.Keys.SHIFT)
        .sendKeys(key).keyUp(org.openqa.selenium.Keys.SHIFT).keyUp(org.openqa.selenium.Keys.CONTROL).perform();
  }

  String text(String id) {
    List<WebElement> e = browser.findElements(By.id(id));
    return e.isEmpty() ? "(no #" + id + ")" : e.get(0).getText();
  }

  /** Clicks a line of the editor by its text (a real mouse click), then End. */
  void clickLineEnd(String lineText) {
    WebElement line = waiting().until(d -> d.findElements(By.cssSelector(".CodeMirror-line")).stream()
        .filter(e -> e.getText().equals(lineText)).findFirst().orElse(null));
    line.click();
    type(org.openqa.selenium.Keys.END);
  }

  /** Opens a file from the file tree with a mouse click. */
  void openFromTree(String path) {
    // The tree is drawn anew when it is refreshed (the window's focus, a save): a click on an item
    // drawn over meanwhile is made again on the new one.
    waiting().withMessage(() -> "tree: " + text("tree")).until(d -> {
      List<WebElement> item = d.findElements(treeItem(path));
      if (item.isEmpty()) {
        return false;
      }
      item.get(0).click();
      return true;
    });
    waiting().until(d -> !d.findElements(By.cssSelector(".filetab.active[data-name='" + path + "']")).isEmpty());
  }

  static By treeItem(String path) {
    return By.cssSelector("#tree [data-path='" + path + "']");
  }

  static By tab(String path) {
    return By.cssSelector(".filetab[data-name='" + path + "']");
  }

  String disk(String rel) throws IOException {
    return Files.readString(root.resolve(rel));
  }

  void screenshot(String name) throws IOException {
    Path docs = Path.of("..", "docs", "screenshots");
    if (Files.isDirectory(docs)) {
      Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), docs.resolve(name),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void close() {
    server.close();
    signatures.close();
    engine.close();
    workspace.close();
    TempTrees.delete(root);
  }
}
