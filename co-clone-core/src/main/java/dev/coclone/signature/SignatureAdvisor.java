package dev.coclone.signature;

import dev.coclone.cancel.Cancellation;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.ContextSnippet;
import dev.coclone.model.GenerationRequest;
import dev.coclone.model.ModelBackend;
import dev.coclone.model.TokenSink;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Asks a model how to update a site that no deterministic edit can fix (a changed parameter or
 * return type, a deleted function). The prompt is a fill-in-the-middle request at the site: the
 * file up to the site's line with a comment that states the old and the new signature, the new
 * declaration as context, and the rest of the file as the suffix; the model writes the line again.
 * Streams as the model writes; stops when the line ends or the call is canceled.
 */
public final class SignatureAdvisor {
  private final ModelBackend backend;

  /**
   * Creates an advisor.
   *
   * @param backend the model to ask
   */
  public SignatureAdvisor(ModelBackend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
  }

  /**
   * Suggests a new text for the site's line.
   *
   * @param change   the change
   * @param site     the dependent site
   * @param fileText the site's file as it is now
   * @param sink     receives the suggested line's text as it arrives; returning false stops
   * @param cancel   stops the model when signalled
   * @return the suggestion
   * @throws IOException if the model fails, or {@link dev.coclone.cancel.CanceledException} if canceled
   */
  public Suggestion suggest(SignatureChange change, Dependent site, String fileText, TokenSink sink,
      Cancellation cancel) throws IOException {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(site, "site");
    int lineStart = 0;
    for (int l = 1; l < site.line(); l++) {
      int nl = fileText.indexOf('\n', lineStart);
      if (nl < 0) {
        throw new IllegalArgumentException(site.path() + " has no line " + site.line()
            + "; detect again, the file changed");
      }
      lineStart = nl + 1;
    }
    int lineEnd = fileText.indexOf('\n', lineStart);
    if (lineEnd < 0) {
      lineEnd = fileText.length();
    }
    String line = fileText.substring(lineStart, lineEnd);
    int indentEnd = lineStart;
    while (indentEnd < lineEnd && Character.isWhitespace(fileText.charAt(indentEnd))) {
      indentEnd++;
    }
    String indent = fileText.substring(lineStart, indentEnd);
    String comment = comment(change.before().language(), describe(change));
    String prefix = fileText.substring(0, lineStart) + indent + comment + "\n" + indent;
    String suffix = fileText.substring(lineEnd);
    List<ContextSnippet> context = change.after() == null ? List.of()
        : List.of(new ContextSnippet(change.after().path(), change.after().text(), 1.0, "the new signature"));
    StringBuilder out = new StringBuilder();
    GenerationRequest request = GenerationRequest.builder().prefix(prefix).suffix(suffix)
        .language(change.before().language()).filePath(site.path()).maxTokens(96).temperature(0)
        .mode(CompletionMode.SINGLE_LINE).context(context).stop(List.of("\n")).build();
    backend.generate(request, text -> {
      int nl = text.indexOf('\n');
      String piece = nl < 0 ? text : text.substring(0, nl);
      out.append(piece);
      boolean more = piece.isEmpty() || sink.accept(piece);
      return more && nl < 0;
    }, cancel);
    String newText = out.toString().stripTrailing();
    TextEdit edit = TextEdit.of(fileText, indentEnd, lineEnd, newText);
    return new Suggestion(site.path(), site.line(), line.strip(), newText, edit, backend.id() + "/" + backend.model());
  }

  private static String describe(SignatureChange change) {
    String after = change.after() == null ? "(deleted)" : change.after().text();
    return "Update for the new signature: " + change.before().text() + "  ->  " + after;
  }

  private static String comment(String language, String text) {
    return "python".equals(language) ? "# " + text : "// " + text;
  }
}
