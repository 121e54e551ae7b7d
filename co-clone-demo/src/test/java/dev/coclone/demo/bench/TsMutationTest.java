package dev.coclone.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.SignatureTracker;
import dev.coclone.source.SourceFile;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TsMutationTest {
  private static FunctionSignature sig(String path, String text, String name) {
    SignatureTracker t = new SignatureTracker();
    t.changed(SourceFile.of(path, text));
    return t.signatures().get(path).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static TsMutation make(String path, String text, String name, String kind, boolean js) {
    return TsMutation.make(text, sig(path, text, name), kind, new Random(1), js);
  }

  @Test
  void aRequiredParameterGoesBeforeTheFirstOptionalOne() {
    String ts = "export function f<T>(a: T, b?: number, c = 2): void {}\n";
    assertEquals("export function f<T>(a: T, coCloneExtra: number, b?: number, c = 2): void {}\n",
        make("a.ts", ts, "f", "add", false).text());
  }

  @Test
  void aParameterAddedToAListWithOnlyAThisParameterGoesAfterIt() {
    String ts = "class R {\n  get(this: Mixed): number {\n    return 1;\n  }\n}\n";
    assertEquals("class R {\n  get(this: Mixed, coCloneExtra: number): number {\n    return 1;\n  }\n}\n",
        make("a.ts", ts, "get", "add", false).text());
    String empty = "export function e(): void {}\n";
    assertEquals("export function e(coCloneExtra: number): void {}\n", make("b.ts", empty, "e", "add", false).text());
  }

  @Test
  void removingTheOnlyParameterTakesItsTrailingComma() {
    String ts = "class C {\n  m(\n    options: Map<string, number>,\n  ): void {}\n}\n";
    assertEquals("class C {\n  m(\n    \n  ): void {}\n}\n", make("a.ts", ts, "m", "remove", false).text());
  }

  @Test
  void reorderSwapsTwoRequiredParametersOfDifferentTypes() {
    String ts = "export const g = (a: string, b: string, c: (x: number) => void) => a\n";
    String t = make("a.ts", ts, "g", "reorder", false).text();
    assertTrue(t.equals("export const g = (c: (x: number) => void, b: string, a: string) => a\n")
        || t.equals("export const g = (a: string, c: (x: number) => void, b: string) => a\n"), t);
  }

  @Test
  void requireDropsTheQuestionMarkOrTheDefault() {
    String ts = "export function h(a: number, b?: string): void {}\n";
    assertEquals("export function h(a: number, b: string): void {}\n", make("a.ts", ts, "h", "require", false).text());
  }

  @Test
  void javaScriptChangesKeepTheJsDocInStep() {
    String js = "/**\n * @param {number} a\n * @param {string} b\n */\nexport function k (a, b) { return a }\n";
    assertEquals("/**\n * @param {number} a\n * @param {string} b\n * @param {number} coCloneExtra\n */\n"
        + "export function k (a, b, coCloneExtra) { return a }\n", make("a.js", js, "k", "add", true).text());
    TsMutation removed = make("a.js", js, "k", "remove", true);
    assertEquals(js.replace(" * @param {" + (removed.parameter().equals("a") ? "number} a" : "string} b") + "\n", "")
        .replace("(a, b)", removed.parameter().equals("a") ? "(b)" : "(a)"), removed.text());
    assertNull(make("b.js", "export function u (a) { return a }\n", "u", "add", true),
        "an undocumented JavaScript function is not tried: checkJs makes its parameters optional");
  }
}
