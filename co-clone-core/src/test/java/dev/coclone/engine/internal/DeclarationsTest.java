package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.source.CodeLexer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Declarations read from tokens by shape, and the receiver types read from a context. */
class DeclarationsTest {
  private final Vocabulary vocab = new Vocabulary();

  /** The ids of code, without the line-break marker after its last line. */
  private int[] ids(String code) {
    int[] all = new CodeLexer("java").lex(code).stream().mapToInt(t -> vocab.id(t.text())).toArray();
    int n = all.length;
    while (n > 0 && Vocabulary.isLayoutId(all[n - 1])) {
      n--;
    }
    return Arrays.copyOf(all, n);
  }

  private int id(String text) {
    return vocab.lookup(text);
  }

  private Declarations read(String code) {
    int[] forward = ids(code);
    int[] reversed = new int[forward.length];
    for (int i = 0; i < forward.length; i++) {
      reversed[i] = forward[forward.length - 1 - i];
    }
    java.util.BitSet java = new java.util.BitSet();
    java.set(0);
    return Declarations.read(reversed, vocab, new int[] {0}, java);
  }

  private boolean has(int[] members, String name) {
    return Arrays.binarySearch(members, id(name)) >= 0;
  }

  @Test
  void membersAreFieldsMethodsConstantsAndComponentsButNotParametersOrLocals() {
    Declarations d = read("""
        class Shop extends Base implements Named {
          private final java.util.Map<String, Item> items = null, spare;
          @Override public boolean open(int hours, String why) throws IOException, Closed { int local = 1; return true; }
          static <T> List<T> all() { return null; }
          class Inner { }
        }
        class Base { int size; }
        interface Named { String name(); }
        enum Color { RED, GREEN { }, BLUE }
        record Point(int x, Item y) { }
        """);
    int[] shop = d.members(id("Shop"));
    for (String m : new String[] {"items", "spare", "open", "all", "Inner", "size", "name"}) {
      assertTrue(has(shop, m), m + " is a member of Shop or of a supertype");
    }
    for (String m : new String[] {"hours", "why", "local", "Override", "IOException", "Closed", "String"}) {
      assertFalse(has(shop, m), m + " is not a member");
    }
    int[] color = d.members(id("Color"));
    assertTrue(has(color, "RED") && has(color, "GREEN") && has(color, "BLUE"));
    assertTrue(has(d.members(id("Point")), "x") && has(d.members(id("Point")), "y"));
    assertEquals(id("Map"), d.memberType(id("Shop"), id("items")));
    assertEquals(id("List"), d.memberType(id("Shop"), id("all")));
    assertEquals(id("String"), d.memberType(id("Shop"), id("name")), "through the interface");
    assertEquals(-1, d.memberType(id("Shop"), id("open")), "a primitive has no members");
    assertEquals(0, d.members(id("Unknown")).length);
    assertTrue(d.complete(id("Shop")), "Shop's supertypes are all declared");
  }

  @Test
  void aTypeNameReachesStaticMembersNestedTypesConstantsAndInterfaceFieldsOnly() {
    Declarations d = read("""
        class Calc extends Base {
          private final double rate, spare;
          static final int SCALE = 2, DIGITS;
          public Calc(double rate) { this.rate = rate; }
          public double total(double net) { return net * rate; }
          @SuppressWarnings("x") public static String format(double amount) { return null; }
          static class Parts { }
          enum Mode { FAST, SLOW(2) { }, EXACT }
        }
        class Base { static Base of() { return null; } int size; }
        interface Limits { int MAX = 3; int max(); static Limits none() { return null; } }
        """);
    int[] calc = d.staticMembers(id("Calc"));
    for (String m : new String[] {"SCALE", "DIGITS", "format", "Parts", "Mode", "of"}) {
      assertTrue(has(calc, m), m + " is reached by Calc.");
    }
    for (String m : new String[] {"rate", "spare", "total", "size"}) {
      assertFalse(has(calc, m), m + " is an instance member");
      assertTrue(has(d.members(id("Calc")), m), m + " is still a member");
    }
    int[] mode = d.staticMembers(id("Mode"));
    assertTrue(has(mode, "FAST") && has(mode, "SLOW") && has(mode, "EXACT"), "enum constants");
    int[] limits = d.staticMembers(id("Limits"));
    assertTrue(has(limits, "MAX") && has(limits, "none"), "an interface's fields and static methods");
    assertFalse(has(limits, "max"), "an interface's abstract method");
  }

  @Test
  void afterATypeNameTheReceiverIsTheTypeItself() {
    Declarations d = read("class Calc { static String format() { return null; } double total() { return this.rate; } }");
    int[] typeName = ids("void go() { Calc.");
    int[] local = ids("void go(Calc calc) { calc.");
    int[] qualified = ids("void go() { shop.Calc.");
    assertTrue(ReceiverTypes.afterTypeName(d, typeName, typeName.length));
    assertFalse(ReceiverTypes.afterTypeName(d, local, local.length));
    assertFalse(ReceiverTypes.afterTypeName(d, qualified, qualified.length), "a qualified name is read as a chain");
    assertEquals(id("Calc"), ReceiverTypes.beforeDot(d, local, local.length));
  }

  @Test
  void aTypeWithASupertypeTheCorpusLacksIsNotComplete() {
    Declarations d = read("class Panel extends Widget { int width; }\nclass Widget2 { }\n");
    assertTrue(has(d.members(id("Panel")), "width"));
    assertFalse(d.complete(id("Panel")), "Widget is not declared: Panel may have members not seen");
    assertTrue(d.complete(id("Widget2")));
  }

  @Test
  void theReceiverTypeComesFromDeclarationsClassNamesConstructorsAndChains() {
    Declarations d = read("""
        class Cart { Owner owner; Owner owner() { return new Owner(); } }
        class Owner { String name; int count = 0; void clear() { this.name = null; } }
        """);
    assertEquals(id("Cart"), ReceiverTypes.beforeDot(d, ids("void f(Cart c) { c."), ids("void f(Cart c) { c.").length));
    int[] ctx = ids("Cart c = make(); int n = 1; c.owner.");
    assertEquals(id("Owner"), ReceiverTypes.beforeDot(d, ctx, ctx.length));
    ctx = ids("var c = new Cart(); c.owner().");
    assertEquals(id("Owner"), ReceiverTypes.beforeDot(d, ctx, ctx.length));
    ctx = ids("new Cart().");
    assertEquals(id("Cart"), ReceiverTypes.beforeDot(d, ctx, ctx.length));
    ctx = ids("Cart.");
    assertEquals(id("Cart"), ReceiverTypes.beforeDot(d, ctx, ctx.length), "a class name, for its static members");
    ctx = ids("int c = 1; c.");
    assertEquals(-1, ReceiverTypes.beforeDot(d, ctx, ctx.length), "a primitive");
    ctx = ids("unknown.");
    assertEquals(-1, ReceiverTypes.beforeDot(d, ctx, ctx.length));
    ctx = ids("Cart c = make(); c");
    assertEquals(-1, ReceiverTypes.beforeDot(d, ctx, ctx.length), "not after a dot");
  }
}
