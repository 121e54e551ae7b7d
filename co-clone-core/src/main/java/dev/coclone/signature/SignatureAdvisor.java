package dev.coclone.signature;

import dev.coclone.cancel.Cancellation;
import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionCall;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.completion.CompletionListener;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.ContextSnippet;
import dev.coclone.cancel.CancelReason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Asks a model how to update a site that no deterministic edit can fix (a changed parameter or
 * return type, a deleted function). The prompt is a fill-in-the-middle request at the site: the
 * file up to the site's line with a comment that states the old and the new signature, the new
 * declaration as context, and the rest of the file as the suffix; the model writes the line again.
 *
 * <p>Each suggestion is a normal call of the {@link CompletionEngine} (single-line, no workspace
 * context, no cache), so it runs on the engine's bounded executor, shows in its registry and
 * event listeners, stops at the end of the line through the engine's stream gate, and is canceled
 * like any other call. Its session is the site: a newer suggestion for the same site supersedes an
 * older one still running.
 */
public final class SignatureAdvisor {
  private final CompletionEngine engine;
  private final AtomicLong ids = new AtomicLong();

  /**
   * Creates an advisor.
   *
   * @param engine the engine whose model is asked
   */
  public SignatureAdvisor(CompletionEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** Receives one suggestion as it streams: pieces of the line, then exactly one of the two ends. */
  public interface Listener {
    /**
     * A piece of the suggested line.
     *
     * @param text the piece
     */
    default void onText(String text) {}

    /**
     * The suggestion is complete.
     *
     * @param suggestion the suggestion
     */
    void onSuggestion(Suggestion suggestion);

    /**
     * The model failed, the engine was busy, or the call was canceled.
     *
     * @param error a {@link dev.coclone.cancel.CanceledException} when canceled
     */
    void onFailure(IOException error);
  }

  /**
   * Suggests a new text for the site's line on the engine's executor, streaming to the listener.
   *
   * @param change   the change
   * @param site     the dependent site
   * @param fileText the site's file as it is now
   * @param listener receives the suggestion
   * @return the running call; cancel it to stop the model
   * @throws IllegalArgumentException if the file has no such line (it changed since detection)
   */
  public CompletionCall enqueue(SignatureChange change, Dependent site, String fileText, Listener listener) {
    Objects.requireNonNull(listener, "listener");
    Prompt prompt = prompt(change, site, fileText);
    CompletionCall call = engine.newCall(prompt.request);
    call.enqueue(new CompletionListener() {
      @Override
      public void onToken(CompletionCall c, String text) {
        listener.onText(text);
      }

      @Override
      public void onComplete(CompletionCall c, Completion completion) {
        listener.onSuggestion(prompt.suggestion(completion));
      }

      @Override
      public void onFailure(CompletionCall c, IOException error) {
        listener.onFailure(error);
      }
    });
    return call;
  }

  /**
   * Suggests a new text for the site's line and waits for it (the model runs on the engine's executor).
   *
   * @param change   the change
   * @param site     the dependent site
   * @param fileText the site's file as it is now
   * @param pieces   receives the suggested line's text as it arrives
   * @param cancel   stops the model when signalled
   * @return the suggestion
   * @throws IOException if the model fails or the engine is busy, or
   *                     {@link dev.coclone.cancel.CanceledException} if canceled
   * @throws IllegalArgumentException if the file has no such line (it changed since detection)
   */
  public Suggestion suggest(SignatureChange change, Dependent site, String fileText, Consumer<String> pieces,
      Cancellation cancel) throws IOException {
    Objects.requireNonNull(pieces, "pieces");
    Objects.requireNonNull(cancel, "cancel");
    CompletableFuture<Suggestion> result = new CompletableFuture<>();
    CompletionCall call = enqueue(change, site, fileText, new Listener() {
      @Override
      public void onText(String text) {
        pieces.accept(text);
      }

      @Override
      public void onSuggestion(Suggestion suggestion) {
        result.complete(suggestion);
      }

      @Override
      public void onFailure(IOException error) {
        result.completeExceptionally(error);
      }
    });
    try (Cancellation.Registration ignored = cancel.onCancel(() -> call.cancel(cancel.reason()))) {
      return result.get();
    } catch (InterruptedException e) {
      call.cancel(CancelReason.SHUTDOWN);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the model suggested an update");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("the suggestion failed unexpectedly: " + e.getCause(), e.getCause());
    }
  }

  /** The request for a site, and where its line is in the file. */
  private record Prompt(CompletionRequest request, Dependent site, String fileText, String line, int start, int end) {
    Suggestion suggestion(Completion c) {
      TextEdit edit = TextEdit.of(fileText, start, end, c.text());
      return new Suggestion(site.path(), site.line(), line.strip(), c.text(), edit, c.backend() + "/" + c.model());
    }
  }

  private Prompt prompt(SignatureChange change, Dependent site, String fileText) {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(fileText, "fileText");
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
    int indentEnd = lineStart;
    while (indentEnd < lineEnd && Character.isWhitespace(fileText.charAt(indentEnd))) {
      indentEnd++;
    }
    String indent = fileText.substring(lineStart, indentEnd);
    String comment = comment(change.before().language(), describe(change));
    CompletionRequest.Builder request = CompletionRequest.builder()
        .prefix(fileText.substring(0, lineStart) + indent + comment + "\n" + indent)
        .suffix(fileText.substring(lineEnd)).language(change.before().language()).filePath(site.path())
        .maxTokens(96).temperature(0).mode(CompletionMode.SINGLE_LINE).addStop("\n")
        .useWorkspaceContext(false).useCache(false)
        .sessionId("signature-site:" + site.path() + ":" + site.line() + ":" + site.column())
        .requestId("signature-" + ids.incrementAndGet());
    if (change.after() != null) {
      request.addContext(new ContextSnippet(change.after().path(), change.after().text(), 1.0, "the new signature"));
    }
    return new Prompt(request.build(), site, fileText, fileText.substring(lineStart, lineEnd), indentEnd, lineEnd);
  }

  private static String describe(SignatureChange change) {
    String after = change.after() == null ? "(deleted)" : change.after().text();
    return "Update for the new signature: " + change.before().text() + "  ->  " + after;
  }

  private static String comment(String language, String text) {
    return "python".equals(language) ? "# " + text : "// " + text;
  }
}
