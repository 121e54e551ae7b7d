package dev.coclone.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    LaunchOptions o = LaunchOptions.parse();
    assertEquals(5000, o.port());
    assertEquals("auto", o.backend());
    assertEquals("deepseek-coder:6.7b", o.model());
    assertEquals(8000, o.basePort());
    assertEquals("http://localhost:11434", o.ollamaUrl());
  }

  @Test
  void flagsAndSubcommandsParse() {
    LaunchOptions o = LaunchOptions.parse("--port", "6000", "--backend=ollama", "--multi-region", "--base-port", "9000",
        "--model", "qwen2.5-coder:1.5b", "bench", "engine", "--corpus", "x");
    assertEquals(6000, o.port());
    assertEquals("ollama", o.backend());
    assertTrue(o.multiRegion());
    assertEquals(List.of("bench", "engine", "--corpus", "x"), o.command());
  }

  @Test
  void badInputNamesTheFlag() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--port", "http"))
        .getMessage().contains("--port"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--backend", "gpu"))
        .getMessage().contains("auto, embedded, ollama or openai"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--frobnicate"))
        .getMessage().contains("--help"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--ollama-url", "localhost"))
        .getMessage().contains("http://"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--multi-region", "--port",
        "8001")).getMessage().contains("overlaps"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--tls-cert", "a.pem"))
        .getMessage().contains("--tls-key"));
    assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--model"));
  }

  @Test
  void helpListsEveryFlag() {
    String usage = LaunchOptions.usage();
    for (String flag : List.of("--port", "--backend", "--ollama-url", "--openai-url", "--model", "--workspace",
        "--api-key", "--multi-region", "--base-port", "--help", "bench", "--tls-cert")) {
      assertTrue(usage.contains(flag), flag);
    }
  }
}
