package dev.coclone.model.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.CanceledException;
import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionCall;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.completion.CompletionListener;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.model.BackendStatus;
import dev.coclone.model.ModelException;
import dev.coclone.model.PromptStyle;
import dev.coclone.testing.MockModel;
import dev.coclone.testing.MockModelServer;
import dev.coclone.testing.RecordedRequest;
import dev.coclone.testing.ScriptedReply;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleBackendTest {
  private static final String KEY = "sk-test-123";
  private MockModelServer server;
  private CompletionEngine engine;

  @BeforeEach
  void start() throws IOException {
    server = MockModelServer.startWithApiKey(KEY);
    server.setModels(MockModel.base("qwen2.5-coder:1.5b"));
  }

  @AfterEach
  void stop() throws IOException {
    if (engine != null) {
      engine.close();
    }
    server.close();
  }

  private CompletionEngine engine(String key, PromptStyle style) {
    OpenAiCompatibleBackend b = OpenAiCompatibleBackend.builder().baseUrl(server.url() + "/v1").apiKey(key)
        .model("qwen2.5-coder:1.5b").promptStyle(style).idleTimeout(Duration.ofSeconds(2)).build();
    engine = CompletionEngine.builder().backend(b).cache(null).build();
    return engine;
  }

  private static CompletionRequest lineRequest() {
    return CompletionRequest.builder().prefix("total = price * ").suffix("\nprint(total)\n").language("python").build();
  }

  private RecordedRequest takeCompletion() throws InterruptedException {
    RecordedRequest r;
    while ((r = server.takeRequest(Duration.ofSeconds(10))) != null) {
      if (r.path().equals("/v1/completions")) {
        return r;
      }
    }
    throw new AssertionError("no /v1/completions request");
  }

  @Test
  void streamsServerSentEventsWithARawFimPromptAndTheBearerKey() throws Exception {
    server.enqueue(ScriptedReply.tokens("quan", "tity", "\n", "x").build());
    Completion c = engine(KEY, PromptStyle.AUTO).newCall(lineRequest()).execute();
    assertEquals("quantity", c.text());
    RecordedRequest r = takeCompletion();
    assertEquals("Bearer " + KEY, r.header("Authorization"));
    assertEquals("<|fim_prefix|>total = price * <|fim_suffix|>\nprint(total)\n<|fim_middle|>", r.field("prompt"));
    assertEquals("true", r.field("stream"));
    assertTrue(r.field("stop").contains("<|endoftext|>"), r.field("stop"));
  }

  @Test
  void finishedStreamsLeaveTheConnectionForTheNextCall() throws Exception {
    CompletionEngine e = engine(KEY, PromptStyle.AUTO);
    for (int i = 0; i < 5; i++) {
      server.enqueue(ScriptedReply.tokens("n" + i + ";").build());
      assertEquals("n" + i + ";", e.newCall(CompletionRequest.builder().prefix("x = ").suffix("\n").build())
          .execute().text());
    }
    assertEquals(1, server.connectionCount(), "each call read the stream to its end, so the connection was reused");
  }

  @Test
  void suffixFieldStyleSendsTheApisSuffix() throws Exception {
    server.enqueue(ScriptedReply.tokens("quantity").build());
    engine(KEY, PromptStyle.SUFFIX_FIELD).newCall(lineRequest()).execute();
    RecordedRequest r = takeCompletion();
    assertEquals("total = price * ", r.field("prompt"));
    assertEquals("\nprint(total)\n", r.field("suffix"));
  }

  @Test
  void wrongKeyIsUnauthorizedWithAHint() {
    ModelException e = assertThrows(ModelException.class,
        () -> engine("wrong", PromptStyle.AUTO).newCall(lineRequest()).execute());
    assertEquals(ModelException.Kind.UNAUTHORIZED, e.kind());
    assertTrue(e.getMessage().contains("Incorrect API key"), e.getMessage());
  }

  @Test
  void unknownModelNamesTheModelsTheServerHas() {
    OpenAiCompatibleBackend b = OpenAiCompatibleBackend.builder().baseUrl(server.url()).apiKey(KEY)
        .model("gpt-none").build();
    engine = CompletionEngine.builder().backend(b).build();
    ModelException e = assertThrows(ModelException.class, () -> engine.newCall(lineRequest()).execute());
    assertEquals(ModelException.Kind.MODEL_NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("qwen2.5-coder:1.5b"), e.getMessage());
    BackendStatus status = b.probe();
    assertFalse(status.available());
    assertTrue(status.message().contains("qwen2.5-coder:1.5b"), status.message());
  }

  @Test
  void probeFindsTheModel() {
    OpenAiCompatibleBackend b = OpenAiCompatibleBackend.builder().baseUrl(server.url()).apiKey(KEY)
        .model("qwen2.5-coder:1.5b").build();
    assertTrue(b.probe().available());
    b.close();
  }

  @Test
  void errorEventMidStreamFailsTheCall() {
    server.enqueue(ScriptedReply.tokens("a", "b").failAfter(1, ScriptedReply.Ending.ERROR_LINE)
        .errorMessage("context length exceeded").build());
    ModelException e = assertThrows(ModelException.class,
        () -> engine(KEY, PromptStyle.AUTO).newCall(lineRequest()).execute());
    assertEquals(ModelException.Kind.SERVER_ERROR, e.kind());
    assertTrue(e.getMessage().contains("context length exceeded"), e.getMessage());
  }

  @Test
  void malformedEventIsAProtocolError() {
    server.enqueue(ScriptedReply.tokens("a", "b").failAfter(1, ScriptedReply.Ending.MALFORMED_LINE).build());
    ModelException e = assertThrows(ModelException.class,
        () -> engine(KEY, PromptStyle.AUTO).newCall(lineRequest()).execute());
    assertEquals(ModelException.Kind.PROTOCOL, e.kind());
  }

  @Test
  void streamCutBeforeDoneIsAProtocolError() {
    server.enqueue(ScriptedReply.tokens("a", "b").failAfter(1, ScriptedReply.Ending.DISCONNECT).build());
    ModelException e = assertThrows(ModelException.class,
        () -> engine(KEY, PromptStyle.AUTO).newCall(lineRequest()).execute());
    assertEquals(ModelException.Kind.PROTOCOL, e.kind());
  }

  @Test
  void stallTimesOut() {
    server.enqueue(ScriptedReply.tokens("a").failAfter(1, ScriptedReply.Ending.STALL).build());
    ModelException e = assertThrows(ModelException.class,
        () -> engine(KEY, PromptStyle.AUTO).newCall(lineRequest()).execute());
    assertEquals(ModelException.Kind.TIMEOUT, e.kind());
  }

  @Test
  void cancelClosesTheConnectionAndEndsWithCanceled() throws Exception {
    server.enqueue(ScriptedReply.tokens("a").tokenDelay(Duration.ofMillis(50)).endless().build());
    CompletionCall call = engine(KEY, PromptStyle.AUTO).newCall(lineRequest());
    CountDownLatch first = new CountDownLatch(1);
    CompletableFuture<IOException> failure = new CompletableFuture<>();
    call.enqueue(new CompletionListener() {
      @Override
      public void onToken(CompletionCall c, String text) {
        first.countDown();
      }

      @Override
      public void onFailure(CompletionCall c, IOException error) {
        failure.complete(error);
      }

      @Override
      public void onComplete(CompletionCall c, Completion completion) {
        failure.complete(null);
      }
    });
    assertTrue(first.await(10, TimeUnit.SECONDS));
    call.cancel();
    assertNotNull(server.awaitCancellation(Duration.ofSeconds(5)));
    assertTrue(failure.get(5, TimeUnit.SECONDS) instanceof CanceledException);
  }

  @Test
  void alternativesComeFromOneRequestWithTheServersOwnN() throws Exception {
    server.enqueue(ScriptedReply.tokens("quan", "tity", "\n").build());
    server.enqueue(ScriptedReply.tokens("quantity\n").moreChoices("count\n", "amount\n").build());
    Completion c = engine(KEY, PromptStyle.AUTO).newCall(lineRequest().newBuilder().n(3).build()).execute();
    assertEquals(java.util.List.of("quantity", "count", "amount"), c.alternatives());
    assertEquals("true", takeCompletion().field("stream"));
    RecordedRequest more = takeCompletion();
    assertEquals("2", more.field("n"));
    assertEquals("false", more.field("stream"));
    assertEquals("Bearer " + KEY, more.header("Authorization"));
  }
}
