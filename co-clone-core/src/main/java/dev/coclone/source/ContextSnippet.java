package dev.coclone.source;

import java.util.Objects;

/**
 * A piece of code put into a prompt besides the prefix and suffix: a definition, a similar window,
 * an outline, or text the user supplied.
 *
 * @param path   workspace-relative path of the source, or a label such as {@code "user"}
 * @param text   the code itself
 * @param score  ranking score (higher is more relevant); 0 for user-supplied context
 * @param reason why it was chosen, for display (e.g. "definition of Todo used at cursor")
 */
public record ContextSnippet(String path, String text, double score, String reason) {
  /** Validates the components. */
  public ContextSnippet {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Context typed or pasted by the user.
   *
   * @param text the code
   * @return a snippet labelled as user context
   */
  public static ContextSnippet user(String text) {
    return new ContextSnippet("user", text, 0, "supplied with the request");
  }
}
