package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.coclone.source.CodeLexer;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordCompletionTest {
  private static List<CodeLexer.Tok> lex(String text) {
    return new CodeLexer("java").lex(text);
  }

  @Test
  void theFilesWordThatExtendsWhatIsTypedFinishesIt() {
    List<CodeLexer.Tok> before = lex("class A {\n  int available;\n  void f() {\n    int x = availa");
    List<CodeLexer.Tok> after = lex("\n    available++;\n  }\n}\n");
    assertEquals("ble", WordCompletion.rest("availa", null, before, after));
  }

  @Test
  void theNameBeingTypedIsNotItsOwnCompletionAndAWordTypedInFullGetsNothing() {
    assertEquals("", WordCompletion.rest("availa", null, lex("int x = availa")));
    assertEquals("", WordCompletion.rest("count", null, lex("int count = 1;\nx = count")));
  }

  @Test
  void severalAlikeWordsWithNoneAheadAreAGuess() {
    List<CodeLexer.Tok> file = lex("int total;\nint totalSize;\nint totals;\nx = tot");
    assertEquals("", WordCompletion.rest("tot", null, file));
    List<CodeLexer.Tok> ahead = lex("int total;\nint totalSize;\ntotal = total + 1;\nx = tot");
    assertEquals("al", WordCompletion.rest("tot", null, ahead), "total holds three of four counts");
  }

  @Test
  void whereTheFileHasNoneTheCorpussNamesAreReadByHowOftenItWritesThem() {
    Vocabulary v = new Vocabulary();
    int[] unigram = new int[64];
    unigram[v.id("package")] = 90;
    unigram[v.id("packed")] = 5;
    unigram[v.id("pack")] = 40;
    unigram[v.id("\"pac\"")] = 500; // a literal, not a name
    unigram[v.id("Integer")] = 7;
    Corpus corpus = new Corpus(v, null, unigram, 142, new PairSpacing(), new int[] {0}, java.util.Map.of(), 1);
    CorpusNames names = new CorpusDeclarations(corpus).names();
    assertEquals("kage", WordCompletion.rest("pac", names, lex("pac")));
    assertEquals("ger", WordCompletion.rest("Inte", names, lex("x = Inte")));
    assertEquals("", WordCompletion.rest("zz", names, lex("zz")));
    assertEquals("", WordCompletion.rest("\"pa", names, lex("\"pa")), "a literal is no name");
  }

  @Test
  void theCorpussNamesAreSortedOnceAndKeptBesideItsDeclarations() {
    Vocabulary v = new Vocabulary();
    int[] unigram = new int[64];
    unigram[v.id("package")] = 90;
    Corpus corpus = new Corpus(v, null, unigram, 90, new PairSpacing(), new int[] {0}, java.util.Map.of(), 1);
    CorpusDeclarations declared = new CorpusDeclarations(corpus);
    assertSame(declared.names(), declared.names(), "built once per corpus");
    assertNotSame(declared.names(), new CorpusDeclarations(corpus).names(), "each holder reads its own corpus");
    assertEquals("kage", WordCompletion.rest("pac", declared.names(), lex("pac")));
  }
}
