package dev.coclone.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the Python bench tells overload signatures and redeclarations from overrides, for scoring. */
class PythonSignatureBenchTest {
  private static final String FILE = """
      import typing as t

      if WIN:
          def raw():
              return 1
      else:
          def raw():
              return 2


      class Ctx:
          @t.overload
          def get(self, key: int) -> int: ...

          def get(self, key):
              return key


      class Sub(Ctx):
          def get(self, key):
              return key
      """;

  @Test
  void anOverloadSignatureIsTheDeclarationBelowAnOverloadDecorator() {
    assertTrue(PythonSignatureBench.overloadSignature(FILE, 13));
    assertFalse(PythonSignatureBench.overloadSignature(FILE, 15));
  }

  @Test
  void aRedeclarationSitsInTheSameClassOrAtTopLevelThroughIfBlocks() {
    assertTrue(PythonSignatureBench.declares(FILE, 7, "raw"));
    assertFalse(PythonSignatureBench.declares(FILE, 8, "raw"));
    assertEquals("", PythonSignatureBench.enclosingClass(FILE, 4));
    assertEquals("", PythonSignatureBench.enclosingClass(FILE, 7));
    assertEquals("Ctx", PythonSignatureBench.enclosingClass(FILE, 15));
    assertEquals("Sub", PythonSignatureBench.enclosingClass(FILE, 20));
  }
}
