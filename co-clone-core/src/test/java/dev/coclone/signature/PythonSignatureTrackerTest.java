package dev.coclone.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.source.SourceFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Python dependents through imports, re-exports, aliases, receiver classes, keywords and defaults. */
class PythonSignatureTrackerTest {

  private static ChangeReport change(Map<String, String> files, String path, String from, String to) {
    SignatureTracker tracker = new SignatureTracker();
    files.forEach((p, t) -> tracker.changed(SourceFile.of(p, t)));
    String changed = files.get(path).replace(from, to);
    assertTrue(!changed.equals(files.get(path)), "the change applies");
    Detection d = tracker.detect(SourceFile.of(path, changed));
    assertEquals(1, d.reports().size(), () -> "one change: " + d);
    return d.reports().get(0);
  }

  private static List<String> sites(ChangeReport r, boolean breaks) {
    return r.dependents().stream().filter(d -> d.breaks() == breaks && d.kind() != DependentKind.REFERENCE
        && d.kind() != DependentKind.OVERRIDE && d.kind() != DependentKind.OVERRIDDEN).map(d -> d.path() + ":" + d.line()).collect(Collectors.toList());
  }

  /** The file's text after every edit of the report for it. */
  private static String edited(ChangeReport r, String path, String text) throws StaleEditException {
    String out = text;
    for (FileEdit fe : r.fileEdits()) {
      if (fe.path().equals(path)) {
        out = FileEdits.apply(text, fe);
      }
    }
    return out;
  }

  @Test
  void reexportsThroughAPackageInitAndModuleAliasesReachTheFunction() throws StaleEditException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("pkg/core.py", "def greet(name):\n    return 'hi ' + name\n");
    files.put("pkg/__init__.py", "from .core import greet\n\n__all__ = ['greet']\n");
    files.put("app.py", """
        import pkg
        import pkg.core as c
        from pkg import greet

        say = c.greet
        greet('a')
        pkg.greet('b')
        c.greet('c')
        say('d')
        """);
    files.put("other.py", "from elsewhere import greet\n\ngreet('e')\n");
    ChangeReport r = change(files, "pkg/core.py", "def greet(name):", "def greet(name, loud):");
    assertEquals(List.of("app.py:6", "app.py:7", "app.py:8", "app.py:9"), sites(r, true));
    assertTrue(r.dependents().stream().noneMatch(d -> d.path().equals("other.py")), "another module's greet");
    assertEquals(files.get("app.py").replace("('a')", "('a', None)").replace("('b')", "('b', None)")
        .replace("('c')", "('c', None)").replace("('d')", "('d', None)"), edited(r, "app.py", files.get("app.py")));
  }

  @Test
  void methodCallsAreJudgedByTheReceiversClassWhereTheFileStatesIt() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("shop.py", """
        from typing import Optional


        class Shop:
            def add(self, item):
                return item

            def refill(self):
                self.add(0)


        class Big(Shop):
            def add(self, item):
                return item

            def more(self):
                self.add(1)


        class Other:
            def add(self, item):
                return item


        def make() -> Shop:
            return Shop()
        """);
    files.put("app.py", """
        from typing import Optional
        from shop import Big, Other, Shop, make


        def stated(shop: Shop, maybe: Optional[Shop], unknown):
            shop.add(1)
            maybe.add(2)
            unknown.add(3)


        def assigned():
            s = Shop()
            s.add(4)
            o = Other()
            o.add(5)
            b = Big()
            b.add(6)
            m = make()
            m.add(7)
            Shop().add(8)
        """);
    ChangeReport r = change(files, "shop.py", "    def add(self, item):\n        return item\n\n    def refill",
        "    def add(self, item, count):\n        return item\n\n    def refill");
    // self in Shop, annotated parameters (Optional too), Shop(), a function annotated -> Shop.
    assertEquals(List.of("app.py:6", "app.py:7", "app.py:13", "app.py:19", "app.py:20", "shop.py:9"), sites(r, true));
    // Reported, not as breaking: an unknown receiver, and calls that bind to Big's override (its
    // edit changes it too). Other's add is another method: not a dependent.
    assertEquals(List.of("app.py:8", "app.py:17", "shop.py:17"), sites(r, false));
    assertTrue(r.dependents().stream().noneMatch(d -> d.path().equals("app.py") && d.line() == 15), "o.add(5)");
    Dependent unknown = r.dependents().stream().filter(d -> d.line() == 8 && d.path().equals("app.py")).findFirst()
        .orElseThrow();
    // Other (and Python's sets) have an add too: no edit for the unknown receiver, see below.
    assertEquals(0.4, unknown.confidence());
  }

  @Test
  void anUnknownReceiversCallGetsAnEditOnlyWhenNoOtherClassOrBuiltInTypeHasTheMethodsName()
      throws StaleEditException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("fmt.py", """
        class Formatter:
            def write(self, text):
                return text

            def indent_by(self, n):
                return n


        class Table:
            def render(self, out):
                return out
        """);
    files.put("use.py", """
        def run(f, stream):
            f.indent_by(2)
            stream.write('x')
        """);
    ChangeReport indent = change(files, "fmt.py", "def indent_by(self, n):", "def indent_by(self, n, deep):");
    Dependent unique = indent.dependents().stream().filter(d -> d.path().equals("use.py")).findFirst().orElseThrow();
    assertEquals(0.5, unique.confidence());
    assertTrue(!unique.breaks());
    assertEquals(files.get("use.py").replace("indent_by(2)", "indent_by(2, None)"),
        edited(indent, "use.py", files.get("use.py")), "no other class has indent_by: its edit is offered");

    ChangeReport write = change(files, "fmt.py", "def write(self, text):", "def write(self, text, end):");
    Dependent shared = write.dependents().stream().filter(d -> d.path().equals("use.py")).findFirst().orElseThrow();
    assertEquals("use.py:3", shared.path() + ":" + shared.line());
    assertEquals(0.4, shared.confidence());
    assertTrue(shared.edit() == null && !shared.breaks(), "files have a write too: no edit, not breaking");
    assertEquals(files.get("use.py"), edited(write, "use.py", files.get("use.py")));
  }

  @Test
  void keywordArgumentsAndDefaultsDecideWhichCallsBreak() throws StaleEditException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("geo.py", "def area(w, h=1):\n    return w * h\n");
    files.put("use.py", """
        from geo import area

        area(2)
        area(2, 3)
        area(2, h=3)
        area(w=2)
        """);
    ChangeReport renamed = change(files, "geo.py", "def area(w, h=1):\n    return w * h",
        "def area(w, height=1):\n    return w * height");
    assertEquals(List.of("use.py:5"), sites(renamed, true), "only the call passing h by keyword");
    assertEquals(files.get("use.py").replace("h=3", "height=3"), edited(renamed, "use.py", files.get("use.py")));

    ChangeReport removed = change(files, "geo.py", "def area(w, h=1):\n    return w * h",
        "def area(w):\n    return w");
    assertEquals(List.of("use.py:4", "use.py:5"), sites(removed, true), "calls relying on the default still work");
    assertEquals(files.get("use.py").replace("area(2, 3)", "area(2)").replace("area(2, h=3)", "area(2)"),
        edited(removed, "use.py", files.get("use.py")));

    ChangeReport defaulted = change(files, "geo.py", "def area(w, h=1):", "def area(w, h=1, scale=1.0):");
    assertEquals(List.of(), sites(defaulted, true), "a new parameter with a default breaks no call");
  }

  @Test
  void aChangedOverrideChangesWithItsFamilyAndCallsThroughTheBaseGetEdits() throws StaleEditException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("nodes.py", """
        class Node:
            def serialize(self):
                raise NotImplementedError


        class Op(Node):
            def serialize(self):
                return 'op'


        class Value(Node):
            def serialize(self):
                return 'value'


        class Quoted(Op):
            def serialize(self):
                return super().serialize()


        class Plain(Value):
            def serialize(self):
                return super().serialize()
        """);
    files.put("use.py", """
        from nodes import Node, Op, Value


        def show(n: Node, o: Op, v: Value):
            return n.serialize() + o.serialize() + v.serialize()
        """);
    ChangeReport r = change(files, "nodes.py", "class Op(Node):\n    def serialize(self):",
        "class Op(Node):\n    def serialize(self, quoted):");
    // Node.serialize, which Op's overrides, is reported (breaking: Op's no longer fits it) and edited
    // with Value's, so the family stays compatible; only the call through Op breaks before the edits.
    Dependent root = r.dependents().stream().filter(d -> d.kind() == DependentKind.OVERRIDDEN).findFirst().orElseThrow();
    assertEquals("nodes.py:2", root.path() + ":" + root.line());
    assertTrue(root.breaks());
    assertEquals(List.of("nodes.py:12", "nodes.py:17", "nodes.py:22"), r.dependents().stream()
        .filter(d -> d.kind() == DependentKind.OVERRIDE).map(d -> d.path() + ":" + d.line()).collect(Collectors.toList()));
    // super().serialize() in Quoted binds to Op's (changed: breaks); in Plain to Value's (edited with it).
    assertEquals(List.of("nodes.py:18", "use.py:5"), sites(r, true));
    assertEquals(List.of("nodes.py:23", "use.py:5", "use.py:5"), sites(r, false));
    String use = edited(r, "use.py", files.get("use.py"));
    assertEquals(files.get("use.py").replace("serialize()", "serialize(None)"), use);
    // The changed file's edits are made for its new text.
    String nodes = edited(r, "nodes.py", files.get("nodes.py").replace("class Op(Node):\n    def serialize(self):",
        "class Op(Node):\n    def serialize(self, quoted):"));
    assertTrue(nodes.contains("class Node:\n    def serialize(self, quoted):"), nodes);
    assertTrue(nodes.contains("class Value(Node):\n    def serialize(self, quoted):"), nodes);
  }

  @Test
  void aRenamedParameterIsRenamedInTheFamilysOtherDeclarationsAndTheirBodies() throws StaleEditException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("types.py", """
        class Base:
            def convert(self, value, ctx):
                return value


        class Text(Base):
            def convert(self, value, ctx):
                return value


        class Number(Base):
            def convert(self, value, ctx):
                if ctx is not None:
                    ctx.fail("bad ctx", ctx=ctx)  # ctx here
                return self.ctx + len(ctx.args)
        """);
    String changed = files.get("types.py").replace("class Text(Base):\n    def convert(self, value, ctx):",
        "class Text(Base):\n    def convert(self, value, context):");
    ChangeReport r = change(files, "types.py", "class Text(Base):\n    def convert(self, value, ctx):",
        "class Text(Base):\n    def convert(self, value, context):");
    Dependent root = r.dependents().stream().filter(d -> d.kind() == DependentKind.OVERRIDDEN).findFirst().orElseThrow();
    assertTrue(root.breaks(), "pyright holds Text's convert to Base's parameter names");
    String out = edited(r, "types.py", changed);
    assertTrue(out.contains("class Base:\n    def convert(self, value, context):"), out);
    assertTrue(out.contains("""
            def convert(self, value, context):
                if context is not None:
                    context.fail("bad ctx", ctx=context)  # ctx here
                return self.ctx + len(context.args)
        """), out);
  }

  @Test
  void anOverloadedFunctionsOverloadSignaturesAreEditedWithItAndItsCallsBreakOnlyThen() throws StaleEditException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("pick.py", """
        from typing import overload


        @overload
        def pick(flag: bool, x: int) -> int: ...


        @overload
        def pick(flag: bool, x: str) -> str: ...


        def pick(flag, x):
            return x
        """);
    files.put("use.py", "from pick import pick\n\npick(True, x=1)\n");
    ChangeReport r = change(files, "pick.py", "def pick(flag, x):\n    return x", "def pick(flag, item):\n    return item");
    List<Dependent> overloads = r.dependents().stream().filter(d -> d.kind() == DependentKind.OVERRIDE).toList();
    assertEquals(List.of("pick.py:5", "pick.py:9"), overloads.stream().map(d -> d.path() + ":" + d.line()).toList());
    assertTrue(overloads.stream().allMatch(Dependent::breaks), "pyright reports the implementation against them");
    String pick = edited(r, "pick.py", files.get("pick.py").replace("def pick(flag, x):\n    return x",
        "def pick(flag, item):\n    return item"));
    assertTrue(pick.contains("def pick(flag: bool, item: int) -> int: ...") && pick.contains(
        "def pick(flag: bool, item: str) -> str: ..."), pick);
    assertEquals(List.of(), sites(r, true), "pyright checks the call against the overloads, unchanged until edited");
    assertEquals(List.of("use.py:3"), sites(r, false));
    assertEquals("from pick import pick\n\npick(True, item=1)\n", edited(r, "use.py", files.get("use.py")));
  }

  @Test
  void receiversTypedThroughCastsLoopsComprehensionsAndAttributeChainsAreJudgedByTheirClass() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("cmds.py", """
        import typing as t


        class Command:
            def get_command(self, ctx, name):
                return None

            def get_params(self, ctx) -> t.List["Param"]:
                return []


        class Multi(Command):
            def __init__(self, sources: t.List[Command]):
                self.sources = sources
                self.first: t.Optional[Command] = None


        class Param:
            def add_to_parser(self, parser, ctx):
                return parser


        class Holder:
            def __init__(self, multi: Multi):
                self.multi = multi
                self.made = [Command() for _ in range(2)]
                self.named: t.Dict[str, Command] = {}

            def one(self, ctx, key):
                found = self.named.get(key)
                return found.get_command(ctx, "h")

            def each(self, ctx):
                return [m.get_command(ctx, "f") for m in self.made]
        """);
    files.put("use.py", """
        import typing as t
        from cmds import Command, Holder, Multi


        def run(ctx, obj, holder: Holder, flag):
            multi = t.cast(Multi, obj)
            multi.get_command(ctx, "a")
            for source in multi.sources:
                source.get_command(ctx, "b")
            for i, p in enumerate(multi.get_params(ctx)):
                p.add_to_parser(None, ctx)
            holder.multi.first.get_command(ctx, "c")
            names = [
                c.get_command(ctx, "d")
                for c in multi.sources
            ]
            if flag:
                other = Command()
            else:
                other.get_command(ctx, "e")
            specs = frozenset(multi.sources)
            try:
                only = Command()
            except ValueError:
                pass
            else:
                only.get_command(ctx, "i")
            a, other = obj
            other.get_command(ctx, "j")
            if flag:
                print(
                    multi, end="",
                    multi=None,
                )
            multi.get_command(ctx, "k")
            return all(s.get_command(ctx, "g") for s in specs)
        """);
    ChangeReport r = change(files, "cmds.py", "def get_command(self, ctx, name):", "def get_command(self, ctx, name, x):");
    // cast(Multi, ..), a loop over an attribute assigned an annotated parameter, an attribute chain
    // through annotated attributes, a comprehension's variable (over a list made by a comprehension),
    // a generator's variable over frozenset(..) of a typed list, a dict's get(..); a variable
    // assigned once, in try, used in its else (pyright declares it by its only assignment), and not
    // rebound by a call's arguments (multi, end="" and multi=None inside print(..)).
    assertEquals(List.of("cmds.py:31", "cmds.py:34", "use.py:7", "use.py:9", "use.py:12", "use.py:14", "use.py:27", "use.py:35", "use.py:36"), sites(r, true));
    // assigned in another branch and unassigned in this one; rebound by a tuple: not known
    assertEquals(List.of("use.py:20", "use.py:29"), sites(r, false), "another branch's; a tuple's");
    ChangeReport p = change(files, "cmds.py", "def add_to_parser(self, parser, ctx):",
        "def add_to_parser(self, ctx, parser):");
    assertEquals(List.of("use.py:11"), sites(p, true), "for i, p in enumerate(a method's -> List[Param])");
  }

  @Test
  void anOverrideThatUsesARemovedParameterWithADefaultKeepsItAndTheOthersLoseIt() throws StaleEditException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("spec.py", """
        class Spec:
            def contains(self, item, pre=None):
                return item


        class Exact(Spec):
            def contains(self, item, pre=None):
                if pre is None:
                    pre = True
                return pre


        class Loose(Spec):
            def contains(self, item, pre=None):
                return item
        """);
    String changed = files.get("spec.py").replace("class Spec:\n    def contains(self, item, pre=None):",
        "class Spec:\n    def contains(self, item):");
    ChangeReport r = change(files, "spec.py", "class Spec:\n    def contains(self, item, pre=None):",
        "class Spec:\n    def contains(self, item):");
    Map<Integer, Dependent> overrides = r.dependents().stream().filter(d -> d.kind() == DependentKind.OVERRIDE)
        .collect(Collectors.toMap(Dependent::line, d -> d));
    assertEquals(List.of(7, 14), overrides.keySet().stream().sorted().toList());
    assertTrue(!overrides.get(7).breaks() && overrides.get(7).edit() == null, "Exact uses pre: kept, with its default");
    assertTrue(overrides.get(14).breaks());
    String out = edited(r, "spec.py", changed);
    assertTrue(out.contains("class Exact(Spec):\n    def contains(self, item, pre=None):"), out);
    assertTrue(out.contains("class Loose(Spec):\n    def contains(self, item):"), out);
  }

  @Test
  void aFunctionDeclaredAgainUnderAPlatformTestIsEditedWithItAndItsCallsFollowTheLaterOne()
      throws StaleEditException {
    decoratedTwinsAreEditedTogether();
    Map<String, String> files = new LinkedHashMap<>();
    files.put("term.py", """
        import sys

        if sys.platform == "win32":
            def raw_terminal():
                return 1
        else:
            def raw_terminal():
                return 2


        class Box:
            @property
            def size(self):
                return 1

            @size.setter
            def size(self, value):
                pass
        """);
    files.put("use.py", "from term import raw_terminal\n\nraw_terminal()\n");
    ChangeReport r = change(files, "term.py", "    def raw_terminal():\n        return 2",
        "    def raw_terminal(echo):\n        return 2");
    Dependent twin = r.dependents().stream().filter(d -> d.kind() == DependentKind.OVERRIDE).findFirst().orElseThrow();
    assertEquals("term.py:4", twin.path() + ":" + twin.line());
    assertTrue(twin.breaks(), "pyright reports the earlier declaration as obscured by one of another type");
    String term = edited(r, "term.py", files.get("term.py").replace("    def raw_terminal():\n        return 2",
        "    def raw_terminal(echo):\n        return 2"));
    assertTrue(term.contains("    def raw_terminal(echo):\n        return 1"), term);
    assertEquals(List.of("use.py:3"), sites(r, true), "the later declaration changed: calls see it");

    ChangeReport earlier = change(files, "term.py", "    def raw_terminal():\n        return 1",
        "    def raw_terminal(echo):\n        return 1");
    assertEquals(List.of(), sites(earlier, true), () -> "calls see the later declaration, unchanged until edited: "
        + earlier.change().before() + " " + earlier.dependents());
    assertEquals(List.of("use.py:3"), sites(earlier, false));

    ChangeReport setter = change(files, "term.py", "def size(self, value):", "def size(self, value, force):");
    assertTrue(setter.dependents().stream().noneMatch(d -> d.kind() == DependentKind.OVERRIDE),
        "a property's getter is no redeclaration of its setter");
  }

  private static void decoratedTwinsAreEditedTogether() throws StaleEditException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("raw.py", """
        import contextlib

        if WIN:
            @contextlib.contextmanager
            def raw():
                yield -1
        else:
            @contextlib.contextmanager
            def raw():
                yield 0
        """);
    String changed = files.get("raw.py").replace("    def raw():\n        yield 0", "    def raw(echo):\n        yield 0");
    ChangeReport r = change(files, "raw.py", "    def raw():\n        yield 0", "    def raw(echo):\n        yield 0");
    assertTrue(edited(r, "raw.py", changed).contains("    def raw(echo):\n        yield -1"),
        "the same decorators: the other declaration is edited too");
  }

  @Test
  void aPastedFunctionThatIsNotFoundNamesTheFileThatDoesNotParse() {
    SignatureTracker tracker = new SignatureTracker();
    tracker.changed(SourceFile.of("ok.py", "def other(a):\n    return a\n"));
    tracker.changed(SourceFile.of("broken.py", "def count(text:\n    return 1\n\n\ndef sort_by_frequency(items:\n    return items\n"));
    Detection d = tracker.detectFunction("python", "def sort_by_frequency(items, limit):\n    return items\n");
    assertTrue(d.reports().isEmpty(), () -> d.toString());
    String message = d.problem().message();
    assertTrue(message.contains("no python function named sort_by_frequency"), message);
    assertTrue(message.contains("broken.py has a syntax error at line"), message);
    assertTrue(message.contains("fix it and scan again"), message);
    assertTrue(!message.contains("ok.py"), message);

    SignatureTracker clean = new SignatureTracker();
    clean.changed(SourceFile.of("ok.py", "def other(a):\n    return a\n"));
    String plain = clean.detectFunction("python", "def nothing(a):\n    return a\n").problem().message();
    assertTrue(plain.contains("scan the codebase to see the known ones") && !plain.contains("syntax error"), plain);
  }
}
