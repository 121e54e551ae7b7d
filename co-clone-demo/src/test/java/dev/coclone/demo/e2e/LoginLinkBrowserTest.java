package dev.coclone.demo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The one-time login link as a user meets it: a page left (a click, a reload) before the server's
 * answer to {@code POST /v1/login} reached the browser still logs this browser in on the next page,
 * although the server spent the link when it answered.
 */
class LoginLinkBrowserTest extends EditorBrowserTestBase {
  private HoldingProxy proxy;

  private void start() throws Exception {
    ScriptedBackend backend = new ScriptedBackend("scripted-model");
    backend.setFallback(ScriptedReply.tokens("items").build());
    h = EditorHarness.scripted(backend).on(browser);
    proxy = new HoldingProxy(h.port(), "POST /v1/login ");
  }

  @AfterEach
  void closeProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private String viaProxy(String url) {
    return url.replace(":" + h.port() + "/", ":" + proxy.port() + "/");
  }

  /**
   * Opens a login link, waits until the server has answered its login, and leaves before the browser
   * sees the answer.
   */
  private void leaveBeforeTheLoginIsAnswered(String page, Runnable leave) {
    browser.get(viaProxy(h.loginUrl(page)));
    h.waiting().withMessage(() -> "the server never answered the page's login").until(d -> proxy.held() == 1);
    proxy.stopHolding();
    leave.run();
  }

  private void waitUntilReady() {
    h.waiting().withMessage(() -> "status: " + h.text("status") + ", error: " + h.text("error"))
        .until(d -> d.findElement(By.id("status")).getText().equals("ready"));
  }

  @Test
  void clickingTheEditorLinkBeforeTheLoginIsAnsweredStillLogsThisBrowserIn() throws Exception {
    start();
    leaveBeforeTheLoginIsAnswered("/", () -> {
      browser.findElement(By.linkText("Editor")).click();
      h.waiting().until(d -> d.getCurrentUrl().endsWith("/ide"));
    });
    waitUntilReady();
    h.type("x");
    h.waitForGhost("items");
    // The session is a real one: the form page, loaded anew, is logged in too.
    browser.findElement(By.linkText("Web form")).click();
    h.waiting().until(d -> d.findElement(By.id("status")).getText().contains("scripted"));
    assertEquals("", h.text("error"));
  }

  @Test
  void reloadingBeforeTheLoginIsAnsweredStillLogsThisBrowserIn() throws Exception {
    start();
    leaveBeforeTheLoginIsAnswered("/ide", () -> browser.navigate().refresh());
    waitUntilReady();
  }
}
