package dev.coclone.demo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** Issue 14's "defects to fix first", each driven with real key and mouse events in Chromium. */
class EditorDefectsBrowserTest extends EditorBrowserTestBase {
  private static final String TOGGLE_BODY = "    this.completed = !this.completed;";

  private ScriptedBackend scripted(String... tokens) throws Exception {
    ScriptedBackend backend = new ScriptedBackend("scripted-model");
    backend.setFallback(ScriptedReply.tokens(tokens).build());
    h = EditorHarness.scripted(backend).with(browser);
    return backend;
  }

  /** Uploads one file of the workspace's examples through the "Open files" input. */
  private void upload(Path file) {
    browser.executeScript("document.getElementById('upload').style.display = 'block';");
    browser.findElement(By.id("upload")).sendKeys(file.toString());
    browser.executeScript("document.getElementById('upload').style.display = '';");
    String name = file.getFileName().toString();
    h.waiting().until(d -> !d.findElements(By.cssSelector(".filetab.active[data-name='" + name + "']")).isEmpty());
  }

  @Test
  void aSuggestionIsDismissedWhenTheCursorLeavesItAndTabThenIndentsWithoutInsertingIt() throws Exception {
    scripted("todos.push(todo);");
    h.openEditor();
    upload(h.root.resolve("examples/javascript_example.js"));
    String before = h.editorText();
    h.clickLineEnd(TOGGLE_BODY);
    h.type(Keys.ENTER, "this.");
    assertEquals("todos.push(todo);", h.waitForGhost());
    h.type(Keys.ARROW_UP, Keys.ARROW_UP);
    h.waiting().withMessage(() -> "the stale ghost is still drawn: " + h.ghost()).until(d -> h.ghost() == null);
    h.type(Keys.TAB);
    String after = h.editorText();
    assertEquals(count(before, "todos.push(todo);"), count(after, "todos.push(todo);"), after);
    assertFalse(after.contains("toggle() todos"), after);
    assertEquals(before.replace(TOGGLE_BODY + "\n", TOGGLE_BODY + "\n    this.\n").replaceAll("[ \\t]", ""),
        after.replaceAll("[ \\t]", ""), "Tab only added whitespace");
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test
  void closingATabOnlyClosesTheViewAndKeepsTheFile() throws Exception {
    scripted();
    h.openEditor();
    upload(h.root.resolve("examples/javascript_example.js"));
    browser.findElement(By.cssSelector(".filetab[data-name='javascript_example.js'] .close")).click();
    h.waiting().until(d -> d.findElements(EditorHarness.tab("javascript_example.js")).isEmpty());
    assertTrue(h.workspace.get("javascript_example.js").isPresent(), "the file is still in the workspace");
    assertTrue(Files.exists(h.root.resolve("javascript_example.js")), "and on disk");
  }

  @Test
  void uploadingAFolderKeepsEveryFilesRelativePath(@TempDir Path tmp) throws Exception {
    scripted();
    h.openEditor();
    Path project = tmp.resolve("java-project");
    Files.createDirectories(project.resolve("src/com/example/shop"));
    Files.writeString(project.resolve("src/com/example/shop/Checkout.java"), "class Checkout { int n; }\n");
    Files.writeString(project.resolve("src/com/example/shop/Cart.java"), "class Cart {}\n");
    browser.executeScript("document.getElementById('upload-folder').style.display = 'block';");
    browser.findElement(By.id("upload-folder")).sendKeys(project.toString());
    String rel = "java-project/src/com/example/shop/Checkout.java";
    h.waiting().withMessage(() -> "error: " + h.text("error")).until(d -> h.workspace.get(rel).isPresent());
    assertEquals("class Checkout { int n; }\n", h.disk(rel));
    assertTrue(h.workspace.get("java-project/src/com/example/shop/Cart.java").isPresent());
    assertFalse(h.workspace.get("Checkout.java").isPresent(), "nothing lands at the root");
    assertFalse(Files.exists(h.root.resolve("Checkout.java")));
  }

  @Test
  void workspaceFilesOpenAtTheirRealPathsAndTheTabsComeBackAfterAReload() throws Exception {
    scripted();
    h.openEditor();
    h.openFromTree("examples/javascript_example.js");
    assertTrue(h.editorText().startsWith("// Co-Clone example: a small Todo app."), h.editorText());
    h.openFromTree("examples/java-project/src/com/example/shop/Checkout.java");
    browser.findElement(EditorHarness.tab("examples/javascript_example.js")).click();
    browser.navigate().refresh();
    h.waiting().until(d -> d.findElement(By.id("status")).getText().equals("ready"));
    h.waiting().until(d -> !d.findElements(By.cssSelector(".filetab.active[data-name='examples/javascript_example.js']"))
        .isEmpty());
    assertFalse(browser.findElements(EditorHarness.tab("examples/java-project/src/com/example/shop/Checkout.java"))
        .isEmpty(), "both tabs are back");
    h.waiting().until(d -> h.editorText().startsWith("// Co-Clone example: a small Todo app."));
  }

  private static final String CART = """
      public class Cart {
        private int total;

        public int add(String item, int quantity) {
          total += quantity;
          return total;
        }

        public int addOne(String item) {
          return add(item, 1);
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
  void afterApplyAllTheEditorKeepsTheFocusSoCtrlSSaves(@TempDir Path dir) throws Exception {
    scripted();
    Files.writeString(dir.resolve("Cart.java"), CART);
    Files.writeString(dir.resolve("Checkout.java"), CHECKOUT);
    h.openEditor();
    upload(dir.resolve("Checkout.java"));
    upload(dir.resolve("Cart.java"));
    h.waiting().until(d -> h.workspace.get("Cart.java").isPresent() && h.workspace.get("Checkout.java").isPresent());
    h.clickLineEnd("  public int add(String item, int quantity) {");
    h.type(Keys.LEFT, Keys.LEFT, Keys.LEFT, ", boolean gift");
    WebElement applyAll = h.waiting().withMessage(() -> "banner: " + h.text("sig-banner")).until(d -> {
      var b = d.findElements(By.cssSelector("#sig-banner .sig-apply-all"));
      return b.isEmpty() || !b.get(0).isDisplayed() || !b.get(0).isEnabled() ? null : b.get(0);
    });
    applyAll.click();
    h.waiting().until(d -> h.workspace.get("Checkout.java").orElseThrow().text().contains("/* TODO: gift */"));
    h.waiting().until(d -> h.editorText().contains("return add(item, 1, /* TODO: gift */ false);"));
    h.chord(Keys.CONTROL, "s");
    h.waiting().withMessage(() -> "Ctrl-S did not save; focus on " + browser.switchTo().activeElement().getTagName())
        .until(d -> h.workspace.get("Cart.java").orElseThrow().text().contains("boolean gift"));
  }

  @Test
  void enterIndentsByTheFilesOwnUnit() throws Exception {
    scripted();
    h.openEditor();
    upload(h.root.resolve("examples/javascript_example.js"));
    h.clickLineEnd(TOGGLE_BODY);
    h.type(Keys.ENTER);
    String[] at = h.cursor().split(":");
    assertEquals("4", at[1], "a 2-space file: the new line is indented like the line above");
    assertEquals("    ", h.line(Integer.parseInt(at[0])));
  }
}
