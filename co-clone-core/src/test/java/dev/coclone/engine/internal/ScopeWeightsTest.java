package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScopeWeightsTest {
  private static ScopeWeights at(String language, String prefix, String suffix) {
    return new ScopeWeights(language, CursorScopes.at(language, prefix, suffix));
  }

  @Test
  void aJavaNameInScopeIsRaisedMoreThanAPythonOneButNotToBeAssignedToItself() {
    ScopeWeights java = at("java", "class A {\n  int f(int count) {\n    int x = count;\n    return ", ";\n  }\n}\n");
    ScopeWeights python = at("python", "def f(count):\n    x = count\n    return ", "\n");
    assertEquals(3.5, java.factor("count", "return", ";", false, false), 1e-9);
    assertEquals(2.5, python.factor("count", "return", "x", false, false), 1e-9);
    // After a dot (a name's member named like a local), half as much.
    assertEquals(1.75, java.factor("count", ".", "other", false, false), 1e-9);
    // count = count assigns the name to itself.
    assertEquals(1, java.factor("count", "=", "count", false, false), 1e-9);
    assertEquals(3.5, java.factor("count", "=", "x", false, false), 1e-9);
  }
}
