package dev.coclone.model.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionCall;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.completion.CompletionListener;
import dev.coclone.source.CompletionMode;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.completion.FinishReason;
import dev.coclone.model.BackendStatus;
import dev.coclone.model.ModelException;
import dev.coclone.testing.MockModel;
import dev.coclone.testing.MockModelServer;
import dev.coclone.testing.RecordedRequest;
import dev.coclone.testing.RefusedPort;
import dev.coclone.testing.ScriptedReply;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OllamaBackendTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private MockModelServer server;
  private CompletionEngine engine;

  @BeforeEach
  void start() throws IOException {
    server = MockModelServer.start();
  }

  @AfterEach
  void stop() throws IOException {
    if (engine != null) {
      engine.close();
    }
    server.close();
  }

  private OllamaBackend backend(String model) {
    return OllamaBackend.builder().baseUrl(server.url()).model(model).idleTimeout(Duration.ofSeconds(2))
        .firstTokenTimeout(Duration.ofSeconds(3)).build();
  }

  private CompletionEngine engineFor(String model) {
    engine = CompletionEngine.builder().backend(backend(model)).cache(null).build();
    return engine;
  }

  private static CompletionRequest blockRequest() {
    return CompletionRequest.builder().prefix("int add(int a, int b) {\n").suffix("\n}\n").language("java")
        .maxTokens(64).build();
  }

  private RecordedRequest takeGenerate() throws InterruptedException {
    RecordedRequest r;
    while ((r = server.takeRequest(WAIT)) != null) {
      if (r.path().equals("/api/generate")) {
        return r;
      }
    }
    throw new AssertionError("no /api/generate request arrived");
  }

  @Test
  void baseModelGetsRawFimPromptAndStreamsTokens() throws Exception {
    server.enqueue(ScriptedReply.tokens("    return", " a + b;", "\n}").build());
    Completion c = engineFor("deepseek-coder:6.7b-base").newCall(blockRequest()).execute();
    assertEquals("    return a + b;", c.text());
    assertEquals(CompletionMode.MULTI_LINE, c.mode());
    RecordedRequest r = takeGenerate();
    assertEquals("true", r.field("raw"));
    assertTrue(r.field("prompt").startsWith("<\uFF5Cfim\u2581begin\uFF5C>"), r.field("prompt"));
    assertTrue(r.field("prompt").contains("<\uFF5Cfim\u2581hole\uFF5C>\n}\n<\uFF5Cfim\u2581end\uFF5C>"));
    assertTrue(r.field("options").contains("\"num_predict\":64"), r.field("options"));
    assertTrue(r.field("options").contains("end\u2581of\u2581sentence"), r.field("options"));
    assertEquals("true", r.field("stream"));
  }

  @Test
  void instructModelGetsCompletionPromptAndProbeSaysToPullTheBaseTag() throws Exception {
    OllamaBackend b = backend("deepseek-coder:6.7b");
    BackendStatus status = b.probe();
    assertTrue(status.available(), status.message());
    assertTrue(status.message().contains("ollama pull deepseek-coder:6.7b-base"), status.message());
    server.enqueue(ScriptedReply.tokens("return a + b;").build());
    engine = CompletionEngine.builder().backend(b).build();
    engine.newCall(CompletionRequest.builder().prefix("int x = ").suffix("\n").build()).execute();
    RecordedRequest r = takeGenerate();
    assertEquals("int x = ", r.field("prompt"));
    assertNull(r.field("suffix"));
  }

  @Test
  void insertCapableModelUsesOllamasSuffixField() throws Exception {
    server.setModels(MockModel.insert("codellama:7b-code"));
    server.enqueue(ScriptedReply.tokens("42;").build());
    Completion c = engineFor("codellama:7b-code").newCall(
        CompletionRequest.builder().prefix("int x = ").suffix("\nreturn x;").build()).execute();
    assertEquals("42;", c.text());
    RecordedRequest r = takeGenerate();
    assertEquals("\nreturn x;", r.field("suffix"));
    assertEquals("int x = ", r.field("prompt"));
  }

  @Test
  void missingModelTellsTheUserToPullIt() {
    OllamaBackend b = backend("qwen2.5-coder:1.5b");
    BackendStatus status = b.probe();
    assertFalse(status.available());
    assertEquals("model \"qwen2.5-coder:1.5b\" is not pulled: run ollama pull qwen2.5-coder:1.5b", status.message());
    engine = CompletionEngine.builder().backend(backend("qwen2.5-coder:1.5b")).build();
    ModelException e = assertThrows(ModelException.class, () -> engine.newCall(blockRequest()).execute());
    assertEquals(ModelException.Kind.MODEL_NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("ollama pull qwen2.5-coder:1.5b"), e.getMessage());
  }

  @Test
  void connectionRefusedSaysToStartOllama() throws IOException {
    try (RefusedPort down = RefusedPort.open()) {
      OllamaBackend b = OllamaBackend.builder().baseUrl(down.url())
          .model("deepseek-coder:6.7b-base").promptStyle(dev.coclone.model.PromptStyle.RAW_FIM).build();
      engine = CompletionEngine.builder().backend(b).build();
      ModelException e = assertThrows(ModelException.class, () -> engine.newCall(blockRequest()).execute());
      assertEquals(ModelException.Kind.UNREACHABLE, e.kind());
      assertTrue(e.getMessage().contains("ollama serve"), e.getMessage());
      assertFalse(b.probe().available());
    }
  }

  @Test
  void serverErrorStatusIsTyped() {
    server.enqueue(ScriptedReply.httpError(500, "llama runner process has terminated"));
    ModelException e = assertThrows(ModelException.class,
        () -> engineFor("deepseek-coder:6.7b-base").newCall(blockRequest()).execute());
    assertEquals(ModelException.Kind.SERVER_ERROR, e.kind());
    assertTrue(e.getMessage().contains("llama runner process has terminated"), e.getMessage());
  }

  @Test
  void errorLineMidStreamFailsTheCall() {
    server.enqueue(ScriptedReply.tokens("a", "b", "c").failAfter(1, ScriptedReply.Ending.ERROR_LINE)
        .errorMessage("out of memory").build());
    ModelException e = assertThrows(ModelException.class,
        () -> engineFor("deepseek-coder:6.7b-base").newCall(blockRequest()).execute());
    assertEquals(ModelException.Kind.SERVER_ERROR, e.kind());
    assertTrue(e.getMessage().contains("out of memory"), e.getMessage());
  }

  @Test
  void malformedLineIsAProtocolError() {
    server.enqueue(ScriptedReply.tokens("a", "b").failAfter(1, ScriptedReply.Ending.MALFORMED_LINE).build());
    ModelException e = assertThrows(ModelException.class,
        () -> engineFor("deepseek-coder:6.7b-base").newCall(blockRequest()).execute());
    assertEquals(ModelException.Kind.PROTOCOL, e.kind());
    assertTrue(e.getMessage().contains("malformed NDJSON"), e.getMessage());
  }

  @Test
  void serverDyingMidStreamIsAProtocolError() {
    server.enqueue(ScriptedReply.tokens("a", "b").failAfter(1, ScriptedReply.Ending.DISCONNECT).build());
    ModelException e = assertThrows(ModelException.class,
        () -> engineFor("deepseek-coder:6.7b-base").newCall(blockRequest()).execute());
    assertEquals(ModelException.Kind.PROTOCOL, e.kind());
  }

  @Test
  void stallMidStreamTimesOutAndDropsTheConnection() throws Exception {
    server.enqueue(ScriptedReply.tokens("a", "b").failAfter(1, ScriptedReply.Ending.STALL).build());
    ModelException e = assertThrows(ModelException.class,
        () -> engineFor("deepseek-coder:6.7b-base").newCall(blockRequest()).execute());
    assertEquals(ModelException.Kind.TIMEOUT, e.kind());
    assertNotNull(server.awaitCancellation(WAIT), "the server should see the connection dropped");
  }

  @Test
  void slowStartBeyondTheFirstTokenTimeoutTimesOut() {
    server.enqueue(ScriptedReply.tokens("a").headerDelay(Duration.ofSeconds(6)).build());
    ModelException e = assertThrows(ModelException.class,
        () -> engineFor("deepseek-coder:6.7b-base").newCall(blockRequest()).execute());
    assertEquals(ModelException.Kind.TIMEOUT, e.kind());
  }

  @Test
  void neverEndingStreamStopsAtTheTokenLimit() throws Exception {
    server.enqueue(ScriptedReply.tokens("x").endless().build());
    Completion c = engineFor("deepseek-coder:6.7b-base").newCall(CompletionRequest.builder()
        .prefix("int x = ").suffix("\n").maxTokens(20).build()).execute();
    assertEquals(FinishReason.LENGTH, c.finishReason());
    assertNotNull(server.awaitCancellation(WAIT), "the endless stream must be closed by the client");
  }

  @Test
  void endOfLineStopsGenerationAndClosesTheUpstreamConnection() throws Exception {
    server.enqueue(ScriptedReply.tokens("compute", "();", "\n", "more").endless().build());
    Completion c = engineFor("deepseek-coder:6.7b-base").newCall(CompletionRequest.builder()
        .prefix("int x = ").suffix("\n").build()).execute();
    assertEquals("compute();", c.text());
    assertNotNull(server.awaitCancellation(WAIT));
  }

  @Test
  void cancelClosesTheUpstreamConnectionPromptlyAndNothingFollowsTheTerminalCallback() throws Exception {
    server.enqueue(ScriptedReply.tokens("a", "b", "c").tokenDelay(Duration.ofMillis(100)).endless().build());
    CompletionCall call = engineFor("deepseek-coder:6.7b-base").newCall(blockRequest());
    CountDownLatch firstToken = new CountDownLatch(1);
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    call.enqueue(new CompletionListener() {
      @Override
      public void onToken(CompletionCall c, String text) {
        events.add("token");
        firstToken.countDown();
      }

      @Override
      public void onComplete(CompletionCall c, Completion completion) {
        events.add("complete");
      }

      @Override
      public void onFailure(CompletionCall c, IOException error) {
        events.add(error instanceof CanceledException ce ? "canceled:" + ce.reason() : "failed:" + error);
      }
    });
    assertTrue(firstToken.await(10, TimeUnit.SECONDS));
    long canceledAt = System.nanoTime();
    call.cancel();
    call.cancel();
    assertNotNull(server.awaitCancellation(WAIT), "the mock server must see the client gone");
    long reactionMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - canceledAt);
    assertTrue(reactionMillis < 2000, "cancel reached the server after " + reactionMillis + " ms");
    String terminal;
    while ((terminal = events.poll(10, TimeUnit.SECONDS)) != null && terminal.equals("token")) {
      // Tokens delivered before the cancel took effect.
    }
    assertEquals("canceled:" + CancelReason.CLIENT, terminal);
    // Anything after the terminal callback would show up here; the call is over.
    assertNull(events.poll(300, TimeUnit.MILLISECONDS));
    assertTrue(call.isCanceled());
  }

  @Test
  void keepAliveReusesOneConnectionForSequentialCalls() throws Exception {
    engineFor("deepseek-coder:6.7b-base");
    for (int i = 0; i < 5; i++) {
      server.enqueue(ScriptedReply.tokens(i + ";").build());
      assertEquals(i + ";", engine.newCall(CompletionRequest.builder().prefix("v" + i + " = ").suffix("\n").build())
          .execute().text());
    }
    assertEquals(1, server.connectionCount(), "each call read the stream to its end, so the connection was reused");
  }

  @Test
  void promptCarriesContextSnippetsBeforeTheCode() throws Exception {
    server.enqueue(ScriptedReply.tokens("todos;").build());
    engineFor("deepseek-coder:6.7b-base").newCall(CompletionRequest.builder().prefix("return this.").suffix("\n")
        .filePath("app.js").addContext(new dev.coclone.source.ContextSnippet("todo.js", "class Todo {}", 1, "test"))
        .build()).execute();
    String prompt = takeGenerate().field("prompt");
    assertTrue(prompt.indexOf("// Path: todo.js\nclass Todo {}") < prompt.indexOf("return this."), prompt);
  }

  @Test
  void requestsRecordedInOrder() throws Exception {
    server.enqueue(ScriptedReply.tokens("1;").build());
    engineFor("deepseek-coder:6.7b-base").newCall(CompletionRequest.builder().prefix("a = ").build()).execute();
    List<String> paths = new CopyOnWriteArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(Duration.ofMillis(200))) != null) {
      paths.add(r.method() + " " + r.path());
    }
    assertEquals(List.of("POST /api/show", "POST /api/generate"), paths);
  }

  @Test
  void alternativesAreFurtherGenerateRequestsWithTheirOwnSeedsAndRepeatsDropped() throws Exception {
    server.enqueue(ScriptedReply.tokens("    return a + b;", "\n}").build());
    server.enqueue(ScriptedReply.tokens("    return a + b;", "\n}").build());
    server.enqueue(ScriptedReply.tokens("    return b + a;", "\n}").build());
    Completion c = engineFor("deepseek-coder:6.7b-base").newCall(blockRequest().newBuilder().n(3).build()).execute();
    assertEquals(java.util.List.of("    return a + b;", "    return b + a;"), c.alternatives());
    assertTrue(!takeGenerate().field("options").contains("seed"), "the first answer is the model's own choice");
    assertTrue(takeGenerate().field("options").contains("\"seed\":1"));
    assertTrue(takeGenerate().field("options").contains("\"seed\":2"));
  }
}
