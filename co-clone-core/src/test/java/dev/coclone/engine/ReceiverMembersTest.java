package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.Cancellation;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** After {@code x.}, the members of x's declared type (learned from the corpus) lead. */
class ReceiverMembersTest {
  /**
   * Six files call {@code close()} on what they hold and two {@code checkout()}; one declares
   * {@code Cart} (whose {@code owner()} returns an {@code Owner}), one {@code Owner}, which extends
   * {@code Person}.
   */
  private static EmbeddedEngine engine() {
    return engine(".java");
  }

  private static EmbeddedEngine engine(String extension) {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      files.add(SourceFile.of("use/U" + i + extension, "class U" + i + " { void run() { item.close(); } }\n"));
    }
    for (int i = 0; i < 2; i++) {
      files.add(SourceFile.of("buy/B" + i + extension, "class B" + i + " { void run() { order.checkout(); } }\n"));
    }
    files.add(SourceFile.of("shop/Cart" + extension,
        "class Cart { private int total = 0; Owner owner() { return new Owner(); } void checkout() { } }\n"));
    files.add(SourceFile.of("shop/Owner" + extension, "class Owner extends Person { void greet() { } }\n"));
    files.add(SourceFile.of("shop/Person" + extension, "class Person { String name; }\n"));
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    return engine;
  }

  private static int rankOf(EmbeddedEngine engine, String code, String expected) {
    NextTokenModel model = engine.nextTokenModel(false);
    String text = code + expected + "();\n";
    int[] ids = model.tokenize(SourceFile.of("app/App.java", text));
    int expectedId = engine.state().corpus().vocab().lookup(expected);
    for (int at = ids.length - 1; at > 0; at--) {
      if (ids[at] == expectedId) {
        return model.rank(ids, at, 10);
      }
    }
    throw new AssertionError(expected + " not in " + text);
  }

  @Test
  void aMemberOfTheLocalsDeclaredTypeOutranksAMoreFrequentNonMember() {
    EmbeddedEngine engine = engine();
    assertEquals(1, rankOf(engine, "class App { void go() { Cart cart = make(); cart.", "checkout"));
    assertEquals(2, rankOf(engine, "class App { void go() { Cart cart = make(); cart.", "close"));
  }

  @Test
  void theCompletionAfterADeclaredReceiverCallsAMemberOfItsType() {
    EmbeddedEngine engine = engine();
    StringBuilder typed = new StringBuilder();
    engine.complete("class App {\n  void go() {\n    Cart cart = make();\n    cart.", "\n  }\n}\n", "java",
        "app/App.java", CompletionMode.SINGLE_LINE, 20, p -> typed.append(p) != null, new Cancellation());
    StringBuilder untyped = new StringBuilder();
    engine.complete("class App {\n  void go(Basket cart) {\n    cart.", "\n  }\n}\n", "java",
        "app/App.java", CompletionMode.SINGLE_LINE, 20, p -> untyped.append(p) != null, new Cancellation());
    assertTrue(typed.toString().startsWith("checkout"), "after a Cart: " + typed);
    assertTrue(!untyped.toString().startsWith("checkout"), "after a Basket the corpus knows nothing of: " + untyped);
  }

  @Test
  void afterAClassNameItsStaticMethodIsSuggestedNotAnInstanceMethod() {
    List<SourceFile> files = new ArrayList<>();
    files.add(SourceFile.of("shop/PriceCalculator.java", """
        package shop;
        public class PriceCalculator {
          private final double taxRate;
          public PriceCalculator(double taxRate) { this.taxRate = taxRate; }
          public double total(double net, int quantity) { return net * quantity * (1 + taxRate); }
          public static String format(double amount) { return String.format("%.2f", amount); }
        }
        """));
    files.add(SourceFile.of("shop/Checkout.java", """
        package shop;
        public class Checkout {
          private final PriceCalculator calculator = new PriceCalculator(0.2);
          public double bulk(double price, int count) { return calculator.total(price, count); }
          public double one(double price) { return calculator.total(price, 1); }
        }
        """));
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    StringBuilder onClass = new StringBuilder();
    engine.complete("package shop;\nclass Invoice {\n  String show(double amount) {\n    return PriceCalculator.",
        "\n  }\n}\n", "java", "shop/Invoice.java", CompletionMode.SINGLE_LINE, 20,
        p -> onClass.append(p) != null, new Cancellation());
    assertTrue(onClass.toString().startsWith("format"), "PriceCalculator. reaches format, not total: " + onClass);
    NextTokenModel model = engine.nextTokenModel(false);
    int[] ids = model.tokenize(SourceFile.of("shop/Invoice.java",
        "class Invoice { PriceCalculator c; double line(double p) { return c.total(p, 1); } }\n"));
    int total = engine.state().corpus().vocab().lookup("total");
    int at = ids.length - 1;
    while (ids[at] != total) {
      at--;
    }
    assertEquals(1, model.rank(ids, at, 10), "an instance still reaches total");
  }

  @Test
  void declarationsAreReadFromJavaFilesOnly() {
    EmbeddedEngine engine = engine(".ts");
    assertEquals(2, rankOf(engine, "class App { void go() { Cart cart = make(); cart.", "checkout"));
  }

  @Test
  void withoutAKnownTypeTheMoreFrequentNameStillLeads() {
    EmbeddedEngine engine = engine();
    assertEquals(1, rankOf(engine, "class App { void go(Basket cart) { cart.", "close"));
    assertEquals(2, rankOf(engine, "class App { void go(Basket cart) { cart.", "checkout"));
  }

  @Test
  void aMethodsReturnTypeAndItsSupertypeGiveTheMembersOfAChain() {
    EmbeddedEngine engine = engine();
    String chain = "class App { void go(Cart cart) { cart.owner().";
    int greet = rankOf(engine, chain, "greet");
    int name = rankOf(engine, chain, "name");
    int close = rankOf(engine, chain, "close");
    assertTrue(greet > 0 && name > 0 && (close == 0 || close > greet && close > name),
        "greet " + greet + ", name " + name + ", close " + close);
  }
}
