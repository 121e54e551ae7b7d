package dev.coclone.netty.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.completion.CompletionEngine;
import dev.coclone.model.GenerationRequest;
import dev.coclone.source.SourceFile;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The completion path is warmed up on the workspace's own files before the user's first key. */
class WarmUpTest {
  @Test
  void completesInsideAMiddleLineOfEachFileUpToTwelveFiles() throws Exception {
    ScriptedBackend backend = new ScriptedBackend();
    backend.setFallback(ScriptedReply.tokens("x").build());
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      files.add(SourceFile.of("src/F" + i + ".java", "class F" + i + " {\n  int a = 1;\n  int b = 2;\n}\n"));
    }
    files.add(SourceFile.of("empty.java", ""));
    try (CompletionEngine completions = CompletionEngine.builder().backend(backend).build()) {
      assertEquals(12, CoCloneApp.warmUp(completions, files));
      for (int i = 0; i < 12; i++) {
        GenerationRequest r = backend.takeRequest(Duration.ofSeconds(5));
        assertNotNull(r, "call " + i);
        assertTrue(r.prefix().endsWith("{\n  int "), r.prefix()); // inside the middle line
      }
      assertNull(backend.takeRequest(Duration.ofMillis(50)), "no more than twelve calls");
    }
  }
}
