package dev.coclone.signature.internal;

import dev.coclone.signature.FunctionSignature;
import java.util.List;

/**
 * What {@link ScriptParser} keeps of one Python, JavaScript or TypeScript file for finding
 * dependents: calls, non-call references, imports, declarations and classes. All offsets are
 * UTF-16 offsets into {@code text}; lines and columns are 1-based, columns in characters.
 *
 * @param path      the file
 * @param language  its language
 * @param text      its text
 * @param calls     every call whose callee has a simple name
 * @param refs      uses of names that are not calls (imports, exports, plain uses)
 * @param imports   import bindings
 * @param functions the declarations, with the ranges edits need
 * @param classes   the classes with the simple names of their bases
 * @param facts     what a JavaScript/TypeScript file states about types ({@link TsFacts}); null for Python
 */
record ScriptIndex(String path, String language, String text, List<Call> calls, List<Ref> refs,
    List<Import> imports, List<Func> functions, List<ClassInfo> classes, TsFacts facts) {

  /** Copies the lists. */
  ScriptIndex {
    calls = List.copyOf(calls);
    refs = List.copyOf(refs);
    imports = List.copyOf(imports);
    functions = List.copyOf(functions);
    classes = List.copyOf(classes);
  }

  /** True for Python. */
  boolean python() {
    return "python".equals(language);
  }

  /**
   * One argument of a call.
   *
   * @param start   start offset
   * @param end     end offset
   * @param keyword the keyword of a Python keyword argument ({@code c} in {@code c=3}), or null
   * @param keywordEnd end offset of the keyword, or -1
   * @param spread  true for {@code *xs}, {@code ...xs}
   * @param mapSpread true for {@code **kw}
   */
  record Arg(int start, int end, String keyword, int keywordEnd, boolean spread, boolean mapSpread) {
    /** True for a plain positional argument. */
    boolean positional() {
      return keyword == null && !spread && !mapSpread;
    }
  }

  /**
   * A call {@code f(...)}, {@code obj.f(...)}, {@code new C(...)}, {@code super(...)}.
   *
   * @param name           the called simple name ({@code super} for a JS constructor's super call)
   * @param nameStart      start offset of the name
   * @param nameEnd        end offset of the name
   * @param line           line of the name
   * @param column         column of the name
   * @param receiver       the receiver as written ({@code self}, {@code mod}, {@code super()}), or null
   * @param isNew          true for {@code new C(...)}
   * @param start          start offset of the whole call
   * @param end            end offset of the whole call
   * @param open           offset of {@code (}
   * @param close          offset of {@code )}
   * @param args           the arguments
   * @param enclosingClass the innermost class the call sits in, or ""
   * @param text           the call on one line, trimmed and shortened
   */
  record Call(String name, int nameStart, int nameEnd, int line, int column, String receiver, boolean isNew,
      int start, int end, int open, int close, List<Arg> args, String enclosingClass, String text) {
    /** Copies the list. */
    Call {
      args = List.copyOf(args);
    }

    /** True for {@code super.f(...)}, {@code super().f(...)} and {@code super(...)}. */
    boolean superCall() {
      return "super".equals(receiver) || "super()".equals(receiver) || "super".equals(name) && receiver == null;
    }
  }

  /**
   * A use of a name that is not a call.
   *
   * @param name     the name
   * @param start    start offset
   * @param end      end offset
   * @param line     line
   * @param column   column
   * @param receiver the object of {@code obj.name}, or null
   * @param role     {@code import}, {@code export} or {@code use}
   * @param module   for an import, the module as written; else null
   * @param enclosingClass the innermost class, or ""
   * @param text     its statement's line, trimmed
   * @param argument true when the name is itself an argument of a call ({@code p.then(noop)})
   */
  record Ref(String name, int start, int end, int line, int column, String receiver, String role, String module,
      String enclosingClass, String text, boolean argument) {}

  /**
   * An import binding.
   *
   * @param local    the name bound in the importing file
   * @param imported the imported name, or null when the binding is the module itself
   * @param module   the module as written ({@code pkg.mod}, {@code .mod}, {@code ./mod})
   */
  record Import(String local, String imported, String module) {}

  /**
   * A declaration with the ranges an override edit needs.
   *
   * @param signature   the signature
   * @param nameStart   start offset of the name
   * @param nameEnd     end offset of the name
   * @param anchor      where a first parameter goes when the list (after {@code self}) is empty
   * @param anchorComma true when that insertion needs a leading {@code ", "} (after {@code self})
   * @param params      start and end offsets of each parameter in the signature
   * @param className   the enclosing class, or ""
   * @param bases       the enclosing class's bases
   * @param bodyOpen    offset of the <code>{</code> that opens a JavaScript/TypeScript body, or -1
   * @param bodyEnd     end offset of that body, or -1
   */
  record Func(FunctionSignature signature, int nameStart, int nameEnd, int anchor, boolean anchorComma,
      List<int[]> params, String className, List<String> bases, int bodyOpen, int bodyEnd) {
    /** Copies the lists. */
    Func {
      params = List.copyOf(params);
      bases = List.copyOf(bases);
    }
  }

  /**
   * A class.
   *
   * @param name  simple name
   * @param bases simple names of its bases
   */
  record ClassInfo(String name, List<String> bases) {
    /** Copies the list. */
    ClassInfo {
      bases = List.copyOf(bases);
    }
  }
}
