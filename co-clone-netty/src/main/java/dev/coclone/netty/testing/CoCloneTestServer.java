package dev.coclone.netty.testing;

import dev.coclone.completion.CompletionCache;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.model.ModelBackend;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.testing.ScriptedBackend;
import java.security.SecureRandom;

/**
 * A full Co-Clone server for tests, started in-process on a free loopback port with a model you
 * script: everything standard mode serves (completion API, compatible endpoints, tokens, pages),
 * HTTP/1.1 and h2c on one port.
 *
 * <pre>{@code
 * try (CoCloneTestServer server = CoCloneTestServer.start()) {
 *   server.backend().enqueue(ScriptedReply.tokens("return a + b;").build());
 *   // POST server.url() + "/v1/complete" with "Authorization: Bearer " + server.token()
 * }
 * }</pre>
 */
public final class CoCloneTestServer implements AutoCloseable {
  private final ScriptedBackend scripted;
  private final CompletionEngine engine;
  private final StandardServer server;
  private final String apiKey;

  private CoCloneTestServer(ModelBackend backend, ScriptedBackend scripted) throws InterruptedException {
    this.scripted = scripted;
    this.engine = CompletionEngine.builder().backend(backend).cache(new CompletionCache(64)).build();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.apiKey = "test-key-" + Long.toHexString(System.nanoTime());
    this.server = StandardServer.builder().engine(engine).apiKey(apiKey).signingSecret(secret).port(0).build()
        .start();
  }

  /**
   * Starts a server whose model is a new {@link ScriptedBackend}.
   *
   * @return the running server
   * @throws InterruptedException if interrupted while binding
   */
  public static CoCloneTestServer start() throws InterruptedException {
    ScriptedBackend b = new ScriptedBackend();
    return new CoCloneTestServer(b, b);
  }

  /**
   * Starts a server over any backend (an {@code OllamaBackend} pointed at a {@code MockModelServer},
   * an embedded engine, ...).
   *
   * @param backend the model backend
   * @return the running server
   * @throws InterruptedException if interrupted while binding
   */
  public static CoCloneTestServer start(ModelBackend backend) throws InterruptedException {
    return new CoCloneTestServer(backend, backend instanceof ScriptedBackend s ? s : null);
  }

  /** The scripted model, to enqueue replies and verify requests and cancellations. */
  public ScriptedBackend backend() {
    if (scripted == null) {
      throw new IllegalStateException("this server was started with another backend; use start() for a scripted one");
    }
    return scripted;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:43123}. */
  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  /** A valid token for {@code Authorization: Bearer}. */
  public String token() {
    return server.issueToken();
  }

  /** The API key that {@code POST /v1/token} accepts. */
  public String apiKey() {
    return apiKey;
  }

  /** Stops the server and the engine. */
  @Override
  public void close() {
    server.close();
    engine.close();
  }

}
