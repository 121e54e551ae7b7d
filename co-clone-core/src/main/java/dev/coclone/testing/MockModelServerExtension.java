package dev.coclone.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives each test a fresh {@link MockModelServer} or
 * {@link ScriptedBackend} as a parameter and closes it afterwards.
 *
 * <pre>{@code
 * @ExtendWith(MockModelServerExtension.class)
 * class MyTest {
 *   @Test void completes(MockModelServer server) { ... }
 * }
 * }</pre>
 */
public final class MockModelServerExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MockModelServerExtension.class);

  /** Creates the extension (JUnit does this). */
  public MockModelServerExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    return type == MockModelServer.class || type == ScriptedBackend.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    return e.getStore(NS).getOrComputeIfAbsent(type, t -> {
      if (t == ScriptedBackend.class) {
        return new ScriptedBackend();
      }
      try {
        return MockModelServer.start();
      } catch (java.io.IOException ex) {
        throw new IllegalStateException("could not start the mock model server: " + ex.getMessage(), ex);
      }
    });
  }

  @Override
  public void afterEach(ExtensionContext e) throws Exception {
    Object server = e.getStore(NS).remove(MockModelServer.class);
    if (server instanceof MockModelServer s) {
      s.close();
    }
    e.getStore(NS).remove(ScriptedBackend.class);
  }
}
