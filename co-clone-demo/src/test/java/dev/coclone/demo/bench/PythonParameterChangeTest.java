package dev.coclone.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.SignatureTracker;
import dev.coclone.source.SourceFile;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PythonParameterChangeTest {
  private static final String FILE = """
      def mac(version: str, arch: int, flag=None):
          if version is None:
              version = 'x'
          return version + str(arch) + str(g(version=version))
      """;

  private static FunctionSignature mac() {
    SignatureTracker t = new SignatureTracker();
    t.changed(SourceFile.of("m.py", FILE));
    return t.signatures().get("m.py").get(0);
  }

  /** The change the seeded choice makes, trying seeds until one gives {@code kind}. */
  private static PythonParameterChange first(PythonParameterChange.Kind kind) {
    return first(kind, "");
  }

  /** The first change of {@code kind} whose description starts with {@code prefix}. */
  private static PythonParameterChange first(PythonParameterChange.Kind kind, String prefix) {
    Random random = new Random(1);
    FunctionSignature mac = mac();
    for (int i = 0; i < 200; i++) {
      PythonParameterChange c = PythonParameterChange.pick(FILE, mac, random);
      if (c.kind() == kind && c.description().startsWith(prefix)) {
        return c;
      }
    }
    throw new AssertionError("200 picks never give " + kind);
  }

  @Test
  void aRequiredParameterGoesBeforeTheFirstWithADefault() {
    assertEquals(FILE.replace("arch: int, flag", "arch: int, co_clone_extra, flag"),
        first(PythonParameterChange.Kind.ADD).text());
  }

  @Test
  void aRenameRenamesAssignmentsAndUsesButNotKeywordsOfOtherCalls() {
    PythonParameterChange c = first(PythonParameterChange.Kind.RENAME, "rename version");
    assertEquals("""
        def mac(version_renamed: str, arch: int, flag=None):
            if version_renamed is None:
                version_renamed = 'x'
            return version_renamed + str(arch) + str(g(version=version_renamed))
        """, c.text());
    assertEquals(FILE.lines().count(), c.text().lines().count());
  }

  @Test
  void onlyParametersTheBodyDoesNotUseAreRemovedAndLinesStay() {
    PythonParameterChange c = first(PythonParameterChange.Kind.REMOVE);
    assertEquals("remove flag", c.description());
    assertEquals(FILE.replace(", flag=None", ""), c.text());
  }

  @Test
  void aSwapTakesTwoAnnotatedPositionalParametersOfDifferentTypes() {
    assertEquals(FILE.replace("version: str, arch: int", "arch: int, version: str"),
        first(PythonParameterChange.Kind.REORDER).text());
  }
}
