package dev.coclone.netty.proxy;

import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.ServerLimits;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.testing.ScriptedBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Several real completion services (standard servers on free ports, each with its own scripted
 * model) behind one real regional proxy, for tests. {@link #kill(int)} stops a service the way a
 * crash does for its clients: the listening socket goes, and its connections close at once with
 * the streams in flight on them.
 */
final class ServiceFleet implements AutoCloseable {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  final List<ScriptedBackend> models = new ArrayList<>();
  final List<CompletionEngine> engines = new ArrayList<>();
  final List<StandardServer> services = new ArrayList<>();
  final RegionalProxy proxy;
  final String token;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * Starts the services and the proxy.
   *
   * @param n      how many services
   * @param proxy  the proxy's builder, without upstreams or secret
   * @throws Exception if something cannot start
   */
  ServiceFleet(int n, RegionalProxy.Builder proxy) throws Exception {
    ServerLimits crash = ServerLimits.defaults().newBuilder().gracefulShutdown(Duration.ZERO).build();
    for (int i = 0; i < n; i++) {
      ScriptedBackend model = new ScriptedBackend("m");
      CompletionEngine engine = CompletionEngine.builder().backend(model).cache(null).maxRequests(128).build();
      models.add(model);
      engines.add(engine);
      services.add(StandardServer.builder().engine(engine).apiKey("k").signingSecret(SECRET).limits(crash).port(0)
          .build().start());
    }
    for (StandardServer s : services) {
      proxy.upstream("127.0.0.1", s.port());
    }
    this.proxy = proxy.signingSecret(SECRET).port(0).build().start();
    this.token = services.get(0).issueToken();
  }

  /** The {@code host:port} of service i, as the proxy names it. */
  String name(int i) {
    return "127.0.0.1:" + services.get(i).port();
  }

  /** Stops service i at once, cutting the streams in flight on its connections. */
  void kill(int i) {
    services.get(i).close();
  }

  /** A POST through the proxy over HTTP/1.1 with the fleet's token. */
  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A GET of the proxy's own path (no token). */
  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    proxy.close();
    services.forEach(StandardServer::close);
    engines.forEach(CompletionEngine::close);
  }
}
