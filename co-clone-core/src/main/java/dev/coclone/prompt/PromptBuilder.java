package dev.coclone.prompt;

import dev.coclone.source.ContextSnippet;
import java.util.List;
import java.util.Objects;

/**
 * Assembles the text that goes before the prefix: context snippets as comment-headed blocks (or a
 * family's repository format), least relevant first so the most relevant sits nearest the cursor.
 */
public final class PromptBuilder {
  private PromptBuilder() {}

  /**
   * Renders context and prefix as one string for the model.
   *
   * @param template  the model family's template
   * @param language  the edited file's language (chooses the comment syntax)
   * @param filePath  the edited file's path, or null
   * @param context   snippets, least relevant first
   * @param prefix    text before the cursor
   * @return context followed by the prefix
   */
  public static String contextualPrefix(FimTemplate template, String language, String filePath,
      List<ContextSnippet> context, String prefix) {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(prefix, "prefix");
    if (context.isEmpty()) {
      return prefix;
    }
    StringBuilder sb = new StringBuilder();
    if (template.repoFormat()) {
      sb.append("<|repo_name|>workspace\n");
      for (ContextSnippet s : context) {
        sb.append("<|file_sep|>").append(s.path()).append('\n').append(s.text());
        if (!s.text().endsWith("\n")) {
          sb.append('\n');
        }
      }
      sb.append("<|file_sep|>").append(filePath == null ? "current" : filePath).append('\n');
      return sb.append(prefix).toString();
    }
    String comment = lineComment(language);
    for (ContextSnippet s : context) {
      sb.append(comment).append(" Path: ").append(s.path()).append('\n');
      sb.append(s.text());
      if (!s.text().endsWith("\n")) {
        sb.append('\n');
      }
      sb.append('\n');
    }
    if (filePath != null) {
      sb.append(comment).append(" Path: ").append(filePath).append('\n');
    }
    return sb.append(prefix).toString();
  }

  /**
   * Returns the line comment marker for a language ({@code #} for Python and shell, {@code //}
   * otherwise).
   *
   * @param language the language id
   * @return the marker
   */
  public static String lineComment(String language) {
    if (language == null) {
      return "//";
    }
    switch (language) {
      case "python":
      case "shell":
      case "ruby":
        return "#";
      default:
        return "//";
    }
  }

  /**
   * Estimates the token count of text for budgeting: one token per 3.5 characters, the usual
   * ratio of BPE code tokenizers (deepseek-coder, Code Llama, StarCoder), rounded up.
   *
   * @param text the text
   * @return the estimate
   */
  public static int estimateTokens(CharSequence text) {
    return (int) Math.ceil(text.length() / 3.5);
  }
}
