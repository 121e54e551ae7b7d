package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeReaderTest {
  @Test
  void javaScriptParametersOfAnotherMethodAreOutOfScope() {
    Scope s = CursorScopes.at("javascript", "class L {\n  remove(id) {\n    return id;\n  }\n  filter(completed) {\n    return ",
        "\n  }\n}\n", 4);
    assertTrue(s.inScope().contains("completed"));
    assertTrue(s.outOfScope("id"));
    assertFalse(s.outOfScope("completed"));
    assertTrue(s.unused().contains("completed"));
  }

  @Test
  void javaFieldsAndParametersAreInScopeAndAnotherMethodsAreNot() {
    Scope s = CursorScopes.at("java", "class A {\n  private int total;\n  int f(int a, int b) {\n    return a;\n  }\n"
        + "  int g(int c) {\n    return ", ";\n  }\n}\n", 4);
    assertTrue(s.inScope().containsAll(List.of("total", "c", "f", "g")), s.inScope().toString());
    assertTrue(s.outOfScope("a"));
    assertTrue(s.outOfScope("neverDeclared"), "a class that inherits nothing shows every name it has");
    assertTrue(s.definitions().contains("method f/2"), s.definitions().toString());
  }

  @Test
  void javaClassThatExtendsMayUseNamesItDoesNotShow() {
    Scope s = CursorScopes.at("java", "class A extends B {\n  int g(int c) {\n    return ", ";\n  }\n}\n", 4);
    assertFalse(s.outOfScope("inherited"));
    assertFalse(s.notAMember("inherited"));
  }

  @Test
  void javaHeadersThatBreakLinesDeclareTheirParameters() {
    Scope s = CursorScopes.at("java", "class A {\n  A(String encName, boolean strict)\n      throws IOException {\n  }\n"
        + "  void f(int seg)\n  {\n    int other;\n    byte buf[] = new byte[4];\n    return ", ";\n  }\n}\n", 4);
    assertTrue(s.inScope().containsAll(List.of("seg", "buf", "other")), s.inScope().toString());
    assertTrue(s.outOfScope("encName"), "a parameter of another constructor");
    Scope c = CursorScopes.at("java", "class A {\n  A(String encName,\n      boolean strict)\n      throws IOException {\n    ",
        "\n  }\n}\n", 4);
    assertTrue(c.inScope().containsAll(List.of("encName", "strict")), c.inScope().toString());
  }

  @Test
  void javaMethodsWithoutABodyAreTheClasss() {
    Scope s = CursorScopes.at("java", "class A {\n  static {\n    ", "\n  }\n  private static native void initIDs();\n"
        + "  abstract List<String> names(int n);\n}\n", 4);
    assertTrue(s.inScope().containsAll(List.of("initIDs", "names")), s.inScope().toString());
    assertTrue(s.outOfScope("n"));
  }

  @Test
  void javaNamesHandedToSuperAndTheFilesSuperclassAreInherited() {
    Scope s = CursorScopes.at("java", "class B {\n  final boolean be;\n}\nclass A extends B {\n  A(int offset, int cap) {\n"
        + "    super(cap,\n        offset);\n  }\n  int g(int c) {\n    return ", ";\n  }\n}\n", 4);
    assertFalse(s.outOfScope("offset"), "super(offset) makes a field of the superclass");
    assertFalse(s.outOfScope("be"), "a field of the superclass in the same file");
    assertTrue(s.inScope().contains("be"));
    Scope other = CursorScopes.at("java", "class B {\n  final boolean be;\n}\nclass A extends C {\n  int g(int c) {\n    return ",
        ";\n  }\n}\n", 4);
    assertTrue(other.outOfScope("be"), "B is not A's superclass");
  }

  @Test
  void pythonScopesFollowIndentation() {
    Scope s = CursorScopes.at("python", "import os\nfrom collections import Counter as C\n\nclass K:\n    def __init__(self, n):\n"
        + "        self.n = n\n\ndef other(x):\n    y = x\n    return y\n\ndef f(items, key=None):\n    total = 0\n    ",
        "\n", 4);
    assertTrue(s.inScope().containsAll(List.of("os", "C", "K", "items", "key", "total", "f", "other")),
        s.inScope().toString());
    assertTrue(s.outOfScope("x"));
    assertTrue(s.outOfScope("y"));
    assertTrue(s.definitions().contains("def other"));
    assertTrue(s.allMembers().contains("n"));
  }
}
