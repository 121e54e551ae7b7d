package dev.coclone.netty;

import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.proxy.RegionalProxy;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.nio.charset.StandardCharsets;

/**
 * A completion service with a scripted model that answers {@code x}, and a regional proxy in front
 * of it, on free ports: the two servers whose HTTP/2 edges the transport tests attack alike.
 */
public final class ServiceAndProxy implements AutoCloseable {
  /** The token signing secret both share. */
  public static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  private final CompletionEngine engine;
  private final StandardServer server;
  private final RegionalProxy proxy;

  private ServiceAndProxy(boolean tls) throws Exception {
    ScriptedBackend backend = new ScriptedBackend("m");
    backend.setFallback(ScriptedReply.tokens("x").build());
    engine = CompletionEngine.builder().backend(backend).cache(null).build();
    StandardServer.Builder s = StandardServer.builder().engine(engine).apiKey("k").signingSecret(SECRET).port(0);
    server = (tls ? s.tls(CoCloneServer.selfSignedTls()) : s).build().start();
    RegionalProxy.Builder p = RegionalProxy.builder().upstream("127.0.0.1", server.port()).signingSecret(SECRET)
        .port(0);
    proxy = (tls ? p.tls(CoCloneServer.selfSignedTls()) : p).build().start();
  }

  /**
   * Starts both.
   *
   * @param tls true for TLS (a self-signed certificate) besides h2c and HTTP/1.1 on the same ports
   * @return the running pair
   * @throws Exception if either cannot start
   */
  public static ServiceAndProxy start(boolean tls) throws Exception {
    return new ServiceAndProxy(tls);
  }

  /** The service. */
  public StandardServer server() {
    return server;
  }

  /** The proxy. */
  public RegionalProxy proxy() {
    return proxy;
  }

  /** The service's port and the proxy's. */
  public int[] ports() {
    return new int[] {server.port(), proxy.port()};
  }

  @Override
  public void close() {
    proxy.close();
    server.close();
    engine.close();
  }
}
