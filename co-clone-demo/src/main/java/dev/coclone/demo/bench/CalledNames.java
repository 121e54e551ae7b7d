package dev.coclone.demo.bench;

import dev.coclone.signature.FunctionSignature;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often each name is written as a call and how often it is declared, across a corpus. The
 * signature benches try a change only on a declaration whose name is called more often than it is
 * declared, so that the change has call sites to find.
 */
final class CalledNames {
  private final Map<String, Integer> written = new HashMap<>();
  private final Map<String, Integer> declared = new HashMap<>();

  /**
   * Counts the names.
   *
   * @param called a pattern whose group 1 is the name of a call, in the language's syntax
   * @param texts  the corpus's file texts
   * @param byFile the declarations found, by file
   */
  CalledNames(Pattern called, Collection<String> texts, Map<String, List<FunctionSignature>> byFile) {
    for (String t : texts) {
      Matcher m = called.matcher(t);
      while (m.find()) {
        written.merge(m.group(1), 1, Integer::sum);
      }
    }
    byFile.values().forEach(l -> l.forEach(f -> declared.merge(f.name(), 1, Integer::sum)));
  }

  /** True if the name is written as a call more often than it is declared. */
  boolean calledMoreThanDeclared(String name) {
    return written.getOrDefault(name, 0) > declared.getOrDefault(name, 0);
  }
}
