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
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The workspace is the user's folder: the editor's files on disk, in real Chromium. */
class EditorFilesBrowserTest extends EditorBrowserTestBase {
  private static final String PY = "examples/python_example.py";

  private void start(boolean readOnly) throws Exception {
    ScriptedBackend backend = new ScriptedBackend("scripted-model");
    backend.setFallback(ScriptedReply.tokens(new String[0]).build());
    h = (readOnly ? EditorHarness.readOnly(backend) : EditorHarness.scripted(backend)).with(browser);
    h.openEditor();
  }

  private void typeAtEnd(String text) {
    browser.executeScript("const cm = document.querySelector('.CodeMirror').CodeMirror; cm.focus();"
        + "cm.setCursor(cm.lastLine(), cm.getLine(cm.lastLine()).length);");
    h.type(text);
  }

  private Alert alert() {
    return h.waiting().until(ExpectedConditions.alertIsPresent());
  }

  private long scrollTop() {
    return ((Number) browser.executeScript(
        "return document.querySelector('.CodeMirror').CodeMirror.getScrollInfo().top;")).longValue();
  }

  @Test
  void aReloadPutsTheCursorAndTheScrollBackWhereTheyWere() throws Exception {
    start(false);
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 200; i++) {
      text.append("value_").append(i).append(" = ").append(i).append('\n');
    }
    h.workspace.write("examples/long.py", text.toString(), null);
    browser.navigate().refresh();
    h.waiting().until(d -> d.findElement(By.id("status")).getText().equals("ready"));
    h.openFromTree("examples/long.py");
    new Actions(browser).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(
        browser.findElement(By.cssSelector(".CodeMirror-scroll"))), 0, 2800).perform();
    h.clickLineEnd("value_150 = 150");
    long top = scrollTop();
    assertTrue(top > 1000, "scrolled down to line 150: " + top);
    browser.navigate().refresh();
    h.waiting().until(d -> d.findElement(By.id("status")).getText().equals("ready"));
    h.waiting().until(d -> !d.findElements(By.cssSelector(".filetab.active[data-name='examples/long.py']")).isEmpty());
    h.waiting().withMessage(() -> "scrolled to " + scrollTop() + ", not " + top).until(d -> scrollTop() == top);
    h.type("  # here");
    assertEquals("value_150 = 150  # here", h.line(149), "typed where the cursor was before the reload");
  }

  @Test
  void saveWritesTheDiskAndAChangeOnDiskMeanwhileOffersReloadOrOverwrite() throws Exception {
    start(false);
    h.openFromTree(PY);
    String original = h.disk(PY);
    typeAtEnd("# first edit");
    assertEquals("●", browser.findElement(By.cssSelector(".filetab.active .dirty")).getText(), "unsaved mark");
    assertTrue(browser.findElement(EditorHarness.treeItem(PY)).getText().endsWith("●"), "marked in the tree too");
    h.chord(Keys.CONTROL, "s");
    h.waiting().until(d -> {
      try {
        return h.disk(PY).equals(original + "# first edit");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    h.waiting().until(d -> d.findElement(By.cssSelector(".filetab.active .dirty")).getText().isEmpty());
    // Someone changes the file on disk (git, another editor); our next save must not overwrite it silently.
    Files.writeString(h.root.resolve(PY), "# changed by git\n");
    typeAtEnd("\n# second edit");
    h.chord(Keys.CONTROL, "s");
    WebElement conflict = h.waiting().until(d -> {
      WebElement c = d.findElement(By.id("conflict"));
      return c.isDisplayed() ? c : null;
    });
    assertTrue(conflict.getText().contains("changed on disk since you opened it"), conflict.getText());
    assertEquals("# changed by git\n", h.disk(PY), "nothing on disk was lost");
    h.screenshot("ide-conflict.png");
    browser.findElement(By.id("conflict-overwrite")).click();
    h.waiting().until(d -> !d.findElement(By.id("conflict")).isDisplayed());
    assertEquals(original + "# first edit\n# second edit", h.disk(PY));
    // Again, and this time take the disk's version.
    Files.writeString(h.root.resolve(PY), "# changed by git again\n");
    typeAtEnd("\n# third edit");
    h.chord(Keys.CONTROL, "s");
    h.waiting().until(d -> d.findElement(By.id("conflict")).isDisplayed());
    browser.findElement(By.id("conflict-reload")).click();
    h.waiting().until(d -> h.editorText().equals("# changed by git again\n"));
    assertEquals("", browser.findElement(By.cssSelector(".filetab.active .dirty")).getText());
  }

  /**
   * Drags files or folders of the disk onto the editor as the operating system would: Chromium's
   * own drag machinery (DevTools' Input.dispatchDragEvent with file paths), so the page's drop
   * handler gets real entries, folders included (webkitGetAsEntry, readEntries).
   */
  private void dropOnEditor(java.nio.file.Path... paths) {
    Long x = (Long) browser.executeScript("const r = document.getElementById('editor-host').getBoundingClientRect();"
        + "return Math.round(r.left + r.width / 2);");
    Long y = (Long) browser.executeScript("const r = document.getElementById('editor-host').getBoundingClientRect();"
        + "return Math.round(r.top + r.height / 2);");
    java.util.Map<String, Object> data = java.util.Map.of("items", java.util.List.of(), "files",
        java.util.Arrays.stream(paths).map(p -> p.toAbsolutePath().toString()).toList(), "dragOperationsMask", 1);
    for (String type : new String[] {"dragEnter", "dragOver", "drop"}) {
      browser.executeCdpCommand("Input.dispatchDragEvent", java.util.Map.of("type", type, "x", x, "y", y,
          "data", data));
    }
  }

  @Test
  void aFolderDroppedOnTheEditorLandsAtItsRelativePathsOnDisk(@TempDir Path outside) throws Exception {
    start(false);
    Path folder = outside.resolve("billing");
    Files.createDirectories(folder.resolve("tax"));
    Files.writeString(folder.resolve("Invoice.java"), "class Invoice {}\n");
    Files.writeString(folder.resolve("tax").resolve("Vat.java"), "class Vat { double rate = 0.2; }\n");
    Files.writeString(outside.resolve("notes.py"), "x = 1\n");
    dropOnEditor(folder, outside.resolve("notes.py"));
    h.waiting().withMessage(() -> "workspace: " + h.root + ", error: " + h.text("error")).until(d ->
        Files.isRegularFile(h.root.resolve("billing/tax/Vat.java")) && Files.isRegularFile(h.root.resolve("notes.py"))
            && Files.isRegularFile(h.root.resolve("billing/Invoice.java")));
    assertEquals("class Invoice {}\n", h.disk("billing/Invoice.java"));
    assertEquals("class Vat { double rate = 0.2; }\n", h.disk("billing/tax/Vat.java"));
    assertEquals("x = 1\n", h.disk("notes.py"));
    assertFalse(Files.exists(h.root.resolve("Vat.java")), "not flattened to the root");
    h.waiting().until(d -> !d.findElements(EditorHarness.treeItem("billing/tax/Vat.java")).isEmpty());
    h.waiting().until(d -> !d.findElements(EditorHarness.tab("billing/tax/Vat.java")).isEmpty());
  }

  @Test
  void newRenameAndDeleteActOnRealFilesAndDeleteAsksFirst() throws Exception {
    start(false);
    browser.findElement(By.id("new-file")).click();
    Alert prompt = alert();
    prompt.sendKeys("scratch/new_module.py");
    prompt.accept();
    h.waiting().until(d -> Files.isRegularFile(h.root.resolve("scratch/new_module.py")));
    h.waiting().until(d -> !d.findElements(EditorHarness.treeItem("scratch/new_module.py")).isEmpty());
    h.type("x = 1\n");
    h.chord(Keys.CONTROL, "s");
    h.waiting().until(d -> h.workspace.get("scratch/new_module.py").map(f -> f.text().equals("x = 1\n")).orElse(false));
    browser.findElement(By.id("rename-file")).click();
    prompt = alert();
    prompt.sendKeys("scratch/renamed.py");
    prompt.accept();
    h.waiting().until(d -> Files.isRegularFile(h.root.resolve("scratch/renamed.py")));
    assertFalse(Files.exists(h.root.resolve("scratch/new_module.py")));
    h.waiting().until(d -> !d.findElements(EditorHarness.tab("scratch/renamed.py")).isEmpty());
    browser.findElement(By.id("delete-file")).click();
    Alert confirm = alert();
    String question = confirm.getText();
    assertTrue(question.contains("Delete scratch/renamed.py from the disk?"), question);
    confirm.dismiss();
    assertTrue(Files.exists(h.root.resolve("scratch/renamed.py")), "canceled: the file stays");
    browser.findElement(By.id("delete-file")).click();
    alert().accept();
    h.waiting().until(d -> !Files.exists(h.root.resolve("scratch/renamed.py")));
    h.waiting().until(d -> d.findElements(EditorHarness.tab("scratch/renamed.py")).isEmpty());
    assertTrue(browser.findElements(EditorHarness.treeItem("scratch/renamed.py")).isEmpty());
  }

  @Test
  void filesTheServerDidNotReadAreListedWithWhyAndANewFileOfTheirNameWritesNothing(@TempDir Path outside)
      throws Exception {
    start(false);
    byte[] big = ("x = 1\n".repeat(200_000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Files.write(h.root.resolve("big.py"), big);
    Files.write(h.root.resolve("blob.py"), new byte[] {'a', 0, 'b', 0, 1, 2, 3});
    Files.writeString(outside.resolve("secret.py"), "SECRET = 1\n");
    Files.createSymbolicLink(h.root.resolve("link_out.py"), outside.resolve("secret.py"));
    h.workspace.scan(null);
    browser.navigate().refresh();
    h.waiting().until(d -> d.findElement(By.id("status")).getText().equals("ready"));
    WebElement summary = h.waiting().until(d -> {
      WebElement e = d.findElement(By.cssSelector("#tree-skipped summary"));
      return e.isDisplayed() ? e : null;
    });
    assertEquals("3 files not shown", summary.getText());
    summary.click();
    assertTrue(skippedWhy("big.py").contains("larger than 1 MiB"), skippedWhy("big.py"));
    assertTrue(skippedWhy("blob.py").contains("binary"), skippedWhy("blob.py"));
    assertTrue(skippedWhy("link_out.py").contains("outside the workspace"), skippedWhy("link_out.py"));

    browser.findElement(By.id("new-file")).click();
    Alert prompt = alert();
    prompt.sendKeys("big.py");
    prompt.accept();
    String error = h.waiting().until(d -> {
      String e = h.text("error");
      return e.contains("exists already") ? e : null;
    });
    assertTrue(error.contains("not shown in the tree: larger than 1 MiB") && error.contains("nothing was written"),
        error);
    assertFalse(browser.findElement(By.id("conflict")).isDisplayed(), "no Overwrite offered for a tab that is gone");
    assertTrue(browser.findElements(EditorHarness.tab("big.py")).isEmpty());
    assertEquals(big.length, Files.size(h.root.resolve("big.py")), "the file on disk is untouched");
  }

  private String skippedWhy(String path) {
    return browser.findElement(By.cssSelector("#tree-skipped li[data-path='" + path + "']")).getText();
  }

  @Test
  void ctrlSPressedAgainBeforeTheFirstSaveAnsweredIsNoConflictWithItself() throws Exception {
    start(false);
    h.openFromTree(PY);
    // Counts every time the "changed on disk" banner shows.
    browser.executeScript("window.conflictsShown = 0; const c = document.getElementById('conflict');"
        + "new MutationObserver(() => { if (!c.hidden) window.conflictsShown++; })"
        + ".observe(c, { attributes: true, attributeFilter: ['hidden'] });");
    typeAtEnd("# one");
    new org.openqa.selenium.interactions.Actions(browser).keyDown(Keys.CONTROL).sendKeys("s").sendKeys("s")
        .sendKeys("s").keyUp(Keys.CONTROL).perform();
    h.type("# two");
    h.chord(Keys.CONTROL, "s");
    h.waiting().withMessage(() -> "conflict: " + h.text("conflict") + "; error: " + h.text("error")).until(d -> {
      try {
        return h.disk(PY).endsWith("# one# two");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertEquals(0L, browser.executeScript("return window.conflictsShown;"), "a conflict banner was shown");
    assertFalse(browser.findElement(By.id("conflict")).isDisplayed());
  }

  @Test
  void savingAFileDeletedOnDiskSaysSoAndOffersToWriteItBackNotToReloadIt() throws Exception {
    start(false);
    h.openFromTree(PY);
    Files.delete(h.root.resolve(PY));
    typeAtEnd("# kept");
    h.chord(Keys.CONTROL, "s");
    WebElement conflict = h.waiting().until(d -> {
      WebElement c = d.findElement(By.id("conflict"));
      return c.isDisplayed() ? c : null;
    });
    assertTrue(conflict.getText().contains("was deleted on disk since you opened it"), conflict.getText());
    assertFalse(browser.findElement(By.id("conflict-reload")).isDisplayed(), "nothing to reload");
    browser.findElement(By.id("conflict-overwrite")).click();
    h.waiting().until(d -> Files.exists(h.root.resolve(PY)));
    assertTrue(h.disk(PY).endsWith("# kept"), h.disk(PY));
    h.waiting().until(d -> !d.findElement(By.id("conflict")).isDisplayed());
  }

  /** Whether leaving the page now would ask first (the page cancels beforeunload, which makes the browser ask). */
  private boolean leavingAsks() {
    return (Boolean) browser.executeScript("const e = new Event('beforeunload', { cancelable: true });"
        + "window.dispatchEvent(e); return e.defaultPrevented;");
  }

  @Test
  void leavingThePageWithUnsavedEditsAsksFirst() throws Exception {
    start(false);
    h.openFromTree(PY);
    assertFalse(leavingAsks(), "nothing unsaved yet");
    typeAtEnd("# not saved");
    assertTrue(leavingAsks());
    h.chord(Keys.CONTROL, "s");
    h.waiting().until(d -> d.findElement(By.cssSelector(".filetab.active .dirty")).getText().isEmpty());
    assertFalse(leavingAsks(), "saved: leaving asks nothing");
  }

  @Test
  void readOnlyKeepsSavesInTheServersMemoryAndNeverWritesTheDisk() throws Exception {
    start(true);
    h.waiting().until(d -> d.findElement(By.id("tree-mode")).getText().contains("read-only"));
    h.openFromTree(PY);
    String original = h.disk(PY);
    typeAtEnd("# in memory");
    h.chord(Keys.CONTROL, "s");
    h.waiting().until(d -> h.workspace.get(PY).orElseThrow().text().endsWith("# in memory"));
    assertEquals(original, h.disk(PY));
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
  void filesNamedAsWebFrameworksNameThemOpenAndSaveToThemselves() throws Exception {
    start(false);
    String page = "app/(shop)/[id]/page.tsx";
    String percent = "app/rate%41.ts";
    h.workspace.write(page, "export default function Page() {}\n", null);
    h.workspace.write(percent, "export const rate = 1;\n", null);
    h.workspace.write("app/rateA.ts", "export const other = 2;\n", null);
    browser.navigate().refresh();
    h.waiting().until(d -> d.findElement(By.id("status")).getText().equals("ready"));
    for (String path : new String[] {page, percent}) {
      h.openFromTree(path);
      String before = h.disk(path);
      h.waiting().until(d -> h.editorText().equals(before));
      typeAtEnd("// edited");
      h.chord(Keys.CONTROL, "s");
      h.waiting().withMessage(() -> path + " on disk").until(d -> {
        try {
          return h.disk(path).equals(before + "// edited");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    assertEquals("export const other = 2;\n", h.disk("app/rateA.ts"), "the file rate%41 decodes to twice is untouched");
  }

  @Test
  void applyWritesTheCallersFileOnDiskSaysWhichLinesChangedAndUndoRestoresIt() throws Exception {
    start(false);
    h.workspace.write("shop/Cart.java", CART, null);
    h.workspace.write("shop/Checkout.java", CHECKOUT, null);
    browser.navigate().refresh();
    h.waiting().until(d -> d.findElement(By.id("status")).getText().equals("ready"));
    h.openFromTree("shop/Cart.java");
    Object editorTop = browser.executeScript("return document.querySelector('.CodeMirror').getBoundingClientRect().top;");
    h.clickLineEnd("  public int add(String item, int quantity) {");
    h.type(Keys.LEFT, Keys.LEFT, Keys.LEFT, ", boolean gift");
    h.chord(Keys.CONTROL, "s");
    WebElement site = h.waiting().withMessage(() -> "banner: " + h.text("sig-banner")).until(d -> {
      var s = d.findElements(By.cssSelector("#sig-banner li[data-path='shop/Checkout.java'] button.sig-apply"));
      return s.isEmpty() || !s.get(0).isDisplayed() ? null : s.get(0);
    });
    assertEquals(editorTop, browser.executeScript(
        "return document.querySelector('.CodeMirror').getBoundingClientRect().top;"), "the banner did not push the editor");
    site.click();
    h.waiting().until(d -> {
      try {
        return h.disk("shop/Checkout.java").contains("cart.add(\"apple\", 2, /* TODO: gift */ false)");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    WebElement applied = h.waiting().until(d -> {
      WebElement a = d.findElement(By.id("applied"));
      return a.isDisplayed() ? a : null;
    });
    assertTrue(applied.getText().contains("Changed shop/Checkout.java line 3"), applied.getText());
    assertTrue(browser.switchTo().activeElement().getTagName().equals("textarea"), "the editor has the keyboard");
    h.screenshot("ide-files.png");
    browser.findElement(By.id("undo-apply")).click();
    h.waiting().until(d -> {
      try {
        return h.disk("shop/Checkout.java").equals(CHECKOUT);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    h.waiting().until(d -> d.findElement(By.id("applied")).getText().startsWith("Undone"));
  }
}
