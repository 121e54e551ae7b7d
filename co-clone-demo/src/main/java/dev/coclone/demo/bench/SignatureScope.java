package dev.coclone.demo.bench;

import dev.coclone.signature.FunctionSignature;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files javac must see again when a method changes: every file that writes the method's name
 * or its type's simple name (calls, references, overrides, subclasses, imports), and the changed
 * file; every file when the type is an interface (a lambda implementing it may name neither).
 * The rest are compiled once, unchanged, into class files ({@link SignatureJavac#compileAll}).
 */
final class SignatureScope {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

  private final Map<String, String> texts;
  private final Map<String, Set<String>> identifiers = new HashMap<>();

  SignatureScope(Map<String, String> texts) {
    this.texts = texts;
    texts.forEach((path, text) -> {
      Set<String> ids = new HashSet<>();
      Matcher m = IDENTIFIER.matcher(text);
      while (m.find()) {
        ids.add(m.group());
      }
      identifiers.put(path, ids);
    });
  }

  /** The files a change to {@code m} can affect, sorted. */
  Set<String> affected(FunctionSignature m) {
    String container = m.container();
    String owner = container.substring(container.lastIndexOf('.') + 1);
    Set<String> out = new TreeSet<>();
    String home = texts.getOrDefault(m.path(), "");
    if (Pattern.compile("\\binterface\\s+" + Pattern.quote(owner) + "\\b").matcher(home).find()) {
      out.addAll(texts.keySet());
      return out;
    }
    out.add(m.path());
    identifiers.forEach((path, ids) -> {
      if (ids.contains(m.name()) || ids.contains(owner)) {
        out.add(path);
      }
    });
    return out;
  }
}
