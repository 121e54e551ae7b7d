package dev.coclone.model;

import dev.coclone.completion.CompletionMode;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.completion.ContextSnippet;
import java.util.List;
import java.util.Objects;

/**
 * What the engine asks a backend to generate: the user's request, the mode the post-processor
 * chose, and the context that fits the prompt budget (nearest to the cursor last). Each backend
 * formats the prompt for its model family itself.
 *
 * @param request   the completion request (prefix, suffix, language, limits)
 * @param mode      single- or multi-line, already resolved (never AUTO)
 * @param context   context snippets, least relevant first
 * @param stop      stop sequences: the request's plus the post-processor's
 */
public record GenerationRequest(CompletionRequest request, CompletionMode mode, List<ContextSnippet> context,
    List<String> stop) {
  /** Validates and copies the components. */
  public GenerationRequest {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(mode, "mode");
    if (mode == CompletionMode.AUTO) {
      throw new IllegalArgumentException("mode must be resolved to SINGLE_LINE or MULTI_LINE");
    }
    context = List.copyOf(context);
    stop = List.copyOf(stop);
  }

  /** Shortcut for {@code request().maxTokens()}. */
  public int maxTokens() {
    return request.maxTokens();
  }
}
