package dev.coclone.context;

import dev.coclone.completion.CompletionRequest;
import dev.coclone.completion.ContextProvider;
import dev.coclone.source.ContextSnippet;
import dev.coclone.source.Identifiers;
import dev.coclone.context.internal.WindowIndex;
import dev.coclone.prompt.FimTemplate;
import dev.coclone.prompt.PromptBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Chooses the context for a cursor: definitions of the names used around it (types as outlines,
 * functions whole when short), code similar to the lines before it (Jaccard over identifiers,
 * sliding windows), and recently edited files' outlines. Candidates are ranked, fitted into the
 * token budget ({@link PromptBuilder#estimateTokens}), and returned least relevant first, each
 * with its source, score and reason.
 */
public final class ContextRetriever implements ContextProvider {
  private static final int NEAR_LINES_BEFORE = 40;
  private static final int NEAR_LINES_AFTER = 10;
  private static final int SIMILAR_QUERY_LINES = 20;
  private static final int MAX_DEFINITION_LINES = 40;

  private final ContextIndex index;
  private final Supplier<List<String>> recentlyEdited;

  /**
   * Creates a retriever.
   *
   * @param index          the workspace index
   * @param recentlyEdited paths edited recently, most recent first (e.g. Workspace::recentlyEdited)
   */
  public ContextRetriever(ContextIndex index, Supplier<List<String>> recentlyEdited) {
    this.index = Objects.requireNonNull(index, "index");
    this.recentlyEdited = Objects.requireNonNull(recentlyEdited, "recentlyEdited");
  }

  @Override
  public List<ContextSnippet> gather(CompletionRequest request, int tokenBudget) {
    return retrieve(request, tokenBudget, FimTemplate.DEEPSEEK_CODER).snippets();
  }

  private record Candidate(String path, int startLine, int endLine, String text, double score, String reason) {}

  /**
   * Chooses context and builds the prompt text that goes before the cursor.
   *
   * @param request     the completion request
   * @param tokenBudget tokens the context may use
   * @param template    the model family (prompt format)
   * @return the chosen snippets, their tokens and the prompt
   */
  public ContextResult retrieve(CompletionRequest request, int tokenBudget, FimTemplate template) {
    String current = request.filePath();
    String[] before = request.prefix().split("\n", -1);
    String[] after = request.suffix().split("\n", -1);
    // Names used near the cursor, weighted by closeness.
    Map<String, Double> used = new LinkedHashMap<>();
    for (int i = before.length - 1, d = 0; i >= 0 && d < NEAR_LINES_BEFORE; i--, d++) {
      weigh(used, before[i], request.language(), 1.0 / (1 + d / 8.0));
    }
    for (int i = 0; i < after.length && i < NEAR_LINES_AFTER; i++) {
      weigh(used, after[i], request.language(), 0.5 / (1 + i / 4.0));
    }
    List<Candidate> candidates = new ArrayList<>();
    for (Map.Entry<String, Double> u : used.entrySet()) {
      int taken = 0;
      for (Definition d : index.definitions(u.getKey())) {
        if (d.path().equals(current) || taken == 2 || d.kind().equals("field")) {
          continue;
        }
        Candidate c = definitionSnippet(d, u.getValue());
        if (c != null) {
          candidates.add(c);
          taken++;
        }
      }
    }
    // One hop further: types that the chosen definitions use (TodoList's body makes Todos).
    List<Candidate> hop = new ArrayList<>();
    Set<String> seen = new HashSet<>(used.keySet());
    for (Candidate c : candidates) {
      for (List<String> ids : Identifiers.perLine(c.text, request.language())) {
        for (String id : ids) {
          if (!seen.add(id)) {
            continue;
          }
          for (Definition d : index.definitions(id)) {
            if (d.isType() && !d.path().equals(current)) {
              Candidate t = definitionSnippet(d, c.score / 2.5);
              if (t != null) {
                hop.add(new Candidate(t.path, t.startLine, t.endLine, t.text, t.score,
                    "definition of " + d.kind() + " " + d.name() + ", used by " + c.reason.replaceFirst(
                        "^definition of \\S+ (\\S+),.*$", "$1")));
              }
              break;
            }
          }
        }
      }
    }
    candidates.addAll(hop);
    // Code similar to what was just written.
    Set<String> query = new HashSet<>();
    for (int i = Math.max(0, before.length - SIMILAR_QUERY_LINES); i < before.length; i++) {
      for (List<String> ids : Identifiers.perLine(before[i], request.language())) {
        query.addAll(ids);
      }
    }
    for (WindowIndex.Hit h : index.similar(query, current, 6)) {
      String text = lines(h.path(), h.startLine(), h.endLine());
      if (text != null && !text.isBlank()) {
        candidates.add(new Candidate(h.path(), h.startLine(), h.endLine(), text, h.jaccard(),
            String.format("similar to the code before the cursor (Jaccard %.2f)", h.jaccard())));
      }
    }
    // Recently edited files.
    int r = 0;
    for (String path : recentlyEdited.get()) {
      if (path.equals(current) || r++ >= 3) {
        continue;
      }
      String outline = outline(path);
      if (!outline.isBlank()) {
        candidates.add(new Candidate(path, 1, Integer.MAX_VALUE, outline, 0.25 / r, "recently edited (outline)"));
      }
    }
    // Code in another language only misleads the model (and the embedded engine, which reads the
    // context as part of the file): a Python cursor gets no Java windows, outlines or definitions.
    String family = family(request.language());
    if (family != null) {
      candidates.removeIf(c -> index.file(c.path).map(f -> !family.equals(family(f.language()))).orElse(false));
    }
    // Code the request already holds adds nothing: a client that sends no file path (the Ollama and
    // OpenAI protocols have none) would otherwise get its own file back as "similar" context.
    if (!candidates.isEmpty()) {
      Set<String> held = heldLines(before, after);
      candidates.removeIf(c -> repeats(c.text, held));
    }
    List<Candidate> chosen = fit(candidates, tokenBudget);
    List<ContextSnippet> snippets = new ArrayList<>();
    int tokens = 0;
    for (Candidate c : chosen) {
      snippets.add(new ContextSnippet(c.path + (c.endLine == Integer.MAX_VALUE ? "" : ":" + c.startLine + "-"
          + c.endLine), c.text, Math.round(c.score * 1000) / 1000.0, c.reason));
      tokens += PromptBuilder.estimateTokens(c.text);
    }
    String prompt = PromptBuilder.contextualPrefix(template, request.language(), current, snippets, request.prefix());
    return new ContextResult(snippets, tokens, prompt);
  }

  /** The lines of the code around the cursor that say something, stripped ({@code }} and such left out). */
  private static Set<String> heldLines(String[] before, String[] after) {
    Set<String> held = new HashSet<>();
    for (String[] part : new String[][] {before, after}) {
      for (String line : part) {
        String t = line.strip();
        if (t.length() > 3) {
          held.add(t);
        }
      }
    }
    return held;
  }

  /** True if nearly every line of a snippet that says something is already in the request. */
  private static boolean repeats(String text, Set<String> held) {
    int lines = 0;
    int found = 0;
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (t.length() > 3) {
        lines++;
        found += held.contains(t) ? 1 : 0;
      }
    }
    return lines > 0 && found >= 0.9 * lines;
  }

  /** Languages whose code helps each other's completions: JavaScript and TypeScript together. */
  private static String family(String language) {
    if (language == null || language.isEmpty() || language.equals("text")) {
      return null;
    }
    return language.equals("typescript") ? "javascript" : language;
  }

  private static void weigh(Map<String, Double> used, String line, String language, double w) {
    for (List<String> ids : Identifiers.perLine(line, language)) {
      for (String id : ids) {
        used.merge(id, w, Math::max);
      }
    }
  }

  private Candidate definitionSnippet(Definition d, double weight) {
    String text;
    String reason;
    if (d.isType()) {
      int length = d.endLine() - d.startLine() + 1;
      text = length <= MAX_DEFINITION_LINES ? lines(d.path(), d.startLine(), d.endLine()) : typeOutline(d);
      reason = "definition of " + d.kind() + " " + d.name() + ", used near the cursor"
          + (length <= MAX_DEFINITION_LINES ? "" : " (outline)");
    } else {
      int length = d.endLine() - d.startLine() + 1;
      text = length <= MAX_DEFINITION_LINES / 2 ? lines(d.path(), d.startLine(), d.endLine())
          : signatureLine(d) + " ...";
      reason = "definition of " + d.kind() + " " + (d.container().isEmpty() ? "" : d.container() + ".") + d.name()
          + ", used near the cursor";
    }
    if (text == null || text.isBlank()) {
      return null;
    }
    return new Candidate(d.path(), d.startLine(), d.endLine(), text, (d.isType() ? 1.7 : 1.5) * weight, reason);
  }

  private String signatureLine(Definition d) {
    String line = lines(d.path(), d.startLine(), d.startLine());
    return line == null ? d.signature() : line.stripTrailing();
  }

  /** A type's first line, its members' signatures, and its last line. */
  private String typeOutline(Definition type) {
    StringBuilder sb = new StringBuilder();
    String first = lines(type.path(), type.startLine(), type.startLine());
    sb.append(first == null ? type.signature() + " {" : first.stripTrailing()).append('\n');
    index.symbols(type.path()).ifPresent(s -> {
      for (Definition m : s.definitions()) {
        if (m.container().equals(type.name()) && !m.equals(type) && m.startLine() > type.startLine()
            && m.endLine() <= type.endLine()) {
          String l = lines(m.path(), m.startLine(), m.startLine());
          String sig = l == null ? m.signature() : l.stripTrailing();
          sb.append(sig.endsWith("{") ? sig.substring(0, sig.length() - 1).stripTrailing() + " { ... }" : sig)
              .append('\n');
        }
      }
    });
    String last = lines(type.path(), type.endLine(), type.endLine());
    sb.append(last == null ? "}" : last.stripTrailing());
    return sb.toString();
  }

  private String outline(String path) {
    StringBuilder sb = new StringBuilder();
    index.symbols(path).ifPresent(s -> {
      for (Definition d : s.definitions()) {
        if (!d.kind().equals("field")) {
          sb.append(d.container().isEmpty() ? "" : "  ").append(signatureLine(d)).append('\n');
        }
      }
    });
    return sb.toString();
  }

  private String lines(String path, int from, int to) {
    return index.lines(path, from, to);
  }

  /** Best first, skipping overlaps with what is already chosen, until the budget is spent; least relevant first. */
  private static List<Candidate> fit(List<Candidate> candidates, int budget) {
    candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
    List<Candidate> chosen = new ArrayList<>();
    int left = budget;
    for (Candidate c : candidates) {
      boolean overlaps = chosen.stream().anyMatch(o -> o.path.equals(c.path) && o.startLine <= c.endLine
          && c.startLine <= o.endLine);
      int cost = PromptBuilder.estimateTokens(c.text) + 8;
      if (overlaps || cost > left) {
        continue;
      }
      chosen.add(c);
      left -= cost;
    }
    chosen.sort(Comparator.comparingDouble(Candidate::score));
    return chosen;
  }
}
