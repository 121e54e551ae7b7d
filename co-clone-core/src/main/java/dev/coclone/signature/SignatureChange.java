package dev.coclone.signature;

import java.util.List;
import java.util.Objects;

/**
 * How one declaration changed between two versions.
 *
 * @param kinds       what changed (at least one)
 * @param before      the old declaration
 * @param after       the new declaration, or null when deleted
 * @param argumentMap for each parameter of {@code after}, the index of the parameter of
 *                    {@code before} it came from, or -1 for a new one; empty when deleted
 * @param summary     one line for people, e.g. {@code add(int a, int b) -> add(int a, int b, int c): parameter c added}
 */
public record SignatureChange(List<ChangeKind> kinds, FunctionSignature before, FunctionSignature after,
    List<Integer> argumentMap, String summary) {
  /** Validates and copies. */
  public SignatureChange {
    kinds = List.copyOf(kinds);
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("a change has at least one kind");
    }
    Objects.requireNonNull(before, "before");
    argumentMap = List.copyOf(argumentMap);
    Objects.requireNonNull(summary, "summary");
  }

  /** True if it has the kind. */
  public boolean is(ChangeKind kind) {
    return kinds.contains(kind);
  }

  /** True when every dependent site can be updated by a deterministic edit. */
  public boolean mechanical() {
    return kinds.stream().allMatch(ChangeKind::mechanical);
  }

  /** True when existing calls stop compiling or behave differently. */
  public boolean breaksCallers() {
    if (after == null || is(ChangeKind.RENAMED) || is(ChangeKind.PARAMETER_REMOVED)
        || is(ChangeKind.PARAMETERS_REORDERED) || is(ChangeKind.PARAMETER_TYPE_CHANGED)
        || is(ChangeKind.RETURN_TYPE_CHANGED) || is(ChangeKind.MOVED) || is(ChangeKind.PARAMETER_REQUIRED)) {
      return true;
    }
    if (is(ChangeKind.PARAMETER_ADDED)) {
      for (int i = 0; i < argumentMap.size(); i++) {
        if (argumentMap.get(i) < 0 && !after.parameters().get(i).optional()) {
          return true;
        }
      }
    }
    return is(ChangeKind.MODIFIERS_CHANGED) && (before.has("static") != after.has("static")
        || before.has("async") != after.has("async") || after.has("private") && !before.has("private"));
  }
}
