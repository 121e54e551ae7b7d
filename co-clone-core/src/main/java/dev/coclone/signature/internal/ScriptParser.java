package dev.coclone.signature.internal;

import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.Parameter;
import dev.coclone.signature.ParseProblem;
import dev.coclone.source.SourceFile;
import dev.coclone.source.SyntaxTrees;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.treesitter.TSNode;
import org.treesitter.TSTree;

/** Reads a Python, JavaScript or TypeScript file with tree-sitter into signatures and a {@link ScriptIndex}. */
final class ScriptParser {
  private static final Set<String> JS_MODIFIERS = Set.of("static", "async", "abstract", "override", "readonly",
      "get", "set");

  private final SourceFile file;
  private final ScriptText st;
  private final boolean python;
  private final List<FunctionSignature> signatures = new ArrayList<>();
  private final List<ScriptIndex.Call> calls = new ArrayList<>();
  private final List<ScriptIndex.Ref> refs = new ArrayList<>();
  private final List<ScriptIndex.Import> imports = new ArrayList<>();
  private final List<ScriptIndex.Func> functions = new ArrayList<>();
  private final List<ScriptIndex.ClassInfo> classes = new ArrayList<>();
  /** Enclosing classes and functions, innermost first. */
  private final Deque<Frame> frames = new ArrayDeque<>();

  private record Frame(String name, boolean isClass, List<String> bases) {}

  private ScriptParser(SourceFile file) {
    this.file = file;
    this.st = new ScriptText(file.text());
    this.python = "python".equals(file.language());
  }

  /**
   * Parses a file.
   *
   * @param file a Python, JavaScript or TypeScript file
   * @return its signatures and index, or the first syntax problem
   */
  static ParsedFile parse(SourceFile file) {
    TSTree tree = SyntaxTrees.parse(file);
    TSNode root = tree.getRootNode();
    ScriptParser p = new ScriptParser(file);
    if (root.hasError() && "typescript".equals(file.language())) {
      // tree-sitter-typescript 0.23.2 (the newest grammar served) does not know TypeScript 4.7's
      // variance annotations (interface Z<out T>, $ZodCheck<in T>): read the file with them blanked,
      // which keeps every offset, when that parses better
      String blanked = blankVariance(file.text());
      if (!blanked.equals(file.text())) {
        TSTree again = SyntaxTrees.parse(new SourceFile(file.path(), file.language(), blanked));
        if (SyntaxTrees.errorCount(again.getRootNode()) < SyntaxTrees.errorCount(root)) {
          tree = again;
          root = tree.getRootNode();
        }
      }
    }
    if (root.hasError() && p.python) {
      return new ParsedFile(file, List.of(), p.problem(root), null);
    }
    // JavaScript and TypeScript: a file being edited rarely parses; what tree-sitter read around the
    // error still counts (declarations whose head has no error, calls whose arguments have none)
    p.visit(root, null);
    ScriptIndex index = new ScriptIndex(file.path(), file.language(), file.text(), p.calls, p.refs, p.imports,
        p.functions, p.classes, p.python ? null : TsFacts.read(root, p.st));
    return new ParsedFile(file, p.signatures, root.hasError() ? p.problem(root) : null, index);
  }

  /** {@code <}, or {@code ,}, then {@code in}, {@code out} or {@code in out} before a type parameter. */
  private static final Pattern VARIANCE = Pattern.compile(
      "(?<=[<,])(\\s*)(in\\s+out|in|out)(?=\\s+[A-Za-z_$][\\w$]*\\s*(?:extends\\b|[,>=]))");

  /** The text with TypeScript variance annotations on type parameters replaced by as many spaces. */
  static String blankVariance(String text) {
    Matcher m = VARIANCE.matcher(text);
    StringBuilder out = new StringBuilder(text);
    while (m.find()) {
      for (int i = m.start(2); i < m.end(2); i++) {
        if (!Character.isWhitespace(out.charAt(i))) {
          out.setCharAt(i, ' ');
        }
      }
    }
    return out.toString();
  }

  // ---- problems

  /** True when none of the nodes (null ones aside) is or holds a syntax error. */
  private static boolean clean(TSNode... nodes) {
    for (TSNode n : nodes) {
      if (n != null && (n.hasError() || n.isMissing() || n.isError())) {
        return false;
      }
    }
    return true;
  }

  private ParseProblem problem(TSNode root) {
    TSNode bad = firstBad(root);
    if (bad == null) {
      return new ParseProblem(file.path(), 1, 1, "syntax error");
    }
    int off = st.offset(bad.getStartByte());
    String message;
    if (bad.isMissing()) {
      message = "missing '" + bad.getType() + "'";
    } else {
      String near = st.text().substring(off, st.offset(bad.getEndByte())).strip();
      int nl = near.indexOf('\n');
      near = nl >= 0 ? near.substring(0, nl).strip() : near;
      message = near.isEmpty() ? "syntax error" : "syntax error near '" + (near.length() > 20 ? near.substring(0, 20) : near) + "'";
    }
    return new ParseProblem(file.path(), st.line(off), st.column(off), message);
  }

  private static TSNode firstBad(TSNode n) {
    if (n.isError() || n.isMissing()) {
      return n;
    }
    for (int i = 0; i < n.getChildCount(); i++) {
      TSNode c = n.getChild(i);
      if (c.hasError() || c.isMissing() || c.isError()) {
        TSNode b = firstBad(c);
        if (b != null) {
          return b;
        }
      }
    }
    return null;
  }

  // ---- helpers

  private ScriptImports importReader;

  private ScriptImports imports() {
    if (importReader == null) {
      importReader = new ScriptImports(this);
    }
    return importReader;
  }

  void addImport(ScriptIndex.Import im) {
    imports.add(im);
  }

  private int start(TSNode n) {
    return st.offset(n.getStartByte());
  }

  private int end(TSNode n) {
    return st.offset(n.getEndByte());
  }

  String text(TSNode n) {
    return n == null ? "" : st.text().substring(start(n), end(n));
  }

  static TSNode field(TSNode n, String name) {
    TSNode f = n.getChildByFieldName(name);
    return f == null || f.isNull() ? null : f;
  }

  private String container() {
    List<String> names = new ArrayList<>();
    frames.descendingIterator().forEachRemaining(f -> names.add(f.name()));
    return String.join(".", names);
  }

  private String enclosingClass() {
    for (Frame f : frames) {
      if (f.isClass()) {
        return f.name();
      }
    }
    return "";
  }

  // ---- walk

  private void visit(TSNode n, String fieldName) {
    String type = n.getType();
    boolean pushed = false;
    switch (type) {
      case "class_definition", "class_declaration", "abstract_class_declaration" -> {
        TSNode name = field(n, "name");
        if (name != null) {
          List<String> bases = bases(n);
          classes.add(new ScriptIndex.ClassInfo(text(name), bases));
          frames.push(new Frame(text(name), true, bases));
          pushed = true;
        }
      }
      case "internal_module", "module" -> {
        // a TypeScript namespace: its functions have its name as container (util.objectValues)
        TSNode name = field(n, "name");
        if (name != null && !name.getType().equals("string") && clean(name)) {
          frames.push(new Frame(text(name), false, List.of()));
          pushed = true;
        }
      }
      case "function_definition", "function_declaration", "generator_function_declaration", "method_definition" -> {
        TSNode name = field(n, "name");
        if (name != null) {
          // around a syntax error, only a head tree-sitter read whole is a declaration (a method only in a class)
          if (clean(name, field(n, "parameters"), field(n, "return_type"))
              && (!type.equals("method_definition") || !frames.isEmpty() && frames.peek().isClass())) {
            declare(n, name, n, start(n), false);
          }
          frames.push(new Frame(text(name), false, List.of()));
          pushed = true;
        }
      }
      case "public_field_definition", "field_definition", "class_static_block" -> {
        // a field's initializer (handleSubmit = async () => { const done = () => {..}; done() }) is a
        // scope of its own: functions bound in it are local to it, not methods of the class
        if (!python && !frames.isEmpty() && frames.peek().isClass()) {
          TSNode name = field(n, "name");
          if (name == null) {
            name = field(n, "property");
          }
          frames.push(new Frame(name == null ? "static" : text(name), false, List.of()));
          pushed = true;
        }
      }
      case "variable_declarator" -> {
        TSNode name = field(n, "name");
        TSNode value = field(n, "value");
        if (name != null && value != null && name.getType().equals("identifier")) {
          String vt = value.getType();
          if ((vt.equals("arrow_function") || vt.equals("function_expression") || vt.equals("function"))
              && clean(name, field(value, "parameters"), field(value, "parameter"), field(value, "return_type"))) {
            TSNode decl = n.getParent();
            declare(value, name, decl, start(decl), vt.equals("arrow_function"));
          } else if (vt.equals("call_expression") && imports().isRequire(value)) {
            imports().requireBinding(name, value);
          }
        }
      }
      case "import_from_statement" -> imports().importFrom(n);
      case "import_statement" -> {
        if (python) {
          imports().importModule(n);
        } else {
          imports().importJs(n);
        }
        return;
      }
      case "export_specifier" -> {
        TSNode name = field(n, "name");
        if (name != null) {
          ref(name, null, "export", null);
        }
        return;
      }
      case "call", "call_expression", "new_expression" -> call(n);
      case "attribute", "member_expression" -> {
        if (!"function".equals(fieldName) && !"constructor".equals(fieldName)) {
          TSNode obj = field(n, "object");
          TSNode prop = field(n, python ? "attribute" : "property");
          if (obj != null && prop != null) {
            ref(prop, oneLine(obj), "use", null);
          }
        }
      }
      case "identifier", "shorthand_property_identifier" -> {
        if (isUse(n, fieldName)) {
          ref(n, null, "use", null);
        }
      }
      default -> { }
    }
    for (int i = 0; i < n.getNamedChildCount(); i++) {
      TSNode c = n.getNamedChild(i);
      visit(c, n.getFieldNameForNamedChild(i));
    }
    if (pushed) {
      frames.pop();
    }
  }

  private static final Set<String> NOT_USE_FIELDS = Set.of("name", "function", "constructor", "alias", "left",
      "key", "parameter", "pattern", "attribute", "property");
  private static final Set<String> NOT_USE_PARENTS = Set.of("parameters", "formal_parameters", "lambda_parameters",
      "typed_parameter", "list_splat_pattern", "dictionary_splat_pattern", "rest_pattern", "dotted_name",
      "aliased_import", "import_specifier", "namespace_import", "import_clause", "keyword_argument",
      "assignment_pattern", "object_pattern", "array_pattern", "pair_pattern", "required_parameter",
      "optional_parameter", "for_in_clause", "catch_clause");

  private boolean isUse(TSNode n, String fieldName) {
    if (fieldName != null && NOT_USE_FIELDS.contains(fieldName)) {
      return false;
    }
    TSNode parent = n.getParent();
    return parent == null || parent.isNull() || !NOT_USE_PARENTS.contains(parent.getType());
  }

  void ref(TSNode name, String receiver, String role, String module) {
    int s = start(name);
    int line = st.line(s);
    TSNode parent = name.getParent();
    boolean argument = receiver == null && parent != null && !parent.isNull() && parent.getType().equals("arguments");
    refs.add(new ScriptIndex.Ref(text(name), s, end(name), line, st.column(s), receiver, role, module,
        enclosingClass(), st.lineText(line), argument));
  }

  private String oneLine(TSNode n) {
    return st.oneLine(start(n), end(n));
  }

  private List<String> bases(TSNode cls) {
    List<String> out = new ArrayList<>();
    if (python) {
      TSNode sup = field(cls, "superclasses");
      if (sup != null) {
        for (int i = 0; i < sup.getNamedChildCount(); i++) {
          TSNode b = sup.getNamedChild(i);
          if (b.getType().equals("identifier")) {
            out.add(text(b));
          } else if (b.getType().equals("attribute")) {
            out.add(text(field(b, "attribute")));
          }
        }
      }
      return out;
    }
    for (int i = 0; i < cls.getNamedChildCount(); i++) {
      TSNode h = cls.getNamedChild(i);
      if (h.getType().equals("class_heritage")) {
        for (int k = 0; k < h.getNamedChildCount(); k++) {
          TSNode c = h.getNamedChild(k);
          TSNode v = c.getType().equals("extends_clause") ? field(c, "value") : c;
          if (v != null && !c.getType().equals("implements_clause")) {
            String s = text(v);
            int dot = s.lastIndexOf('.');
            out.add(dot >= 0 ? s.substring(dot + 1) : s);
          }
        }
      }
    }
    return out;
  }

  // ---- declarations

  private void declare(TSNode fn, TSNode nameNode, TSNode outer, int headStart, boolean arrow) {
    String name = text(nameNode);
    Frame cls = frames.isEmpty() || !frames.peek().isClass() ? null : frames.peek();
    List<String> modifiers = new ArrayList<>();
    boolean staticMethod = false;
    if (python) {
      TSNode parent = fn.getParent();
      if (parent != null && !parent.isNull() && parent.getType().equals("decorated_definition")) {
        for (int i = 0; i < parent.getNamedChildCount(); i++) {
          TSNode d = parent.getNamedChild(i);
          if (d.getType().equals("decorator")) {
            String dt = oneLine(d);
            modifiers.add(dt);
            staticMethod |= dt.equals("@staticmethod");
          }
        }
      }
    }
    for (int i = 0; i < fn.getChildCount(); i++) {
      TSNode c = fn.getChild(i);
      if (c.getType().equals("accessibility_modifier")) {
        modifiers.add(text(c));
      } else if (!c.isNamed() && (c.getType().equals("async") || !python && JS_MODIFIERS.contains(c.getType()))) {
        modifiers.add(c.getType());
      }
    }
    TSNode exportParent = outer.getParent();
    if (exportParent != null && !exportParent.isNull() && exportParent.getType().equals("export_statement")) {
      modifiers.add(0, "export");
    }
    FunctionSignature.Kind kind = cls == null ? FunctionSignature.Kind.FUNCTION
        : (python ? name.equals("__init__") : name.equals("constructor")) ? FunctionSignature.Kind.CONSTRUCTOR
        : FunctionSignature.Kind.METHOD;
    TSNode params = field(fn, "parameters");
    TSNode single = params == null ? field(fn, "parameter") : null;
    List<Parameter> parameters = new ArrayList<>();
    List<int[]> ranges = new ArrayList<>();
    int anchor = params != null ? start(params) + 1 : single != null ? start(single) : end(nameNode);
    boolean anchorComma = false;
    if (params != null) {
      boolean skipFirst = python && cls != null && !staticMethod;
      for (int i = 0; i < params.getNamedChildCount(); i++) {
        TSNode p = params.getNamedChild(i);
        if (p.getType().equals("comment") || p.getType().equals("keyword_separator")
            || p.getType().equals("positional_separator")) {
          continue;
        }
        if (skipFirst) {
          skipFirst = false;
          anchor = end(p);
          anchorComma = true;
          continue;
        }
        Parameter parameter = parameter(p);
        if (parameter != null) {
          parameters.add(parameter);
          ranges.add(new int[] {start(p), end(p)});
        }
      }
    } else if (single != null) {
      parameters.add(new Parameter(text(single), "", null, false));
      ranges.add(new int[] {start(single), end(single)});
    }
    TSNode ret = field(fn, "return_type");
    String returnType = ret == null ? "" : stripColon(text(ret));
    TSNode headEnd = ret != null ? ret : params != null ? params : single != null ? single : nameNode;
    String head = st.oneLine(headStart, end(headEnd)) + (arrow ? " =>" : "");
    String container = container();
    String sigName = kind == FunctionSignature.Kind.CONSTRUCTOR ? cls.name() : name;
    int s = start(nameNode);
    FunctionSignature sig = new FunctionSignature(file.language(), file.path(), container, sigName, kind, parameters,
        returnType, modifiers, st.line(s), st.column(s), st.line(end(fn)), head);
    signatures.add(sig);
    TSNode body = python ? null : field(fn, "body");
    boolean block = body != null && body.getType().equals("statement_block");
    functions.add(new ScriptIndex.Func(sig, s, end(nameNode), anchor, anchorComma, ranges,
        cls == null ? "" : cls.name(), cls == null ? List.of() : cls.bases(), block ? start(body) : -1,
        block ? end(body) : -1));
  }

  private static String stripColon(String t) {
    String s = t.strip();
    return s.startsWith(":") ? s.substring(1).strip() : s;
  }

  private Parameter parameter(TSNode p) {
    String t = p.getType();
    switch (t) {
      case "identifier", "object_pattern", "array_pattern" -> {
        return new Parameter(oneLine(p), "", null, false);
      }
      case "typed_parameter" -> {
        TSNode inner = p.getNamedChild(0);
        boolean variadic = inner.getType().endsWith("splat_pattern");
        String name = variadic ? text(inner).replaceFirst("^\\*+", "") : text(inner);
        return new Parameter(name, oneLine(field(p, "type")), null, variadic);
      }
      case "default_parameter", "typed_default_parameter" -> {
        TSNode type = field(p, "type");
        return new Parameter(text(field(p, "name")), type == null ? "" : oneLine(type), oneLine(field(p, "value")),
            false);
      }
      case "list_splat_pattern", "dictionary_splat_pattern" -> {
        return new Parameter(text(p).replaceFirst("^\\*+", ""), "", null, true);
      }
      case "assignment_pattern" -> {
        return new Parameter(oneLine(field(p, "left")), "", oneLine(field(p, "right")), false);
      }
      case "rest_pattern" -> {
        return new Parameter(text(p).substring(3).strip(), "", null, true);
      }
      case "required_parameter", "optional_parameter" -> {
        TSNode pattern = field(p, "pattern");
        if (pattern == null || text(pattern).equals("this")) {
          return null;
        }
        boolean variadic = pattern.getType().equals("rest_pattern");
        String name = variadic ? text(pattern).substring(3).strip() : oneLine(pattern);
        TSNode type = field(p, "type");
        TSNode value = field(p, "value");
        String def = value != null ? oneLine(value) : t.equals("optional_parameter") ? "undefined" : null;
        return new Parameter(name, type == null ? "" : stripColon(oneLine(type)), def, variadic);
      }
      default -> {
        return new Parameter(oneLine(p), "", null, false);
      }
    }
  }

  // ---- calls

  private void call(TSNode n) {
    boolean isNew = n.getType().equals("new_expression");
    TSNode fn = field(n, isNew ? "constructor" : "function");
    TSNode args = field(n, "arguments");
    if (fn == null || args == null || !clean(n)) {
      return;
    }
    TSNode nameNode;
    String receiver = null;
    String ft = fn.getType();
    if (ft.equals("identifier") || ft.equals("super")) {
      nameNode = fn;
    } else if (ft.equals("attribute") || ft.equals("member_expression")) {
      nameNode = field(fn, python ? "attribute" : "property");
      TSNode obj = field(fn, "object");
      receiver = obj == null ? "" : oneLine(obj);
    } else {
      return;
    }
    if (nameNode == null) {
      return;
    }
    if (!python && !isNew && receiver == null && text(nameNode).equals("require")) {
      TSNode parent = n.getParent();
      if (imports().isRequire(n) && parent != null && !parent.isNull() && parent.getType().equals("variable_declarator")) {
        TSNode pattern = field(parent, "name");
        if (pattern != null && pattern.getType().equals("object_pattern")) {
          imports().requireDestructure(pattern, ScriptImports.unquote(text(args.getNamedChild(0))));
        }
      }
    }
    List<ScriptIndex.Arg> list = new ArrayList<>();
    int open;
    int close;
    if (args.getType().equals("argument_list") || args.getType().equals("arguments")) {
      open = start(args);
      close = end(args) - 1;
      for (int i = 0; i < args.getNamedChildCount(); i++) {
        TSNode a = args.getNamedChild(i);
        String at = a.getType();
        if (at.equals("comment")) {
          continue;
        }
        if (at.equals("keyword_argument")) {
          TSNode kw = field(a, "name");
          list.add(new ScriptIndex.Arg(start(a), end(a), text(kw), end(kw), false, false));
        } else {
          list.add(new ScriptIndex.Arg(start(a), end(a), null, -1,
              at.equals("list_splat") || at.equals("spread_element"), at.equals("dictionary_splat")));
        }
      }
    } else if (args.getType().equals("generator_expression")) {
      open = start(args);
      close = end(args) - 1;
      list.add(new ScriptIndex.Arg(start(args), end(args), null, -1, false, false));
    } else {
      return;
    }
    int s = start(nameNode);
    calls.add(new ScriptIndex.Call(text(nameNode), s, end(nameNode), st.line(s), st.column(s), receiver, isNew,
        start(n), end(n), open, close, list, enclosingClass(), oneLine(n)));
    throughCall(n, fn, nameNode, list, close);
  }

  /**
   * {@code x.m.call(thisArg, a, b)} in JavaScript or TypeScript is also a call of {@code m} on
   * {@code x} with the arguments after {@code thisArg} ({@code super.destroy.call(this)}): recorded as
   * such a call whose argument list starts after {@code thisArg} ({@code open} is {@code thisArg}'s
   * last character, so an argument added to an empty list follows it with a comma).
   */
  private void throughCall(TSNode n, TSNode fn, TSNode nameNode, List<ScriptIndex.Arg> list, int close) {
    if (python || !text(nameNode).equals("call") || list.isEmpty() || !list.get(0).positional()) {
      return;
    }
    TSNode method = field(fn, "object");
    if (method == null || !method.getType().equals("member_expression")) {
      return;
    }
    TSNode inner = field(method, "property");
    TSNode obj = field(method, "object");
    if (inner == null || obj == null) {
      return;
    }
    int s = start(inner);
    calls.add(new ScriptIndex.Call(text(inner), s, end(inner), st.line(s), st.column(s), oneLine(obj), false,
        start(n), end(n), list.get(0).end() - 1, close, list.subList(1, list.size()), enclosingClass(), oneLine(n)));
  }
}
