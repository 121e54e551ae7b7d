package dev.coclone.context;

import dev.coclone.source.ContextSnippet;
import java.util.List;

/**
 * The context chosen for a cursor, with why.
 *
 * @param snippets      chosen snippets, least relevant first (as they go into the prompt)
 * @param contextTokens their estimated tokens
 * @param prompt        the prompt text before the cursor: context, then the prefix
 */
public record ContextResult(List<ContextSnippet> snippets, int contextTokens, String prompt) {
  /** Copies the list. */
  public ContextResult {
    snippets = List.copyOf(snippets);
  }
}
