package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.testing.ScriptedBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A standard server over a scripted model with a small engine (2 running calls, none queued). */
final class ServiceFixture implements AutoCloseable {
  final ObjectMapper json = new ObjectMapper();
  final ScriptedBackend backend = new ScriptedBackend("scripted-model");
  final CompletionEngine engine = CompletionEngine.builder().backend(backend).cache(null).maxRequests(2)
      .maxQueuedRequests(0).build();
  final StandardServer server;
  final String token;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  ServiceFixture() throws InterruptedException {
    server = StandardServer.builder().engine(engine).apiKey("key-1")
        .signingSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)).port(0).build().start();
    token = server.issueToken();
  }

  HttpRequest.Builder request(String path, String auth) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(10));
    if (auth != null) {
      b.header("Authorization", "Bearer " + auth);
    }
    return b;
  }

  CompletableFuture<HttpResponse<String>> postAsync(String path, String auth, String body) {
    return http.sendAsync(request(path, auth).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String auth, String body) throws Exception {
    return postAsync(path, auth, body).get();
  }

  HttpResponse<String> get(String path) throws Exception {
    return get(path, token);
  }

  HttpResponse<String> get(String path, String auth) throws Exception {
    return http.send(request(path, auth).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode read(String text) throws Exception {
    return json.readTree(text);
  }

  @Override
  public void close() {
    server.close();
    engine.close();
  }
}
