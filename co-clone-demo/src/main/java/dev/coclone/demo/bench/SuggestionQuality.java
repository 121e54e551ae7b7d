package dev.coclone.demo.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a user feels of rest-of-line suggestions: how often one is shown, how often it can be taken
 * as is (a non-empty prefix of the true rest of the line), how often it is wrong, how many of the
 * line's characters it saves, and how often inserting it makes the file parse worse.
 */
final class SuggestionQuality {
  private final SyntaxErrors syntax = new SyntaxErrors();
  private int cursors;
  private int shown;
  private int accepted;
  private int parsed;
  private int worsened;
  private long targetChars;
  private long savedChars;
  private final java.util.List<String[]> toParse = new java.util.ArrayList<>();

  /**
   * Records one cursor.
   *
   * @param path       the file's path
   * @param language   the file's language
   * @param prefix     the text before the cursor
   * @param suggestion what the engine suggested (raw)
   * @param target     the true rest of the line, stripped
   * @param suffix     the text after the cursor's line, starting with its line break
   */
  void add(String path, String language, String prefix, String suggestion, String target, String suffix) {
    cursors++;
    targetChars += target.length();
    String got = suggestion.strip();
    if (got.isEmpty()) {
      return;
    }
    shown++;
    if (target.startsWith(got)) {
      accepted++;
      savedChars += got.length();
    }
    if (SyntaxErrors.handles(language)) {
      // Parsed when reporting, so that the parsers' garbage does not land in the engine's latency.
      toParse.add(new String[] {path, language, prefix, suggestion, suffix});
    }
  }

  /** Writes the figures into the bench's JSON. */
  void report(ObjectNode json) {
    for (String[] c : toParse) {
      parsed++;
      // The engine saw the file without the rest of the line; compare the same file with the suggestion in it.
      int without = syntax.count(c[0], c[1], c[2] + c[4]);
      int with = syntax.count(c[0], c[1], c[2] + c[3] + c[4]);
      if (with > without) {
        worsened++;
      }
    }
    toParse.clear();
    json.put("rest_of_line_shown_rate", ratio(shown, cursors));
    json.put("rest_of_line_accepted_rate", ratio(accepted, cursors));
    json.put("rest_of_line_wrong_of_shown", ratio(shown - accepted, shown));
    json.put("rest_of_line_chars_saved", targetChars == 0 ? 0 : (double) savedChars / targetChars);
    json.put("rest_of_line_syntax_worsening_of_shown", ratio(worsened, parsed));
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }
}
