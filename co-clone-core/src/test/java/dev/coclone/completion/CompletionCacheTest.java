package dev.coclone.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompletionCacheTest {
  private static CompletionRequest at(String prefix, String suffix) {
    return CompletionRequest.builder().prefix(prefix).suffix(suffix).filePath("a.js").build();
  }

  @Test
  void sameContextAnswersFromCache() {
    CompletionCache cache = new CompletionCache(8);
    cache.put("s", at("const x = ", "\n"), "compute();");
    assertEquals(Optional.of("compute();"), cache.get("s", at("const x = ", "\n")));
    assertEquals(1, cache.stats().hits());
  }

  @Test
  void typingThroughServesTheRestOfTheSuggestion() {
    CompletionCache cache = new CompletionCache(8);
    cache.put("s", at("const x = ", "\n"), "compute();");
    assertEquals(Optional.of("pute();"), cache.get("s", at("const x = com", "\n")));
    assertEquals(1, cache.stats().typingThroughHits());
  }

  @Test
  void typingSomethingElseMisses() {
    CompletionCache cache = new CompletionCache(8);
    cache.put("s", at("const x = ", "\n"), "compute();");
    assertTrue(cache.get("s", at("const x = cal", "\n")).isEmpty());
    assertTrue(cache.get("s", at("const x = ", "// other\n")).isEmpty());
    assertTrue(cache.get("other-model", at("const x = ", "\n")).isEmpty());
  }

  @Test
  void typingTheWholeSuggestionMisses() {
    CompletionCache cache = new CompletionCache(8);
    cache.put("s", at("x = ", "\n"), "1;");
    assertTrue(cache.get("s", at("x = 1;", "\n")).isEmpty());
  }

  @Test
  void typingThroughWorksWithLongPrefixes() {
    CompletionCache cache = new CompletionCache(8);
    String longPrefix = "// filler line\n".repeat(600) + "return ";
    cache.put("s", at(longPrefix, "\n}"), "items.length;");
    assertEquals(Optional.of("length;"), cache.get("s", at(longPrefix + "items.", "\n}")));
  }

  @Test
  void evictsLeastRecentlyUsed() {
    CompletionCache cache = new CompletionCache(2);
    cache.put("s", at("a", ""), "1");
    cache.put("s", at("b", ""), "2");
    cache.get("s", at("a", ""));
    cache.put("s", at("c", ""), "3");
    assertEquals(2, cache.stats().size());
    assertEquals(Optional.of("1"), cache.get("s", at("a", "")));
  }

  @Test
  void rejectsZeroSize() {
    assertThrows(IllegalArgumentException.class, () -> new CompletionCache(0));
  }

  @Test
  void everythingThatChangesTheAnswerIsInTheKey() {
    CompletionCache cache = new CompletionCache(8);
    CompletionRequest base = at("const x = ", "\n");
    cache.put("s", base.newBuilder().maxTokens(3).build(), "co");
    assertTrue(cache.get("s", base.newBuilder().maxTokens(1000).build()).isEmpty(), "a 3-token answer for 1000");
    cache.put("s", base.newBuilder().maxTokens(1000).build(), "compute(a, b, c) + more();");
    assertEquals(Optional.of("co"), cache.get("s", base.newBuilder().maxTokens(3).build()),
        "a 3-token request gets the 3-token answer, not the 1000-token one");
    assertTrue(cache.get("s", base.newBuilder().addStop(";").build()).isEmpty(), "stop");
    assertTrue(cache.get("s", base.newBuilder().temperature(0.9).build()).isEmpty(), "temperature");
    assertTrue(cache.get("s", base.newBuilder().n(2).build()).isEmpty(), "n");
    assertTrue(cache.get("s", base.newBuilder().mode(dev.coclone.source.CompletionMode.MULTI_LINE).build()).isEmpty(),
        "mode");
    assertTrue(cache.get("s", base.newBuilder().maxTokens(3).prefix("const x = com").build()).isEmpty(),
        "typing through the 1000-token answer needs a 1000-token request");
  }
}
