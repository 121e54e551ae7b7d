package dev.coclone.signature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares the declarations of two versions of a file and names what changed. Declarations are
 * paired by overload key first, then by qualified name, then (for renames) by parameters within
 * the same container. Stateless.
 */
public final class SignatureDiff {
  private SignatureDiff() {}

  /**
   * The changes between two versions of one file's declarations.
   *
   * @param before the old declarations
   * @param after  the new declarations
   * @return one change per changed declaration, in the order of {@code before}
   */
  public static List<SignatureChange> compare(List<FunctionSignature> before, List<FunctionSignature> after) {
    Map<String, List<FunctionSignature>> afterByKey = new LinkedHashMap<>();
    for (FunctionSignature a : after) {
      afterByKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a);
    }
    List<SignatureChange> out = new ArrayList<>();
    List<FunctionSignature> lostBefore = new ArrayList<>();
    Set<FunctionSignature> usedAfter = new HashSet<>();
    Set<String> keptNames = new HashSet<>();
    // Several declarations with one key (a Python function declared again under a platform test):
    // pairs nearest in lines first, so the declaration that changed is the one left over.
    Map<FunctionSignature, FunctionSignature> sameKey = new HashMap<>();
    List<FunctionSignature[]> pairs = new ArrayList<>();
    for (FunctionSignature b : before) {
      for (FunctionSignature a : afterByKey.getOrDefault(b.key(), List.of())) {
        pairs.add(new FunctionSignature[] {b, a});
      }
    }
    pairs.sort((x, y) -> Integer.compare(Math.abs(x[0].line() - x[1].line()), Math.abs(y[0].line() - y[1].line())));
    Set<FunctionSignature> pairedAfter = new HashSet<>();
    for (FunctionSignature[] p : pairs) {
      if (!sameKey.containsKey(p[0]) && pairedAfter.add(p[1])) {
        sameKey.put(p[0], p[1]);
      }
    }
    for (FunctionSignature b : before) {
      FunctionSignature a = sameKey.get(b);
      if (a != null && usedAfter.add(a)) {
        keptNames.add(b.qualifiedName());
        SignatureChange c = between(b, a);
        if (c != null) {
          out.add(c);
        }
      } else {
        lostBefore.add(b);
      }
    }
    List<FunctionSignature> newAfter = new ArrayList<>();
    for (FunctionSignature a : after) {
      if (!usedAfter.contains(a)) {
        newAfter.add(a);
      }
    }
    // Same qualified name, different parameters: the signature changed (or an overload was added).
    Map<String, List<FunctionSignature>> newByName = new HashMap<>();
    for (FunctionSignature a : newAfter) {
      newByName.computeIfAbsent(a.qualifiedName(), k -> new ArrayList<>()).add(a);
    }
    List<FunctionSignature> unpaired = new ArrayList<>();
    for (FunctionSignature b : lostBefore) {
      List<FunctionSignature> candidates = newByName.get(b.qualifiedName());
      FunctionSignature best = null;
      int bestScore = Integer.MIN_VALUE;
      if (candidates != null) {
        for (FunctionSignature a : candidates) {
          int score = similarity(b, a);
          if (score > bestScore) {
            best = a;
            bestScore = score;
          }
        }
      }
      if (best == null) {
        unpaired.add(b);
        continue;
      }
      candidates.remove(best);
      newAfter.remove(best);
      // Two declarations with the same key (the same method in two anonymous classes of one type)
      // pair by name with their unchanged twin: nothing changed.
      SignatureChange c = between(b, best);
      if (c != null) {
        out.add(c);
      }
    }
    // Different name, same container: a rename when the parameters match, or when it is the only
    // declaration that went away and the only one that came in that container.
    List<FunctionSignature> deleted = new ArrayList<>();
    for (FunctionSignature b : unpaired) {
      FunctionSignature match = null;
      List<FunctionSignature> sameContainer = newAfter.stream()
          .filter(a -> a.container().equals(b.container()) && a.kind() == b.kind()).collect(Collectors.toList());
      for (FunctionSignature a : sameContainer) {
        if (parameterTypes(a).equals(parameterTypes(b))) {
          if (match == null || Math.abs(a.line() - b.line()) < Math.abs(match.line() - b.line())) {
            match = a;
          }
        }
      }
      long lostHere = unpaired.stream().filter(x -> x.container().equals(b.container())).count();
      if (match == null && sameContainer.size() == 1 && lostHere == 1
          && !keptNames.contains(sameContainer.get(0).qualifiedName())) {
        match = sameContainer.get(0);
      }
      if (match != null && b.kind() != FunctionSignature.Kind.CONSTRUCTOR) {
        newAfter.remove(match);
        out.add(between(b, match));
      } else {
        deleted.add(b);
      }
    }
    for (FunctionSignature b : deleted) {
      out.add(new SignatureChange(List.of(ChangeKind.DELETED), b, null, List.of(), b.text() + ": deleted"));
    }
    // New declarations beside a kept one of the same name: overloads.
    for (FunctionSignature a : newAfter) {
      if (keptNames.contains(a.qualifiedName())) {
        FunctionSignature existing = before.stream().filter(b -> b.qualifiedName().equals(a.qualifiedName()))
            .findFirst().orElseThrow();
        List<Integer> map = new ArrayList<>();
        a.parameters().forEach(p -> map.add(-1));
        out.add(new SignatureChange(List.of(ChangeKind.OVERLOAD_ADDED), existing, a, map,
            "overload added: " + a.text()));
      }
    }
    return out;
  }

  /**
   * The change from one declaration to another (which may be in another file or container), or
   * null when they are the same.
   *
   * @param b the old declaration
   * @param a the new declaration
   * @return the change, or null
   */
  public static SignatureChange between(FunctionSignature b, FunctionSignature a) {
    List<ChangeKind> kinds = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (!b.name().equals(a.name())) {
      kinds.add(ChangeKind.RENAMED);
      notes.add("renamed to " + a.name());
    }
    List<Parameter> bp = b.parameters();
    List<Parameter> ap = a.parameters();
    int[] map = new int[ap.size()];
    java.util.Arrays.fill(map, -1);
    boolean[] used = new boolean[bp.size()];
    for (int i = 0; i < ap.size(); i++) {
      for (int j = 0; j < bp.size(); j++) {
        if (!used[j] && !ap.get(i).name().isEmpty() && bp.get(j).name().equals(ap.get(i).name())) {
          map[i] = j;
          used[j] = true;
          break;
        }
      }
    }
    List<String> renamedParams = new ArrayList<>();
    for (int i = 0; i < ap.size(); i++) {
      if (map[i] < 0 && i < bp.size() && !used[i] && sameType(bp.get(i), ap.get(i))
          && bp.get(i).variadic() == ap.get(i).variadic()) {
        map[i] = i;
        used[i] = true;
        renamedParams.add(bp.get(i).name() + " -> " + ap.get(i).name());
      }
    }
    List<String> added = new ArrayList<>();
    for (int i = 0; i < ap.size(); i++) {
      if (map[i] < 0) {
        added.add(ap.get(i).display());
      }
    }
    List<String> removed = new ArrayList<>();
    for (int j = 0; j < bp.size(); j++) {
      if (!used[j]) {
        removed.add(bp.get(j).display());
      }
    }
    if (!added.isEmpty()) {
      kinds.add(ChangeKind.PARAMETER_ADDED);
      notes.add("parameter" + (added.size() > 1 ? "s " : " ") + String.join(", ", added) + " added");
    }
    if (!removed.isEmpty()) {
      kinds.add(ChangeKind.PARAMETER_REMOVED);
      notes.add("parameter" + (removed.size() > 1 ? "s " : " ") + String.join(", ", removed) + " removed");
    }
    int last = -1;
    for (int m : map) {
      if (m >= 0) {
        if (m < last) {
          kinds.add(ChangeKind.PARAMETERS_REORDERED);
          notes.add("parameters reordered");
          break;
        }
        last = m;
      }
    }
    if (!renamedParams.isEmpty()) {
      kinds.add(ChangeKind.PARAMETER_RENAMED);
      notes.add("parameter renamed " + String.join(", ", renamedParams));
    }
    List<String> required = new ArrayList<>();
    for (int i = 0; i < ap.size(); i++) {
      if (map[i] >= 0 && bp.get(map[i]).optional() && !bp.get(map[i]).variadic() && !ap.get(i).optional()) {
        required.add(ap.get(i).name());
      }
    }
    if (!required.isEmpty()) {
      kinds.add(ChangeKind.PARAMETER_REQUIRED);
      notes.add("parameter" + (required.size() > 1 ? "s " : " ") + String.join(", ", required) + " now required");
    }
    List<String> retyped = new ArrayList<>();
    for (int i = 0; i < ap.size(); i++) {
      if (map[i] >= 0 && !sameType(bp.get(map[i]), ap.get(i))) {
        retyped.add(ap.get(i).name() + ": " + bp.get(map[i]).type() + " -> " + ap.get(i).type());
      }
    }
    if (!retyped.isEmpty()) {
      kinds.add(ChangeKind.PARAMETER_TYPE_CHANGED);
      notes.add("parameter type changed " + String.join(", ", retyped));
    }
    if (!norm(b.returnType()).equals(norm(a.returnType()))) {
      kinds.add(ChangeKind.RETURN_TYPE_CHANGED);
      notes.add("return type " + show(b.returnType()) + " -> " + show(a.returnType()));
    }
    if (!new HashSet<>(b.modifiers()).equals(new HashSet<>(a.modifiers()))) {
      kinds.add(ChangeKind.MODIFIERS_CHANGED);
      notes.add("modifiers " + show(String.join(" ", b.modifiers())) + " -> " + show(String.join(" ", a.modifiers())));
    }
    if (!b.path().equals(a.path()) || !b.container().equals(a.container())) {
      kinds.add(ChangeKind.MOVED);
      notes.add("moved to " + (a.container().isEmpty() ? a.path() : a.container() + " in " + a.path()));
    }
    if (kinds.isEmpty()) {
      return null;
    }
    List<Integer> argumentMap = new ArrayList<>();
    for (int m : map) {
      argumentMap.add(m);
    }
    return new SignatureChange(kinds, b, a, argumentMap, b.text() + " -> " + a.text() + ": " + String.join("; ", notes));
  }

  private static int similarity(FunctionSignature b, FunctionSignature a) {
    int score = 0;
    Set<String> names = b.parameters().stream().map(Parameter::name).collect(Collectors.toSet());
    for (Parameter p : a.parameters()) {
      if (names.contains(p.name())) {
        score += 2;
      }
    }
    return score - Math.abs(a.parameters().size() - b.parameters().size()) - Math.abs(a.line() - b.line()) / 50;
  }

  private static List<String> parameterTypes(FunctionSignature s) {
    return s.parameters().stream().map(p -> p.type().isEmpty() ? p.name() : norm(p.type()) + (p.variadic() ? "..." : ""))
        .collect(Collectors.toList());
  }

  private static boolean sameType(Parameter x, Parameter y) {
    return norm(x.type()).equals(norm(y.type()));
  }

  private static String norm(String type) {
    return type.replaceAll("\\s+", "");
  }

  private static String show(String s) {
    return s.isEmpty() ? "(none)" : s;
  }
}
