package dev.coclone.netty.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.netty.auth.PluginTokens;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's configured token, as the published clients send it: a long-lived plugin token works
 * on each protocol, and once revoked (by another process, as the {@code token revoke} command is)
 * the running server refuses it with a message the client shows, saying what to do.
 */
class PluginTokenClientsTest {
  private final ObjectMapper json = new ObjectMapper();
  private final ScriptedBackend backend = new ScriptedBackend();
  private CompletionEngine engine;
  private StandardServer server;

  @TempDir
  Path home;

  @BeforeEach
  void start() throws Exception {
    backend.setFallback(ScriptedReply.tokens("return ", "a + b").build());
    engine = CompletionEngine.builder().backend(backend).cache(null).build();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    server = StandardServer.builder().engine(engine).apiKey("api-key").signingSecret(secret)
        .pluginTokens(new PluginTokens(home)).port(0).build().start();
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
  }

  private String url() {
    return "http://127.0.0.1:" + server.port();
  }

  private JsonNode last(String script, String... args) throws Exception {
    NodeClient.Result r = NodeClient.run(script, 60, args);
    assertEquals(0, r.exitCode(), r.stderr());
    List<String> lines = r.lines();
    assertTrue(!lines.isEmpty(), "the script printed nothing: " + r.stderr());
    return json.readTree(lines.get(lines.size() - 1));
  }

  @Test
  void aPluginTokenWorksWithEveryClientUntilRevokedThenTheClientsShowWhatToDo() throws Exception {
    // Created by the 'token create' command: another process writing the same file.
    String token = new PluginTokens(home).create("editor").token();

    JsonNode openai = last("openai-calls.mjs", "complete", url(), token, "scripted");
    assertEquals("return a + b", openai.at("/choices/0/text").asText(), openai.toString());
    JsonNode ollama = last("ollama-calls.mjs", "generate", url(), token, "scripted");
    assertEquals("return a + b", ollama.path("response").asText(), ollama.toString());
    JsonNode llama = last("llama-infill.mjs", url(), token, "whole");
    assertEquals(200, llama.path("status").asInt(), llama.toString());

    assertTrue(new PluginTokens(home).revoke("editor"));

    JsonNode openaiRefused = last("openai-calls.mjs", "complete", url(), token, "scripted");
    assertEquals(401, openaiRefused.path("status").asInt(), openaiRefused.toString());
    assertEquals("token_revoked", openaiRefused.path("code").asText(), openaiRefused.toString());
    assertTrue(openaiRefused.path("error").asText().startsWith("the plugin token 'editor' was revoked"),
        openaiRefused.toString());
    assertTrue(openaiRefused.path("error").asText().contains("token create editor"), openaiRefused.toString());
    JsonNode ollamaRefused = last("ollama-calls.mjs", "generate", url(), token, "scripted");
    assertEquals(401, ollamaRefused.path("status").asInt(), ollamaRefused.toString());
    assertTrue(ollamaRefused.path("error").asText().contains("token create editor"), ollamaRefused.toString());
    JsonNode llamaRefused = last("llama-infill.mjs", url(), token, "whole");
    assertEquals(401, llamaRefused.path("status").asInt(), llamaRefused.toString());
  }

  @Test
  void theApiKeyAsAPluginsTokenSaysToCreateAPluginToken() throws Exception {
    JsonNode e = last("openai-calls.mjs", "complete", url(), "api-key", "scripted");
    assertEquals(401, e.path("status").asInt(), e.toString());
    assertTrue(e.path("error").asText().contains("token create NAME"), e.toString());
  }
}
