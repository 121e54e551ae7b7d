package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.coclone.source.CodeLexer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileTypeNameTest {
  /** The tokens before a cursor, as the engine reads them (no line-break marker after the last). */
  private static List<CodeLexer.Tok> lex(String text) {
    List<CodeLexer.Tok> toks = new CodeLexer("java").lex(text);
    int n = toks.size();
    return n > 0 && toks.get(n - 1).text().equals(CodeLexer.NEWLINE) ? toks.subList(0, n - 1) : toks;
  }

  @Test
  void aTopLevelTypesNameIsTheFiles() {
    assertEquals("ArraysSupport", FileTypeName.at("java", "java/util/ArraysSupport.java",
        lex("package java.util;\n\npublic class Arr"), "Arr"));
    assertEquals("JavaAWTAccess", FileTypeName.at("java", "src/JavaAWTAccess.java",
        lex("package p;\n\nimport java.util.List;\n\npublic interface "), ""));
    assertEquals("Kind", FileTypeName.at("java", "Kind.java", lex("enum K"), "K"));
  }

  @Test
  void aNestedTypeOrATypeDeclaredAlreadyIsLeftToTheModel() {
    assertNull(FileTypeName.at("java", "p/Outer.java", lex("package p;\n\nclass Outer {\n  static class Ou"), "Ou"),
        "inside a brace");
    assertNull(FileTypeName.at("java", "p/Outer.java",
        lex("package p;\n\nclass Outer {\n}\n\nclass Ou"), "Ou"), "the file's type is declared before");
  }

  @Test
  void onlyAtATypesNameAndOnlyWhereTheFilesNameExtendsWhatIsTyped() {
    assertNull(FileTypeName.at("java", "p/Foo.java", lex("package p;\n\npublic Fo"), "Fo"), "no class keyword");
    assertNull(FileTypeName.at("java", "p/Foo.java", lex("package p;\n\nclass Ba"), "Ba"));
    assertNull(FileTypeName.at("java", "p/Foo.java", lex("package p;\n\nclass Foo"), "Foo"), "typed in full");
    assertNull(FileTypeName.at("java", "p/package-info.java", lex("class "), ""));
    assertNull(FileTypeName.at("python", "p/Foo.py", lex("class Fo"), "Fo"));
  }

  @Test
  void aConstructorsNameRightInsideTheFilesClassIsTheFiles() {
    String path = "sun/nio/cs/UTF_32.java";
    assertEquals("UTF_32", FileTypeName.constructorAt("java", path,
        lex("package sun.nio.cs;\n\npublic class UTF_32 extends Unicode {\n    public UTF_"), "UTF_"));
    assertEquals("UTF_32", FileTypeName.constructorAt("java", path,
        lex("class UTF_32 {\n  int x;\n  UTF_"), "UTF_"), "no modifier");
  }

  @Test
  void elsewhereAConstructorsNameIsLeftToTheModel() {
    String path = "sun/nio/cs/UTF_32.java";
    assertNull(FileTypeName.constructorAt("java", path,
        lex("class UTF_32 {\n  void f() {\n    UTF_"), "UTF_"), "in a method's body");
    assertNull(FileTypeName.constructorAt("java", path,
        lex("class UTF_32 {\n  static class Inner {\n    public UTF_"), "UTF_"), "in a nested class");
    assertNull(FileTypeName.constructorAt("java", path,
        lex("class Other {\n  public UTF_"), "UTF_"), "another class's body");
    assertNull(FileTypeName.constructorAt("java", path,
        lex("class UTF_32 {\n  public static UTF_"), "UTF_"), "static: a method or field of that type");
    assertNull(FileTypeName.constructorAt("java", path,
        lex("class UTF_32 {\n  void f(int a,\n      UTF_"), "UTF_"), "a parameter list going on");
  }
}
