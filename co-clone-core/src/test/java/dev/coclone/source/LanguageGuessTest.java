package dev.coclone.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LanguageGuessTest {

  @Test
  void aPythonFunctionHeadIsPython() {
    assertEquals("python", LanguageGuess.of("def add(a, b):\n    ", ""));
  }

  @Test
  void aJavaMethodIsJava() {
    assertEquals("java", LanguageGuess.of("public class A {\n  public static void main(String[] args) {\n    System.out.", "\n  }\n}"));
  }

  @Test
  void javascriptWithoutTypesIsJavascript() {
    assertEquals("javascript", LanguageGuess.of("const todos = [];\nfunction add(t) {\n  todos.", "\n}"));
  }

  @Test
  void typedParametersMakeItTypescript() {
    assertEquals("typescript", LanguageGuess.of("export function add(a: number, b: number): number {\n  return ", "\n}"));
  }

  @Test
  void aPathCommentWinsOverTheText() {
    assertEquals("typescript", LanguageGuess.of("// Path: src/app.ts\nconst x = 1;\n", ""));
    assertEquals("python", LanguageGuess.of("<filename>util.py\nx = ", ""));
  }

  @Test
  void aShebangNamesTheInterpreter() {
    assertEquals("python", LanguageGuess.of("#!/usr/bin/env python3\nx = ", ""));
  }

  @Test
  void proseAndTiesStayText() {
    assertEquals("text", LanguageGuess.of("The quick brown fox", ""));
    assertEquals("text", LanguageGuess.of("", ""));
  }
}
