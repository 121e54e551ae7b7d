package dev.coclone.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.source.SourceFile;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JavaSignatureTrackerTest {
  static final String CART = """
      package shop;

      public class Cart {
        private int total;

        public Cart(String owner) {
          this(owner, 0);
        }

        public Cart(String owner, int start) {
          total = start;
        }

        /** Adds an item. */
        public int add(String item, int quantity) {
          total += quantity;
          return total;
        }

        public int add(String item) {
          return add(item, 1);
        }
      }
      """;
  static final String GIFT_CART = """
      package shop;

      public class GiftCart extends Cart {
        public GiftCart() {
          super("gift");
        }

        @Override
        public int add(String item, int quantity) {
          return super.add(item, quantity * 2);
        }
      }
      """;
  static final String CHECKOUT = """
      package shop;

      import java.util.List;
      import java.util.function.BiFunction;

      public class Checkout {
        int run(List<String> items) {
          Cart cart = new Cart("ann");
          GiftCart gift = new GiftCart();
          int n = 0;
          for (String i : items) {
            n += cart.add(i, 2);
            n += cart.add(cart.add(i, 1) > 3 ? "big" : "small",
                4);
            n += gift.add(i, 3);
          }
          BiFunction<String, Integer, Integer> f = cart::add;
          Other other = new Other();
          return n + other.add("x", 1) + f.apply("y", 1);
        }
      }

      class Other {
        int add(String item, int quantity) {
          return quantity;
        }
      }
      """;

  SignatureTracker tracker;
  Map<String, String> texts;

  @BeforeEach
  void setUp() {
    tracker = new SignatureTracker();
    texts = new LinkedHashMap<>();
    texts.put("src/shop/Cart.java", CART);
    texts.put("src/shop/GiftCart.java", GIFT_CART);
    texts.put("src/shop/Checkout.java", CHECKOUT);
    texts.forEach((p, t) -> tracker.changed(SourceFile.of(p, t)));
    assertEquals(List.of(), compile(texts), "the fixture compiles");
  }

  private static String cartWith(String newAdd) {
    return CART.replace("public int add(String item, int quantity) {", newAdd);
  }

  @Test
  void scanListsEveryMethodAndConstructor() {
    List<String> cart = tracker.signatures().get("src/shop/Cart.java").stream().map(FunctionSignature::text)
        .collect(Collectors.toList());
    assertEquals(List.of("public Cart(String owner)", "public Cart(String owner, int start)",
        "public int add(String item, int quantity)", "public int add(String item)"), cart);
    FunctionSignature add = tracker.signatures().get("src/shop/Cart.java").get(2);
    assertEquals("Cart.add(String,int)", add.key());
    assertEquals(15, add.line());
  }

  @Test
  void addedParameterFindsExactlyTheCallsOfThatOverloadAndEditsCompile() {
    Detection d = tracker.detect(SourceFile.of("src/shop/Cart.java",
        cartWith("public int add(String item, int quantity, boolean gift) {")));
    assertNull(d.problem());
    assertEquals(1, d.reports().size());
    ChangeReport r = d.reports().get(0);
    assertEquals(List.of(ChangeKind.PARAMETER_ADDED), r.change().kinds());
    assertTrue(r.change().breaksCallers());
    List<String> sites = r.dependents().stream().map(x -> x.path().replace("src/shop/", "") + ":" + x.line() + " "
        + x.kind()).collect(Collectors.toList());
    assertEquals(List.of("Cart.java:21 CALL", "Checkout.java:12 CALL", "Checkout.java:13 CALL",
        "Checkout.java:13 CALL", "Checkout.java:15 CALL", "Checkout.java:17 METHOD_REFERENCE",
        "GiftCart.java:9 OVERRIDE", "GiftCart.java:10 SUPER_CALL"), sites);
    // other.add("x", 1) is a different method with the same name and arity: not a dependent.
    assertTrue(r.dependents().stream().noneMatch(x -> x.text().contains("other.add")));
    assertTrue(r.dependents().stream().allMatch(x -> x.confidence() == 1.0));
    Map<String, String> edited = applyAll(r, Map.of("src/shop/Cart.java",
        cartWith("public int add(String item, int quantity, boolean gift) {")));
    assertTrue(edited.get("src/shop/Checkout.java").contains("cart.add(i, 2, /* TODO: gift */ false)"));
    assertTrue(edited.get("src/shop/Checkout.java").contains(
        "cart.add(cart.add(i, 1, /* TODO: gift */ false) > 3 ? \"big\" : \"small\",\n          4,\n          /* TODO: gift */ false)"),
        edited.get("src/shop/Checkout.java"));
    assertTrue(edited.get("src/shop/GiftCart.java").contains(
        "@Override\n  public int add(String item, int quantity, boolean gift) {"), edited.get("src/shop/GiftCart.java"));
    // The method reference cannot be fixed by an edit: it is reported without one, and is the only error left.
    List<String> errors = compile(edited);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("src/shop/Checkout.java:18: incompatible types: invalid method reference"), errors.toString());
  }

  @Test
  void renameEditsCallsReferencesAndOverridesAndCompiles() {
    String newCart = cartWith("public int put(String item, int quantity) {");
    ChangeReport r = tracker.detect(SourceFile.of("src/shop/Cart.java", newCart)).reports().get(0);
    assertEquals(List.of(ChangeKind.RENAMED), r.change().kinds());
    Map<String, String> edited = applyAll(r, Map.of("src/shop/Cart.java", newCart));
    assertTrue(edited.get("src/shop/Checkout.java").contains("BiFunction<String, Integer, Integer> f = cart::put;"));
    assertTrue(edited.get("src/shop/GiftCart.java").contains("return super.put(item, quantity * 2);"));
    assertTrue(edited.get("src/shop/Checkout.java").contains("other.add(\"x\", 1)"));
    assertEquals(List.of(), compile(edited));
  }

  @Test
  void reorderAndRemoveKeepArgumentTexts() {
    String reordered = cartWith("public int add(int quantity, String item) {");
    ChangeReport r = tracker.detect(SourceFile.of("src/shop/Cart.java", reordered)).reports().get(0);
    assertEquals(List.of(ChangeKind.PARAMETERS_REORDERED), r.change().kinds());
    Map<String, String> edited = applyAll(r, Map.of("src/shop/Cart.java", reordered));
    assertTrue(edited.get("src/shop/Checkout.java").contains("cart.add(2, i)"));
    assertTrue(edited.get("src/shop/GiftCart.java").contains("super.add(quantity * 2, item)"));
    // The nested call's edit overlaps the outer one: it is left for a second pass, and says so.
    Dependent inner = r.dependents().stream().filter(x -> x.line() == 13 && x.column() == 26).findFirst().orElseThrow();
    assertNull(inner.edit());
    assertTrue(inner.reason().contains("overlaps"), inner.reason());
    assertEquals(List.of("src/shop/Checkout.java:14", "src/shop/Checkout.java:17"), compile(edited).stream()
        .map(e -> e.substring(0, e.indexOf(": "))).distinct().collect(Collectors.toList()));

    String removed = cartWith("public int add(int quantity) {");
    ChangeReport r2 = tracker.detect(SourceFile.of("src/shop/Cart.java", removed)).reports().get(0);
    assertEquals(List.of(ChangeKind.PARAMETER_REMOVED), r2.change().kinds());
    Map<String, String> edited2 = applyAll(r2, Map.of("src/shop/Cart.java", removed));
    assertTrue(edited2.get("src/shop/Checkout.java").contains("n += gift.add(3);"), edited2.get("src/shop/Checkout.java"));
    assertTrue(edited2.get("src/shop/GiftCart.java").contains("public int add(int quantity) {"));
    assertTrue(edited2.get("src/shop/Cart.java").contains("return add(1);"), edited2.get("src/shop/Cart.java"));
  }

  @Test
  void constructorChangeFindsNewThisAndSuper() {
    String newCart = CART.replace("public Cart(String owner) {", "public Cart(String owner, boolean vip) {");
    ChangeReport r = tracker.detect(SourceFile.of("src/shop/Cart.java", newCart)).reports().get(0);
    List<String> sites = r.dependents().stream().map(x -> x.path().replace("src/shop/", "") + ":" + x.line()
        + " " + x.kind()).collect(Collectors.toList());
    assertEquals(List.of("Checkout.java:8 CONSTRUCTOR_CALL", "GiftCart.java:5 CONSTRUCTOR_CALL"), sites);
    assertEquals(List.of(), compile(applyAll(r, Map.of("src/shop/Cart.java", newCart))));
  }

  @Test
  void noArgumentConstructorChangeFindsImplicitSuperCallsAndFixesThem() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("src/zoo/Animal.java", """
        package zoo;

        public class Animal {
          protected String name = "?";

          public Animal() {
          }

          public Animal(String name) {
            this.name = name;
          }
        }
        """);
    // Implicit super() in a constructor, in an empty constructor, and in a default constructor;
    // this(...) and an explicit super("...") do not call Animal().
    files.put("src/zoo/Cat.java", """
        package zoo;

        class Cat extends Animal {
            private int lives;

            Cat() {
                lives = 9;
            }

            Cat(int lives, boolean ignored) {}

            Cat(String name) {
                super(name);
                lives = 1;
            }

            Cat(int lives) {
                this();
            }
        }
        """);
    files.put("src/zoo/Dog.java", """
        package zoo;

        public class Dog extends Animal {
          void bark() {
          }
        }
        """);
    files.put("src/zoo/Bird.java", "package zoo;\n\nfinal class Bird extends Animal {\n}\n");
    // Another class called Animal: its subclasses are not dependents.
    files.put("src/other/Animal.java", "package other;\n\npublic class Animal {\n  public Animal() {}\n}\n");
    files.put("src/other/Fish.java", "package other;\n\nclass Fish extends Animal {\n  Fish() {}\n}\n");
    tracker = new SignatureTracker();
    texts = files;
    files.forEach((p, t) -> tracker.changed(SourceFile.of(p, t)));
    assertEquals(List.of(), compile(files), "the fixture compiles");

    String newAnimal = files.get("src/zoo/Animal.java").replace("public Animal() {", "public Animal(int legs) {");
    ChangeReport r = tracker.detect(SourceFile.of("src/zoo/Animal.java", newAnimal)).reports().get(0);
    List<String> sites = r.dependents().stream().map(x -> x.path().replace("src/", "") + ":" + x.line() + " "
        + x.kind() + " " + x.breaks() + " " + x.confidence()).collect(Collectors.toList());
    assertEquals(List.of("zoo/Bird.java:3 CONSTRUCTOR_CALL true 1.0", "zoo/Cat.java:6 CONSTRUCTOR_CALL true 1.0",
        "zoo/Cat.java:10 CONSTRUCTOR_CALL true 1.0", "zoo/Dog.java:3 CONSTRUCTOR_CALL true 1.0"), sites);
    Dependent dog = r.dependents().get(3);
    assertTrue(dog.reason().contains("declares no constructor"), dog.reason());
    assertEquals("class Dog extends Animal", dog.text());

    Map<String, String> edited = applyAll(r, Map.of("src/zoo/Animal.java", newAnimal));
    assertEquals(List.of(), compile(edited), String.join("\n---\n", edited.values()));
    assertTrue(edited.get("src/zoo/Cat.java").contains("""
            Cat() {
                super(/* TODO: legs */ 0);
                lives = 9;
            }

            Cat(int lives, boolean ignored) {
                super(/* TODO: legs */ 0);
            }
        """), edited.get("src/zoo/Cat.java"));
    assertTrue(edited.get("src/zoo/Dog.java").contains("""
        public class Dog extends Animal {
          public Dog() {
            super(/* TODO: legs */ 0);
          }

          void bark() {
        """), edited.get("src/zoo/Dog.java"));

    assertEquals("package zoo;\n\nfinal class Bird extends Animal {\n    Bird() {\n        super(/* TODO: legs */ 0);"
        + "\n    }\n}\n", edited.get("src/zoo/Bird.java"));

    // A change that keeps Animal() callable with no arguments breaks nothing implicit.
    String varargs = files.get("src/zoo/Animal.java").replace("public Animal() {", "public Animal(int... legs) {");
    ChangeReport same = tracker.detect(SourceFile.of("src/zoo/Animal.java", varargs)).reports().get(0);
    assertTrue(same.dependents().stream().noneMatch(x -> x.path().startsWith("src/zoo/")), same.dependents()
        .toString());
  }

  @Test
  void typeChangeIsReportedWithoutEditsForTheModel() {
    String newCart = cartWith("public int add(String item, long quantity) {");
    ChangeReport r = tracker.detect(SourceFile.of("src/shop/Cart.java", newCart)).reports().get(0);
    assertEquals(List.of(ChangeKind.PARAMETER_TYPE_CHANGED), r.change().kinds());
    assertFalse(r.change().mechanical());
    assertFalse(r.dependents().isEmpty());
    assertTrue(r.dependents().stream().allMatch(x -> x.edit() == null));
    assertTrue(r.fileEdits().isEmpty());
  }

  @Test
  void halfEditedFileReportsWhereAndKeepsLastGoodVersion() {
    String broken = cartWith("public int add(String item, int quantity, {");
    Detection d = tracker.detect(SourceFile.of("src/shop/Cart.java", broken));
    assertNotNull(d.problem());
    assertEquals(15, d.problem().line());
    assertTrue(d.reports().isEmpty());
    tracker.changed(SourceFile.of("src/shop/Cart.java", broken));
    assertEquals(15, tracker.problem("src/shop/Cart.java").orElseThrow().line());
    assertEquals(4, tracker.signatures().get("src/shop/Cart.java").size(), "the last good version is kept");
    assertTrue(tracker.pending().isEmpty());
  }

  @Test
  void pendingChangeShrinksAsEditsAreAppliedThenIsAccepted() throws Exception {
    String newCart = cartWith("public int put(String item, int quantity) {");
    tracker.changed(SourceFile.of("src/shop/Cart.java", newCart));
    List<ChangeReport> pending = tracker.pending();
    assertEquals(1, pending.size());
    int before = pending.get(0).dependents().size();
    FileEdit checkout = pending.get(0).fileEdits().stream().filter(f -> f.path().endsWith("Checkout.java"))
        .findFirst().orElseThrow();
    String newCheckout = FileEdits.apply(CHECKOUT, checkout);
    assertThrows(StaleEditException.class, () -> FileEdits.apply(newCheckout, checkout), "applied twice");
    tracker.changed(SourceFile.of("src/shop/Checkout.java", newCheckout));
    List<ChangeReport> after = tracker.pending();
    assertEquals(1, after.size());
    assertTrue(after.get(0).dependents().size() < before);
    assertTrue(after.get(0).dependents().stream().noneMatch(x -> x.path().endsWith("Checkout.java")));
    String id = after.get(0).id();
    assertTrue(tracker.dismiss(id));
    assertTrue(tracker.pending().isEmpty());
    assertEquals("put", tracker.signatures().get("src/shop/Cart.java").get(2).name());
  }

  @Test
  void pastedFunctionIsComparedWithTheWorkspace() {
    Detection d = tracker.detectFunction("java", "public int add(String item, int quantity, double price) {\n"
        + "  return 0;\n}");
    assertNull(d.problem());
    assertEquals(1, d.reports().size());
    assertTrue(d.reports().get(0).change().is(ChangeKind.PARAMETER_ADDED));
    assertTrue(d.reports().get(0).fileEdits().stream().anyMatch(f -> f.diff().contains("+      n += cart.add(i, 2, /* TODO: price */ 0.0);")),
        d.reports().get(0).fileEdits().toString());
    Detection unknown = tracker.detectFunction("java", "void nothing() {}");
    assertTrue(unknown.problem().message().contains("no java function named nothing"));
  }

  @Test
  void deletedThenMovedFunctionIsReportedAsMovedWithItsCallers() {
    SignatureTracker t = new SignatureTracker();
    t.changed(SourceFile.of("src/a/Util.java", "package a;\npublic class Util {\n  public static int twice(int x) {\n"
        + "    return 2 * x;\n  }\n}\n"));
    t.changed(SourceFile.of("src/a/More.java", "package a;\npublic class More {\n}\n"));
    t.changed(SourceFile.of("src/a/Main.java", "package a;\nclass Main {\n  int run() {\n    return Util.twice(3);\n"
        + "  }\n}\n"));
    t.changed(SourceFile.of("src/a/Util.java", "package a;\npublic class Util {\n}\n"));
    List<ChangeReport> deleted = t.pending();
    assertEquals(1, deleted.size());
    assertEquals(List.of(ChangeKind.DELETED), deleted.get(0).change().kinds());
    assertEquals("src/a/Main.java:4", deleted.get(0).dependents().get(0).path() + ":"
        + deleted.get(0).dependents().get(0).line());
    t.changed(SourceFile.of("src/a/More.java", "package a;\npublic class More {\n  public static int twice(int x) {\n"
        + "    return x + x;\n  }\n}\n"));
    ChangeReport moved = t.pending().get(0);
    assertEquals(List.of(ChangeKind.MOVED), moved.change().kinds());
    assertEquals("src/a/More.java", moved.change().after().path());
    assertTrue(moved.change().summary().contains("moved to More in src/a/More.java"), moved.change().summary());
    assertEquals(1, moved.dependents().size());
    assertNull(moved.dependents().get(0).edit(), "a move is left to the model or the user");
  }

  @Test
  void functionalInterfaceChangeFindsLambdasAndMethodReferencesAndEditsLambdas() {
    Map<String, String> src = new LinkedHashMap<>();
    src.put("src/f/Handler.java", "package f;\n@FunctionalInterface\npublic interface Handler {\n"
        + "  void handle(String event);\n  default Handler twice() {\n    return e -> { handle(e); handle(e); };\n  }\n}\n");
    src.put("src/f/Bus.java", "package f;\nimport java.util.ArrayList;\nimport java.util.List;\npublic class Bus {\n"
        + "  private final List<Handler> handlers = new ArrayList<>();\n"
        + "  public void on(Handler h) {\n    handlers.add(h);\n  }\n"
        + "  void wire(List<String> log) {\n    on(e -> log.add(e));\n    on((String e) -> System.out.println(e));\n"
        + "    on(log::add);\n    Handler h = e -> { };\n    log.forEach(e -> log.add(e));\n  }\n}\n");
    SignatureTracker t = new SignatureTracker();
    src.forEach((p, x) -> t.changed(SourceFile.of(p, x)));
    assertEquals(List.of(), compile(src));
    String changed = src.get("src/f/Handler.java").replace("void handle(String event);",
        "void handle(String event, int attempt);");
    ChangeReport r = t.detect(SourceFile.of("src/f/Handler.java", changed)).reports().get(0);
    List<String> sites = r.dependents().stream().filter(d -> d.path().endsWith("Bus.java"))
        .map(d -> d.line() + " " + d.kind()).collect(Collectors.toList());
    // log.forEach(e -> ...) targets java.util.function.Consumer, not Handler: not a dependent.
    assertEquals(List.of("10 LAMBDA", "11 LAMBDA", "12 METHOD_REFERENCE", "13 LAMBDA"), sites);
    Map<String, String> edited = new LinkedHashMap<>(src);
    edited.put("src/f/Handler.java", changed);
    for (FileEdit fe : r.fileEdits()) {
      try {
        edited.put(fe.path(), FileEdits.apply(edited.get(fe.path()), fe));
      } catch (StaleEditException e) {
        throw new AssertionError(e);
      }
    }
    assertTrue(edited.get("src/f/Bus.java").contains("on((e, attempt) -> log.add(e));"), edited.get("src/f/Bus.java"));
    assertTrue(edited.get("src/f/Bus.java").contains("on((String e, int attempt) -> System.out.println(e));"));
    List<String> errors = compile(edited);
    // Left: the method reference (no edit can add a parameter to List.add) and Handler's own
    // default method, whose lambda the edit fixes but whose handle(e) calls need the new argument.
    assertTrue(errors.stream().anyMatch(e -> e.startsWith("src/f/Bus.java:12")), errors.toString());
    assertTrue(errors.stream().noneMatch(e -> e.startsWith("src/f/Bus.java:10") || e.startsWith("src/f/Bus.java:11")
        || e.startsWith("src/f/Bus.java:13")), errors.toString());
  }

  @Test
  void callsAlreadyUpdatedInTheEditedFileAreNotReportedAgain() {
    String newCart = cartWith("public int add(String item, int quantity, boolean gift) {");
    ChangeReport first = tracker.detect(SourceFile.of("src/shop/Cart.java", newCart)).reports().get(0);
    assertTrue(first.dependents().stream().anyMatch(d -> d.path().endsWith("Cart.java") && d.line() == 21));
    String fixed = newCart.replace("return add(item, 1);", "return add(item, 1, false);");
    ChangeReport again = tracker.detect(SourceFile.of("src/shop/Cart.java", fixed)).reports().get(0);
    assertTrue(again.dependents().stream().noneMatch(d -> d.path().endsWith("Cart.java") && d.kind() == DependentKind.CALL),
        again.dependents().toString());
    assertEquals(first.dependents().size() - 1, again.dependents().size());
  }

  @Test
  void callsOnReceiversOfOtherTypesAreNotDependents() {
    SignatureTracker t = new SignatureTracker();
    t.changed(SourceFile.of("src/b/Text.java", "package b;\npublic class Text {\n  public Text append(String s) {\n"
        + "    return this;\n  }\n}\n"));
    t.changed(SourceFile.of("src/b/Use.java", "package b;\nclass Use {\n  String run(Text text) {\n"
        + "    StringBuilder sb = new StringBuilder();\n    sb.append(\"a\").append(\"b\");\n"
        + "    text.append(\"c\");\n    new Text().append(\"d\").append(\"e\");\n    return sb.toString();\n  }\n}\n"));
    ChangeReport r = t.detect(SourceFile.of("src/b/Text.java", "package b;\npublic class Text {\n"
        + "  public Text append(String s, boolean newline) {\n    return this;\n  }\n}\n")).reports().get(0);
    assertEquals(List.of("6 text.append(\"c\")", "7 new Text().append(\"d\")", "7 new Text().append(\"d\").append(\"e\")"),
        r.dependents().stream().map(d -> d.line() + " " + d.text()).collect(Collectors.toList()));
  }

  /** Applies every file edit of a report on top of the given new texts. */
  private Map<String, String> applyAll(ChangeReport r, Map<String, String> newTexts) {
    Map<String, String> out = new LinkedHashMap<>(texts);
    out.putAll(newTexts);
    for (FileEdit fe : r.fileEdits()) {
      try {
        out.put(fe.path(), FileEdits.apply(out.get(fe.path()), fe));
      } catch (StaleEditException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  /** Compiles the sources in memory; returns "path:line: message" per error. */
  static List<String> compile(Map<String, String> sources) {
    return compile(sources, List.of());
  }

  /** Compiles the sources in memory with extra javac options; returns "path:line: message" per error. */
  static List<String> compile(Map<String, String> sources, List<String> options) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach((path, text) -> units.add(new SimpleJavaFileObject(URI.create("string:///" + path),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignore) {
        return text;
      }
    }));
    List<String> errors = new ArrayList<>();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    javac.getTask(new OutputStreamWriter(sink, StandardCharsets.UTF_8), null, d -> {
      if (d.getKind() == javax.tools.Diagnostic.Kind.ERROR) {
        errors.add(d.getSource().toUri().getPath().substring(1) + ":" + d.getLineNumber() + ": "
            + d.getMessage(null));
      }
    }, concat(List.of("-proc:none", "-d", System.getProperty("java.io.tmpdir") + "/coclone-javac-test"), options),
        null, units).call();
    return errors;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
