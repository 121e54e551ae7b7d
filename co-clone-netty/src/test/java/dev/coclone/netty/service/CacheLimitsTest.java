package dev.coclone.netty.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.netty.testing.CoCloneTestServer;
import dev.coclone.testing.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache answers only requests that would get the same answer: the two cases, a
 * 3-token answer not given to a 1000-token request and a 1000-token answer not to a 3-token one.
 */
class CacheLimitsTest {
  private static final String PREFIX = "class A {\\n";
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private CoCloneTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = CoCloneTestServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode openAi(int maxTokens) throws Exception {
    String body = "{\"model\":\"scripted\",\"prompt\":\"" + PREFIX + "\",\"max_tokens\":" + maxTokens + "}";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/completions"))
        .header("Authorization", "Bearer " + server.token()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return json.readTree(r.body()).at("/choices/0");
  }

  private JsonNode complete(int maxTokens) throws Exception {
    String body = "{\"prefix\":\"" + PREFIX + "\",\"max_tokens\":" + maxTokens + "}";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/complete"))
        .header("Authorization", "Bearer " + server.token()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return json.readTree(r.body());
  }

  private static ScriptedReply shortReply() {
    return ScriptedReply.tokens("  constructor", "()", " {").doneReasonLength().build();
  }

  private static ScriptedReply longReply() {
    return ScriptedReply.tokens("  constructor() {", " this.items = [];", " this.size = 0;", " }").build();
  }

  @Test
  void aThreeTokenAnswerIsNotGivenToAThousandTokenRequest() throws Exception {
    server.backend().enqueue(shortReply());
    JsonNode first = openAi(3);
    assertEquals("length", first.path("finish_reason").asText(), first.toString());
    server.backend().enqueue(longReply());
    JsonNode second = openAi(1000);
    assertEquals("  constructor() { this.items = []; this.size = 0; }", second.path("text").asText(), second.toString());
    assertNotNull(server.backend().takeRequest(Duration.ofSeconds(1)));
    assertEquals(1000, server.backend().takeRequest(Duration.ofSeconds(1)).maxTokens(), "asked the model again");
  }

  @Test
  void aThousandTokenAnswerIsNotGivenToAThreeTokenRequest() throws Exception {
    server.backend().enqueue(longReply());
    JsonNode first = complete(1000);
    assertEquals("stop", first.path("finish_reason").asText(), first.toString());
    server.backend().enqueue(shortReply());
    JsonNode second = complete(3);
    assertNotEquals("cached", second.path("finish_reason").asText(), second.toString());
    assertEquals("  constructor() {", second.path("text").asText(), second.toString());
    JsonNode again = complete(3);
    assertEquals("cached", again.path("finish_reason").asText(), "the same request is still cached: " + again);
    assertEquals("  constructor() {", again.path("text").asText());
  }
}
