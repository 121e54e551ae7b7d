package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.Cancellation;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rest of a line: words and literals being typed, and imports of files that do not exist. */
class RestOfLineTest {
  private record Shown(String text, EmbeddedEngine.Generation generation) {}

  private static Shown complete(EmbeddedEngine engine, String path, String language, String prefix, String suffix) {
    StringBuilder out = new StringBuilder();
    EmbeddedEngine.Generation g = engine.complete(prefix, suffix, language, path, CompletionMode.SINGLE_LINE, 40,
        p -> out.append(p) != null, new Cancellation());
    return new Shown(out.toString(), g);
  }

  /** Operators that each import a few helpers from '../util/'; the helpers exist. */
  private static List<SourceFile> operators() {
    List<SourceFile> files = new ArrayList<>();
    String[] names = {"map", "filter", "scan", "take", "skip", "tap"};
    for (String helper : List.of("lift", "noop", "identity")) {
      files.add(SourceFile.of("src/util/" + helper + ".ts", "export function " + helper + "(x: any): any {\n"
          + "  return x;\n}\n"));
    }
    for (String name : names) {
      files.add(SourceFile.of("src/operators/" + name + ".ts", String.join("\n",
          "import { lift } from '../util/lift';",
          "import { noop } from '../util/noop';",
          "",
          "export function " + name + "(value: number): number {",
          "  noop(value);",
          "  return lift(value);",
          "}",
          "")));
    }
    return files;
  }

  @Test
  void insideAStringLiteralTheSuggestionFinishesTheLiteral() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(operators(), IndexProgress.NONE);
    Shown got = complete(engine, "src/operators/edited.ts", "typescript", "import { lift } from '../", "\n");
    assertEquals("util/lift';", got.text());
  }

  @Test
  void aStringLiteralWhoseCloseIsAlreadyTypedIsFinishedUpToIt() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(operators(), IndexProgress.NONE);
    Shown got = complete(engine, "src/operators/edited.ts", "typescript", "import { lift } from '../", "';\n");
    assertEquals("util/lift", got.text());
  }

  @Test
  void aLiteralAmongManyAlikeWithNoneAheadIsNotGuessed() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      StringBuilder text = new StringBuilder();
      for (String key : List.of("alpha", "beta", "gamma", "delta", "omega")) {
        text.append("config.set('key.").append(key).append(i).append("', ").append(i).append(");\n");
      }
      files.add(SourceFile.of("src/conf" + i + ".js", text.toString()));
    }
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    Shown got = complete(engine, "src/edited.js", "javascript", "config.set('key.", "\n");
    assertEquals("", got.text());
    assertEquals(NoSuggestion.UNSURE, got.generation().silence());
  }

  @Test
  void anImportFromAFolderWhereThePathNamesNoFileIsNotShown() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(operators(), IndexProgress.NONE);
    // From src/, '../util/lift' climbs out of the workspace and './util/lift' is what exists.
    Shown fromOperators = complete(engine, "src/operators/edited.ts", "typescript", "import { lift } from ", "\n");
    assertEquals("'../util/lift';", fromOperators.text());
    Shown fromDeeper = complete(engine, "src/operators/deep/edited.ts", "typescript", "import { lift } from ", "\n");
    assertEquals("", fromDeeper.text());
    assertEquals(NoSuggestion.OUT_OF_SCOPE, fromDeeper.generation().silence());
    assertTrue(fromDeeper.generation().reason().contains("it imports ../util/lift, which is no file of the workspace"),
        fromDeeper.generation().reason());
  }

  @Test
  void aKeywordBeingTypedIsFinishedWhereWhatFollowsIsAGuess() {
    List<SourceFile> files = new ArrayList<>();
    String[] types = {"int", "long", "String", "double", "boolean", "char"};
    for (int i = 0; i < 6; i++) {
      StringBuilder text = new StringBuilder("package p;\n\nclass C" + i + " {\n");
      for (int k = 0; k < types.length; k++) {
        text.append("  private ").append(types[(i + k) % types.length]).append(" f").append(k).append(";\n");
      }
      files.add(SourceFile.of("p/C" + i + ".java", text.append("}\n").toString()));
    }
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    Shown got = complete(engine, "p/Edited.java", "java", "package p;\n\nclass Edited {\n  priv", "\n}\n");
    assertEquals("ate", got.text());
  }

  @Test
  void aTopLevelTypesNameIsTheFilesName() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      files.add(SourceFile.of("p/Price" + i + ".java", "package p;\n\npublic class Price" + i + " {\n"
          + "  int amount;\n}\n"));
    }
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    // The corpus names its classes Price0..Price5; this file is PriceCalculator.java.
    Shown got = complete(engine, "p/PriceCalculator.java", "java", "package p;\n\npublic class Pri", "\n");
    assertTrue(got.text().startsWith("ceCalculator"), got.text());
    Shown nested = complete(engine, "p/PriceCalculator.java", "java",
        "package p;\n\npublic class Outer {\n  static class Pri", "\n}\n");
    assertTrue(!nested.text().startsWith("ceCalculator"), nested.text());
  }

  @Test
  void thePackageLineIsTheFilesFolder() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      files.add(SourceFile.of("src/main/java/com/acme/p" + i + "/C.java", "package com.acme.p" + i + ";\n\n"
          + "class C {\n}\n"));
    }
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    String path = "src/main/java/com/acme/shop/Cart.java";
    assertEquals("age com.acme.shop;", complete(engine, path, "java", "/* Cart. */\npack", "\n").text());
    assertEquals("shop;", complete(engine, path, "java", "package com.acme.", "\n").text());
    Shown other = complete(engine, path, "java", "package com.acme.p", "\n");
    assertTrue(!other.text().startsWith("hop"), "the user writes another package: " + other.text());
  }

  @Test
  void aWordTypedInFullIsContinuedAfterIt() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      files.add(SourceFile.of("p/C" + i + ".java", "package p;\n\nimport java.util.ArrayList;\nimport java.util.List;\n\n"
          + "class C" + i + " {\n  private final List<String> items" + i + " = new ArrayList<>();\n}\n"));
    }
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    // "new" is a whole word: what follows it is what the corpus always writes there.
    Shown got = complete(engine, "p/Edited.java", "java",
        "package p;\n\nimport java.util.ArrayList;\nimport java.util.List;\n\nclass Edited {\n"
            + "  private final List<String> names = new", "\n}\n");
    assertTrue(got.text().startsWith(" ArrayList"), got.text());
  }

  @Test
  void aRareNameBeingTypedIsFoundBeyondTheSixteenLikeliestTokens() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      StringBuilder text = new StringBuilder("package p;\n\nclass T" + i + " {\n  void run() {\n");
      for (int k = 0; k < 3; k++) {
        text.append("    Object o").append(k).append(" = new Common").append((i + k) % 20).append("();\n");
      }
      files.add(SourceFile.of("p/T" + i + ".java", text.append("  }\n}\n").toString()));
    }
    files.add(SourceFile.of("p/Z.java", "package p;\n\nclass Z {\n  void run() {\n    Object z = new Zebra();\n  }\n}\n"));
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    Shown got = complete(engine, "p/Edited.java", "java",
        "package p;\n\nclass Edited {\n  void run() {\n    Object mine = new Ze", "\n  }\n}\n");
    assertTrue(got.text().startsWith("bra("), got.text());
  }

  @Test
  void aSuggestionThatWouldCloseTheWrongBracketIsShownUpToWhereItWasRight() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      files.add(SourceFile.of("p/C" + i + ".java", "package p;\n\nclass C" + i + " {\n  void run(int a, int b, int c) {\n"
          + "    int v" + i + " = compute(a, b, c);\n  }\n}\n"));
    }
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    // Whole, ", c);" closes the "(" the user's "[" is still inside; up to "c" it is right.
    Shown got = complete(engine, "p/Edited.java", "java",
        "package p;\n\nclass Edited {\n  void run(int a, int b, int c) {\n    int v = compute([a, b", "\n  }\n}\n");
    assertEquals(", c", got.text());
  }

  /** Readers whose parameters are declared on the line being written. */
  private static List<SourceFile> readers() {
    List<SourceFile> files = new ArrayList<>();
    for (String name : List.of("Alpha", "Beta", "Gamma", "Delta", "Omega")) {
      files.add(SourceFile.of("src/" + name + "Reader.java", String.join("\n",
          "class " + name + "Reader {",
          "  public int read(byte[] b, int off, int len) throws IOException {",
          "    return fill(b, off, len);",
          "  }",
          "}",
          "")));
    }
    return files;
  }

  @Test
  void aParameterBeingDeclaredDoesNotEndTheLineForBeingOutOfScope() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(readers(), IndexProgress.NONE);
    // The scope lowers len and off (declared in no scope around the cursor); nothing else can go there.
    Shown got = complete(engine, "src/EditedReader.java", "java",
        "class EditedReader {\n  public int read(byte[] b, int of", "\n}\n");
    assertEquals("f, int len) throws IOException {", got.text());
  }

  @Test
  void theFilesLinesThatBeginAlikeCarryTheLineOnWhereTheModelIsUnsure() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(readers(), IndexProgress.NONE);
    String prefix = String.join("\n",
        "class Checks {",
        "  void first(Object value) {",
        "    Preconditions.verifyPresent(value, Checks.STRICT_MODE_FOR_EVERY_FIELD, Level.SEVERE);",
        "  }",
        "  void second(Object value) {",
        "    Preconditions.verifyPresent(value, Checks.STRICT_MODE_FOR_EVERY_FIELD, Level.SEVERE);",
        "  }",
        "  void third(Object value) {",
        "    count++;",
        "    Preconditions.ver");
    Shown got = complete(engine, "src/Checks.java", "java", prefix, "\n  }\n}\n");
    assertEquals("ifyPresent(value, Checks.STRICT_MODE_FOR_EVERY_FIELD, Level.SEVERE);", got.text());
    List<EmbeddedEngine.Alternative> alts = engine.alternatives(prefix, "\n  }\n}\n", "java", "src/Checks.java",
        CompletionMode.SINGLE_LINE, 40, 3, new Cancellation());
    assertEquals(got.text(), alts.get(0).text(), "the best alternative is what complete() shows: " + alts);
  }

  @Test
  void aSureBracketBeforeADoubtfulArgumentIsShown() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      StringBuilder text = new StringBuilder("package p;\n\nclass C" + i + " {\n  int find(String text) {\n");
      for (int k = 0; k < 5; k++) {
        text.append("    int at").append(k).append(" = text.indexOf(\"w").append(i).append(k).append("\");\n");
      }
      files.add(SourceFile.of("p/C" + i + ".java", text.append("    return 0;\n  }\n}\n").toString()));
    }
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    // The literal is a guess among thirty; the ( before it is sure, and the line goes on with it.
    Shown got = complete(engine, "p/Edited.java", "java",
        "package p;\n\nclass Edited {\n  int find(String text) {\n    int at = text.indexO", "\n  }\n}\n");
    assertEquals("f(", got.text());
  }

  @Test
  void aNameTheModelHasNoCandidateForIsFinishedFromTheFile() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(readers(), IndexProgress.NONE);
    // No reader ever wrote a name after "+", so nothing the corpus offers extends "remainin": the file's
    // word is taken, and the decoding goes on after it (the statement ends there).
    Shown got = complete(engine, "src/Counter.java", "java",
        "class Counter {\n  int remainingBytes;\n  int next(int step) {\n    return step + remainin",
        "\n  }\n  void reset() {\n    remainingBytes = 0;\n  }\n}\n");
    assertEquals("gBytes;", got.text());
  }

  /** Methods that catch an IOException, most of them as e, one as cause. */
  private static List<SourceFile> catchers() {
    List<SourceFile> files = new ArrayList<>();
    for (String name : List.of("Alpha", "Beta", "Gamma", "Delta", "Omega")) {
      String caught = name.equals("Omega") ? "cause" : "e";
      files.add(SourceFile.of("src/" + name + "Loader.java", String.join("\n",
          "class " + name + "Loader {",
          "  void load() {",
          "    try {",
          "      read();",
          "    } catch (IOException " + caught + ") {",
          "      log(" + caught + ");",
          "    }",
          "  }",
          "}",
          "")));
    }
    return files;
  }

  @Test
  void aNameDeclaredAfterATypeIsNotLoweredForBeingDeclaredInAnotherScope() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(catchers(), IndexProgress.NONE);
    // The first method's catch declares e in a block that does not enclose the cursor, and the enclosing
    // method's parameter cause is not used yet: the scope would lower e to 2 % and raise cause ten times.
    String prefix = String.join("\n",
        "class EditedLoader {",
        "  void first() {",
        "    try {",
        "      read();",
        "    } catch (IOException e) {",
        "      log(e);",
        "    }",
        "  }",
        "  void second(Throwable cause) {",
        "    try {",
        "      write();",
        "    } catch (IOException ");
    Shown got = complete(engine, "src/EditedLoader.java", "java", prefix, "\n  }\n}\n");
    assertEquals("e) {", got.text(), "why: " + got.generation().reason());
  }
}
