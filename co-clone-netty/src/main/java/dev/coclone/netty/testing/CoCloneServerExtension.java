package dev.coclone.netty.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: injects a started {@link CoCloneTestServer} (scripted model) into test
 * methods and closes it after each test.
 *
 * <pre>{@code
 * @ExtendWith(CoCloneServerExtension.class)
 * class MyClientTest {
 *   @Test void completes(CoCloneTestServer server) { ... }
 * }
 * }</pre>
 */
public final class CoCloneServerExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CoCloneServerExtension.class);

  /** Created by JUnit. */
  public CoCloneServerExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == CoCloneTestServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return e.getStore(NS).getOrComputeIfAbsent(CoCloneTestServer.class, k -> {
      try {
        return CoCloneTestServer.start();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the test server", ex);
      }
    }, CoCloneTestServer.class);
  }

  @Override
  public void afterEach(ExtensionContext e) {
    CoCloneTestServer s = e.getStore(NS).remove(CoCloneTestServer.class, CoCloneTestServer.class);
    if (s != null) {
      s.close();
    }
  }
}
