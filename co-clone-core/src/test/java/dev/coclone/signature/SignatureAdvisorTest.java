package dev.coclone.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import dev.coclone.cancel.Cancellation;
import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionCall;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.completion.CompletionEventListener;
import dev.coclone.model.GenerationRequest;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import dev.coclone.source.SourceFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
    Suggestion s;
    try (CompletionEngine engine = CompletionEngine.builder().backend(model).build()) {
      s = new SignatureAdvisor(engine).suggest(report.change(), site, JavaSignatureTrackerTest.CHECKOUT,
          streamed::add, new Cancellation());
    }
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
    CompletionEngine engine = CompletionEngine.builder().backend(model).build();
    CompletableFuture<Suggestion> call = CompletableFuture.supplyAsync(() -> {
      try {
        return new SignatureAdvisor(engine).suggest(report.change(), site, JavaSignatureTrackerTest.CHECKOUT,
            t -> { }, cancel);
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    model.takeRequest(Duration.ofSeconds(5));
    cancel.cancel(CancelReason.DISCONNECTED);
    Exception e = assertThrows(Exception.class, () -> call.get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof CanceledException, String.valueOf(e.getCause()));
    assertNotNull(model.awaitCancellation(Duration.ofSeconds(5)));
    engine.close();
  }

  @Test
  void suggestionsAreEngineCallsThatANewerSuggestionForTheSameSiteSupersedes() throws Exception {
    ChangeReport report = typeChange(new SignatureTracker());
    Dependent site = report.dependents().get(0);
    ScriptedBackend model = new ScriptedBackend();
    model.enqueue(ScriptedReply.tokens("a").failAfter(0, ScriptedReply.Ending.STALL).build());
    model.enqueue(ScriptedReply.tokens("cart.add(i, BigDecimal.ONE);").build());
    List<String> events = new CopyOnWriteArrayList<>();
    CompletionEventListener recorder = new CompletionEventListener() {
      @Override
      public void callStart(CompletionCall call) {
        events.add("start " + call.request().sessionId());
      }

      @Override
      public void callEnd(CompletionCall call, Completion completion) {
        events.add("end " + completion.text());
      }

      @Override
      public void callCanceled(CompletionCall call, CancelReason reason) {
        events.add("canceled " + reason);
      }
    };
    try (CompletionEngine engine = CompletionEngine.builder().backend(model)
        .eventListenerFactory(CompletionEventListener.Factory.of(recorder)).build()) {
      SignatureAdvisor advisor = new SignatureAdvisor(engine);
      CompletableFuture<Object> older = new CompletableFuture<>();
      CompletionCall first = advisor.enqueue(report.change(), site, JavaSignatureTrackerTest.CHECKOUT,
          new SignatureAdvisor.Listener() {
            @Override
            public void onSuggestion(Suggestion suggestion) {
              older.complete(suggestion);
            }

            @Override
            public void onFailure(java.io.IOException error) {
              older.complete(error);
            }
          });
      assertNotNull(model.takeRequest(Duration.ofSeconds(5)));
      assertEquals(List.of(first), engine.runningCalls(), "the suggestion runs as an engine call");
      assertTrue(first.request().requestId().startsWith("signature-"), first.request().requestId());
      Suggestion newer = advisor.suggest(report.change(), site, JavaSignatureTrackerTest.CHECKOUT, t -> { },
          new Cancellation());
      assertEquals("cart.add(i, BigDecimal.ONE);", newer.newText());
      Object outcome = older.get(5, TimeUnit.SECONDS);
      assertTrue(outcome instanceof CanceledException, String.valueOf(outcome));
      assertEquals(CancelReason.SUPERSEDED, ((CanceledException) outcome).reason());
      String session = "signature-site:" + site.path() + ":" + site.line() + ":" + site.column();
      assertEquals(List.of("start " + session, "canceled SUPERSEDED", "start " + session,
          "end cart.add(i, BigDecimal.ONE);").stream().sorted().toList(), events.stream().sorted().toList());
    }
  }
}
