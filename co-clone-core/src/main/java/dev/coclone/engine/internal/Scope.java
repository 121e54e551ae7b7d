package dev.coclone.engine.internal;

import java.util.Set;

/**
 * What a file declares, as seen from one cursor: the names in scope there (parameters, locals,
 * fields, imports, top-level definitions), the names declared only in scopes that do not enclose
 * it, the members of the enclosing class, and the definitions the file already has.
 *
 * @param inScope       names declared in the scopes enclosing the cursor and at file level
 * @param declared      every name the file declares anywhere
 * @param members       members of the class enclosing the cursor (fields, methods, {@code this.x} / {@code self.x})
 * @param classOpen     true when the enclosing class may inherit members it does not show (it extends
 *                      or implements something), or when the cursor is in no class
 * @param openWorld     true when bare names may come from somewhere the file does not show (a wildcard
 *                      import, a Java class that inherits): then only names declared elsewhere in the
 *                      file count as out of scope
 * @param definitions   signatures of the functions, methods and classes the file defines ("def f", "class A")
 * @param unused        names the enclosing function declares (parameters, locals) and has not used yet
 *                      before the cursor: what the code is most likely to use next
 * @param allMembers    members of every class of the file ({@code this.x =}, fields, methods)
 */
public record Scope(Set<String> inScope, Set<String> declared, Set<String> members, boolean classOpen,
    boolean openWorld, Set<String> definitions, Set<String> unused, Set<String> allMembers) {

  /** True when a bare name is certainly not usable at the cursor. */
  public boolean outOfScope(String name) {
    if (inScope.contains(name)) {
      return false;
    }
    return declared.contains(name) || !openWorld;
  }

  /** True when {@code this.name} or {@code self.name} certainly names nothing. */
  public boolean notAMember(String name) {
    return !classOpen && !members.contains(name);
  }
}
