package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.coclone.source.CodeLexer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportLineTest {
  private static final List<String> PATHS = List.of("java.base/java/util/List.java",
      "java.base/java/util/Map.java", "java.base/java/util/HashMap.java", "java.base/java/io/File.java",
      "java.base/java/util/concurrent/Future.java");

  private static List<CodeLexer.Tok> lex(String text) {
    return new CodeLexer("java").lex(text);
  }

  @Test
  void theOneClassOfThePackageUsedAndNotImportedIsTheLines() {
    List<CodeLexer.Tok> before = lex("package p;\n\nimport java.util.List;\nimport java.util.");
    List<CodeLexer.Tok> after = lex("\n\nclass A {\n  List<String> names;\n  Map<String, File> files;\n}\n");
    assertEquals("Map;", ImportLine.rest("java", "import java.util.", PATHS, before, after));
    assertEquals("ap;", ImportLine.rest("java", "import java.util.M", PATHS, lex("import java.util.M"), after));
  }

  @Test
  void noneOrSeveralSuchClassesAreLeftToTheModel() {
    List<CodeLexer.Tok> two = lex("\nclass A {\n  List<String> a;\n  Map<String, String> b;\n}\n");
    assertNull(ImportLine.rest("java", "import java.util.", PATHS, lex("import java.util."), two));
    List<CodeLexer.Tok> imported = lex("\nimport java.util.Map;\nclass A {\n  Map<String, String> b;\n}\n");
    assertNull(ImportLine.rest("java", "import java.util.", PATHS, lex("import java.util."), imported));
    assertNull(ImportLine.rest("java", "import java.util.H", PATHS, lex("import java.util.H"), two),
        "HashMap is not used");
    assertNull(ImportLine.rest("java", "import java.", PATHS, lex("import java."), two), "no class in java/");
    assertNull(ImportLine.rest("java", "import static java.util.", PATHS, lex("import static java.util."), two));
    assertNull(ImportLine.rest("python", "import java.util.", PATHS, lex("import java.util."), two));
  }
}
