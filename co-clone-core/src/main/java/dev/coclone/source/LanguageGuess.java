package dev.coclone.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guesses a snippet's language from its text, for protocols whose requests name no file or
 * language (Ollama's {@code /api/generate}, OpenAI's {@code /v1/completions}). A path the client
 * put in a comment ({@code // Path: src/app.ts}, {@code # File: util.py},
 * {@code <filename>x.java}) wins; then a shebang; then the language whose telltale lines
 * outnumber every other's. Answers {@code "text"} when nothing is clear, which keeps the
 * engine's language-neutral behaviour.
 */
public final class LanguageGuess {
  private static final Pattern PATH_HINT = Pattern.compile(
      "(?m)^\\s*(?://|#|--|/\\*|<!--)?\\s*(?:path|file|filename|filepath)\\s*:\\s*(\\S+)|<filename>\\s*(\\S+)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern SHEBANG = Pattern.compile("\\A#!\\S*?(?:env\\s+)?(python|node|bash|sh)");
  private static final String[] LANGUAGES = {"python", "java", "typescript", "javascript"};
  private static final Pattern[][] TELLTALES = {
      { // python
          Pattern.compile("(?m)^\\s*def \\w+\\(.*\\)\\s*(->.*)?:\\s*$"),
          Pattern.compile("(?m)^\\s*class \\w+(\\(.*\\))?:\\s*$"),
          Pattern.compile("(?m)^\\s*from [\\w.]+ import "),
          Pattern.compile("(?m)^\\s*import [\\w.]+(\\s+as\\s+\\w+)?\\s*$"),
          Pattern.compile("(?m)^\\s*(if|elif|for|while|with|try|except)\\b[^{;]*:\\s*$"),
          Pattern.compile("\\bself\\."),
          Pattern.compile("\"\"\"")},
      { // java
          Pattern.compile("(?m)^\\s*package [\\w.]+;"),
          Pattern.compile("(?m)^\\s*import (static )?java[x]?\\.[\\w.*]+;"),
          Pattern.compile("\\b(public|private|protected)\\s+(static\\s+)?(final\\s+)?[\\w<>\\[\\]]+\\s+\\w+\\s*\\("),
          Pattern.compile("\\b(public|final)\\s+class\\s+\\w+"),
          Pattern.compile("System\\.(out|err)\\.print"),
          Pattern.compile("@Override\\b")},
      { // typescript
          Pattern.compile("\\binterface \\w+(<[^>]*>)?\\s*(extends [^{]+)?\\{"),
          Pattern.compile("\\b(export )?type \\w+(<[^>]*>)?\\s*="),
          Pattern.compile("\\w\\??:\\s*(string|number|boolean|void|unknown|any)(\\[\\])?\\s*[,)=;{]"),
          Pattern.compile("\\)\\s*:\\s*(Promise<|string|number|boolean|void)")},
      { // javascript
          Pattern.compile("\\bfunction\\s*\\w*\\s*\\("),
          Pattern.compile("(?m)^\\s*(const|let|var) \\w+\\s*="),
          Pattern.compile("=>"),
          Pattern.compile("\\brequire\\(['\"]"),
          Pattern.compile("\\bconsole\\.log\\("),
          Pattern.compile("\\bmodule\\.exports\\b|\\bexport (default |const |function |class )")}
  };

  private LanguageGuess() {}

  /**
   * Returns the language id the text most likely is, or {@code "text"}.
   *
   * @param prefix the text before the cursor
   * @param suffix the text after it (may be empty)
   * @return a language id of {@link Languages}, or {@code "text"}
   */
  public static String of(String prefix, String suffix) {
    String text = (prefix == null ? "" : prefix) + "\n" + (suffix == null ? "" : suffix);
    Matcher hint = PATH_HINT.matcher(text);
    if (hint.find()) {
      String fromHint = Languages.fromPath(hint.group(1) != null ? hint.group(1) : hint.group(2));
      if (!"text".equals(fromHint)) {
        return fromHint;
      }
    }
    Matcher bang = SHEBANG.matcher(text);
    if (bang.find()) {
      return switch (bang.group(1)) {
        case "python" -> "python";
        case "node" -> "javascript";
        default -> "shell";
      };
    }
    int[] scores = new int[LANGUAGES.length];
    for (int i = 0; i < LANGUAGES.length; i++) {
      for (Pattern p : TELLTALES[i]) {
        Matcher m = p.matcher(text);
        while (m.find()) {
          scores[i]++;
        }
      }
    }
    // TypeScript is JavaScript with types: its own telltales decide, JavaScript's count for it too.
    if (scores[2] > 0) {
      scores[2] += scores[3];
    }
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    int second = 0;
    for (int i = 0; i < scores.length; i++) {
      if (i != best && !(best == 2 && i == 3)) {
        second = Math.max(second, scores[i]);
      }
    }
    return scores[best] >= 1 && scores[best] > second ? LANGUAGES[best] : "text";
  }
}
