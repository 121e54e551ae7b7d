package dev.coclone.completion;

import dev.coclone.source.ContextSnippet;
import java.util.List;

/**
 * Supplies workspace context for a request: definitions, similar code, outlines. Implemented by the
 * workspace index in {@code dev.coclone.context}; plug any other source in through the engine's
 * builder.
 */
@FunctionalInterface
public interface ContextProvider {
  /**
   * Gathers snippets for a completion, fitting the token budget.
   *
   * @param request     the completion request
   * @param tokenBudget how many prompt tokens the snippets may use together
   * @return snippets, least relevant first (the most relevant goes nearest the cursor)
   */
  List<ContextSnippet> gather(CompletionRequest request, int tokenBudget);
}
