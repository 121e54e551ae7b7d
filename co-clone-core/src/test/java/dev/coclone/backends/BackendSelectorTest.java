package dev.coclone.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.testing.MockModelServer;
import dev.coclone.testing.ScriptedBackend;
import java.io.IOException;
import dev.coclone.testing.RefusedPort;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {
  @Test
  void autoPicksOllamaWhenItHasTheModel() throws IOException {
    try (MockModelServer ollama = MockModelServer.start()) {
      BackendSelector.Choice c = new BackendSelector(ollama.url(), "http://127.0.0.1:1", null,
          "deepseek-coder:6.7b-base", ScriptedBackend::new).select("auto");
      assertEquals("ollama", c.backend().id());
      assertTrue(c.explanation().contains("deepseek-coder:6.7b-base"), c.explanation());
      c.backend().close();
    }
  }

  @Test
  void autoFallsBackToTheEmbeddedEngineAndSaysWhy() throws IOException {
    try (MockModelServer ollama = MockModelServer.start()) {
      BackendSelector.Choice c = new BackendSelector(ollama.url(), "http://127.0.0.1:1", null, "starcoder2:3b",
          ScriptedBackend::new).select("auto");
      assertEquals("scripted", c.backend().id());
      assertTrue(c.explanation().contains("ollama pull starcoder2:3b"), c.explanation());
    }
  }

  @Test
  void autoFallsBackWhenOllamaIsDown() throws IOException {
    try (RefusedPort down = RefusedPort.open()) {
      BackendSelector.Choice c = new BackendSelector(down.url(), "http://127.0.0.1:1", null,
          "deepseek-coder:6.7b", ScriptedBackend::new).select("auto");
      assertEquals("scripted", c.backend().id());
      assertTrue(c.explanation().contains("ollama serve"), c.explanation());
      assertTrue(c.explanation().startsWith("using the embedded engine (no model server needed); Ollama is not used: "),
          "a fallback, not an error: " + c.explanation());
    }
  }

  @Test
  void severalOllamaUrlsAreOneBalancedBackendThatSkipsTheOneDown() throws IOException {
    try (RefusedPort down = RefusedPort.open(); MockModelServer ollama = MockModelServer.start()) {
      BackendSelector.Choice c = new BackendSelector(java.util.List.of(down.url(), ollama.url()),
          java.util.List.of("http://127.0.0.1:1"), null, "deepseek-coder:6.7b-base", ScriptedBackend::new)
          .select("ollama");
      assertTrue(c.backend() instanceof BalancedBackend, c.backend().getClass().getName());
      assertEquals("ollama", c.backend().id());
      assertTrue(c.explanation().startsWith("using 1 of 2 model servers ready"), c.explanation());
      c.backend().close();
    }
  }

  @Test
  void unknownKindIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new BackendSelector("http://a", "http://b", null, "m",
        ScriptedBackend::new).select("gpu"));
  }
}
