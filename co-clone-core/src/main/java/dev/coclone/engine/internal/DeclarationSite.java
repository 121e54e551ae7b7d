package dev.coclone.engine.internal;

/**
 * Where a Java name is being declared, read from the two tokens before it: a name right after a type
 * ({@code Handle handle}, {@code int len}, {@code int[] a}, {@code List<String> names}) declares a
 * method, field, parameter or local. Such a name is never out of scope, however the file used it elsewhere
 * ({@code catch (IOException e)} where other methods have their own {@code e}).
 */
public final class DeclarationSite {
  private DeclarationSite() {}

  /**
   * True if, in Java, a name after {@code prevPrev prev} is being declared: {@code prev} is a name that is
   * no keyword, a primitive, {@code ]}, or the {@code >} closing type arguments (after a capitalised name,
   * {@code ?} or another {@code >}; not a comparison such as {@code size > limit}).
   */
  public static boolean javaNameDeclared(String prevPrev, String prev) {
    if (prev.equals("]")) {
      return true;
    }
    if (prev.equals(">")) {
      return prevPrev.equals("?") || prevPrev.equals(">")
          || !prevPrev.isEmpty() && Character.isUpperCase(prevPrev.charAt(0));
    }
    return ScopeReader.isName(prev) && (!Keywords.JAVA.contains(prev) || Keywords.JAVA_PRIMITIVES.contains(prev));
  }
}
