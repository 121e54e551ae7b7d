package dev.coclone.signature.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The methods of the platform's classes and interfaces (TypeScript's {@code lib.es5.d.ts} to
 * {@code lib.es2023.*.d.ts}, and {@code EventTarget} of {@code lib.dom.d.ts}) that a workspace class
 * can extend or implement: per method, the parameters the platform's signature gives an override
 * (the fewest over its overloads, a rest parameter counting as many). tsc holds an override to them
 * ({@code class DraftMap extends Map} with {@code get(key, extra)} is rejected: "Property 'get' in
 * type 'DraftMap' is not assignable to the same property in base type 'Map<any, any>'").
 *
 * <p>A small built-in table, not the lib files: the tracker reads only the workspace's sources. It
 * was read from the lib files of TypeScript 5.9.3 (symbol-named members such as
 * {@code [Symbol.iterator]} left out); a workspace type of the same name takes precedence.
 */
final class TsPlatform {
  private TsPlatform() {}

  /** A rest parameter: an override may take any number of parameters there. */
  private static final int REST = 99;

  /** Per type, per method, the parameters an override is given; read-only once built. */
  private static final Map<String, Map<String, Integer>> TYPES;

  static {
    Map<String, Map<String, Integer>> types = new HashMap<>();
    String arrayLike = "at=1 concat=99 entries=0 every=2 filter=2 find=2 findIndex=2 findLast=2 findLastIndex=2"
        + " flat=1 flatMap=2 forEach=2 includes=2 indexOf=2 join=1 keys=0 lastIndexOf=2 map=2 reduce=1"
        + " reduceRight=1 slice=2 some=2 toLocaleString=0 toReversed=0 toSorted=1 toSpliced=2 toString=0"
        + " values=0 with=2";
    put(types, "ReadonlyArray", arrayLike);
    put(types, "Array", arrayLike + " copyWithin=3 fill=3 pop=0 push=99 reverse=0 shift=0 sort=1 splice=2 unshift=99");
    String readonlyMap = "entries=0 forEach=2 get=1 has=1 keys=0 values=0";
    put(types, "ReadonlyMap", readonlyMap);
    put(types, "Map", readonlyMap + " clear=0 delete=1 set=2");
    String readonlySet = "entries=0 forEach=2 has=1 keys=0 values=0";
    put(types, "ReadonlySet", readonlySet);
    put(types, "Set", readonlySet + " add=1 clear=0 delete=1");
    put(types, "WeakMap", "delete=1 get=1 has=1 set=2");
    put(types, "WeakSet", "add=1 delete=1 has=1");
    put(types, "Promise", "catch=1 finally=1 then=2");
    put(types, "RegExp", "compile=2 exec=1 test=1");
    put(types, "EventTarget", "addEventListener=3 dispatchEvent=1 removeEventListener=3");
    TYPES = Map.copyOf(types);
  }

  private static void put(Map<String, Map<String, Integer>> types, String type, String methods) {
    Map<String, Integer> m = new HashMap<>();
    for (String e : methods.split(" ")) {
      int eq = e.indexOf('=');
      m.put(e.substring(0, eq), Integer.parseInt(e.substring(eq + 1)));
    }
    types.put(type, Map.copyOf(m));
  }

  /**
   * The parameters the platform type's method {@code method} gives an override, or null when the
   * type is not in the table or has no such method.
   */
  static Integer parameters(String type, String method) {
    Map<String, Integer> m = TYPES.get(type);
    return m == null ? null : m.get(method);
  }

  /** True when the type is one of the table's. */
  static boolean known(String type) {
    return TYPES.containsKey(type);
  }

  /** True when a count of {@link #parameters} stands for a rest parameter. */
  static boolean rest(int parameters) {
    return parameters >= REST;
  }
}
