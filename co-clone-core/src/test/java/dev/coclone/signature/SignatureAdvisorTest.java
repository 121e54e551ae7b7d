package dev.coclone.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import dev.coclone.cancel.Cancellation;
import dev.coclone.model.GenerationRequest;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import dev.coclone.source.SourceFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignatureAdvisorTest {
  private static ChangeReport typeChange(SignatureTracker tracker) {
    tracker.changed(SourceFile.of("src/shop/Cart.java", JavaSignatureTrackerTest.CART));
    tracker.changed(SourceFile.of("src/shop/GiftCart.java", JavaSignatureTrackerTest.GIFT_CART));
    tracker.changed(SourceFile.of("src/shop/Checkout.java", JavaSignatureTrackerTest.CHECKOUT));
    String newCart = JavaSignatureTrackerTest.CART.replace("public int add(String item, int quantity) {",
        "public int add(String item, java.math.BigDecimal quantity) {");
    return tracker.detect(SourceFile.of("src/shop/Cart.java", newCart)).reports().get(0);
  }

  @Test
  void modelRewritesTheSiteLineFromAPromptThatStatesTheChange() throws Exception {
    ChangeReport report = typeChange(new SignatureTracker());
    Dependent site = report.dependents().stream().filter(d -> d.text().equals("cart.add(i, 2)")).findFirst()
        .orElseThrow();
    assertEquals(null, site.edit(), "a type change has no mechanical edit");
    ScriptedBackend model = new ScriptedBackend("coder");
    model.enqueue(ScriptedReply.tokens("n += cart", ".add(i, ", "BigDecimal.valueOf(2));", "\n", "junk").build());
    List<String> streamed = new ArrayList<>();
    Suggestion s = new SignatureAdvisor(model).suggest(report.change(), site, JavaSignatureTrackerTest.CHECKOUT,
        streamed::add, new Cancellation());
    assertEquals("n += cart.add(i, BigDecimal.valueOf(2));", s.newText());
    assertEquals("n += cart.add(i, 2);", s.oldText());
    assertEquals(List.of("n += cart", ".add(i, ", "BigDecimal.valueOf(2));"), streamed);
    assertEquals("scripted/coder", s.model());
    String applied = FileEdits.apply(JavaSignatureTrackerTest.CHECKOUT, FileEdits.of(site.path(),
        JavaSignatureTrackerTest.CHECKOUT, List.of(s.edit())));
    assertTrue(applied.contains("      n += cart.add(i, BigDecimal.valueOf(2));\n      n += cart.add(cart.add"));
    GenerationRequest asked = model.takeRequest(Duration.ofSeconds(5));
    assertNotNull(asked);
    assertTrue(asked.prefix().endsWith("      // Update for the new signature: public int add(String item, "
        + "int quantity)  ->  public int add(String item, java.math.BigDecimal quantity)\n      "),
        asked.prefix());
    assertTrue(asked.suffix().startsWith("\n      n += cart.add(cart.add(i, 1)"));
  }

  @Test
  void cancelStopsTheModelMidLine() throws Exception {
    ChangeReport report = typeChange(new SignatureTracker());
    Dependent site = report.dependents().get(0);
    ScriptedBackend model = new ScriptedBackend();
    model.enqueue(ScriptedReply.tokens("a").endless().tokenDelay(Duration.ofMillis(5)).build());
    Cancellation cancel = new Cancellation();
    CompletableFuture<Suggestion> call = CompletableFuture.supplyAsync(() -> {
      try {
        return new SignatureAdvisor(model).suggest(report.change(), site, JavaSignatureTrackerTest.CHECKOUT,
            t -> true, cancel);
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    model.takeRequest(Duration.ofSeconds(5));
    cancel.cancel(CancelReason.DISCONNECTED);
    Exception e = assertThrows(Exception.class, () -> call.get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof CanceledException, String.valueOf(e.getCause()));
    assertNotNull(model.awaitCancellation(Duration.ofSeconds(5)));
  }
}
