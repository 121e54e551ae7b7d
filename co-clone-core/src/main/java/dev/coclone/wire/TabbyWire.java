package dev.coclone.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.coclone.source.ContextSnippet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tabby's server protocol, what Tabby's editor plugins (through tabby-agent) call:
 * {@code POST /v1/completions} with {@code {"language", "segments": {...}}} answered by
 * {@code {"id", "choices": [{"index", "text"}]}} (never streamed), {@code GET /v1/health},
 * {@code POST /v1/events} and {@code GET /v1beta/server_setting}. Errors are
 * {@code {"error": "a string"}}: tabby-agent shows only the status, curl shows the message.
 * Stateless and thread-safe.
 */
public final class TabbyWire implements ErrorShape {
  /**
   * A declaration of a symbol used near the cursor, as the editor found it.
   *
   * @param filepath the file it is in
   * @param body     its text
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Declaration(String filepath, String body) {}

  /**
   * A piece of a recently changed file that looks like the code at the cursor.
   *
   * @param filepath the file it is in
   * @param body     its text
   * @param score    the editor's relevance score
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Snippet(String filepath, String body, double score) {}

  /**
   * What the editor sends about the cursor.
   *
   * @param prefix                           text before the cursor (required)
   * @param suffix                           text after it, or null
   * @param filepath                         the file, relative to the repository, or null
   * @param gitUrl                           the repository's remote, or null
   * @param declarations                     declarations used near the cursor, or null
   * @param relevantSnippetsFromChangedFiles snippets of recently changed files, or null
   * @param clipboard                        the clipboard's text, or null
   */
  @JsonNaming(SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Segments(String prefix, String suffix, String filepath, String gitUrl, List<Declaration> declarations,
      List<Snippet> relevantSnippetsFromChangedFiles, String clipboard) {}

  /**
   * A completion request.
   *
   * @param language    the language id, e.g. {@code python}, or null
   * @param segments    the text around the cursor and its context
   * @param user        the user's name, or null
   * @param temperature the sampling temperature, or null
   * @param seed        the sampling seed, or null (accepted, not used)
   * @param mode        Tabby's mode ({@code standard}, ...), or null (accepted, not used)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Request(String language, Segments segments, String user, Double temperature, Long seed,
      String mode) {}

  /**
   * One completion choice.
   *
   * @param index the choice's index
   * @param text  the text to insert at the cursor
   */
  public record Choice(int index, String text) {}

  /**
   * A completion answer.
   *
   * @param id      the completion id (events name it)
   * @param choices the choices
   */
  public record Response(String id, List<Choice> choices) {}

  /**
   * Build information, read by tabby-agent to decide which endpoints to call.
   *
   * @param buildDate      build date
   * @param buildTimestamp build time
   * @param gitSha         commit
   * @param gitDescribe    a version tabby-agent compares with semver (it fetches the server
   *                       setting from 0.9.0 on)
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Version(String buildDate, String buildTimestamp, String gitSha, String gitDescribe) {}

  /**
   * The health answer; tabby-agent counts the server as connected when it has {@code model} and
   * {@code device}.
   *
   * @param model       the completion model
   * @param chatModel   the chat model, or null (none here)
   * @param device      where the model runs
   * @param arch        the machine's architecture
   * @param cpuInfo     a CPU description
   * @param cpuCount    processors
   * @param cudaDevices GPUs (none reported)
   * @param version     build information
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Health(String model, String chatModel, String device, String arch, String cpuInfo, int cpuCount,
      List<String> cudaDevices, Version version) {}

  /**
   * Settings the server pushes to the agent.
   *
   * @param disableClientSideTelemetry true: the agent sends no usage data to Tabby's own collector
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record ServerSetting(boolean disableClientSideTelemetry) {}

  /**
   * A completion event: the user saw ({@code view}), accepted ({@code select}) or dismissed
   * ({@code dismiss}) a choice.
   *
   * @param type         the event type
   * @param completionId the completion's id
   * @param choiceIndex  the choice's index
   * @param viewId       the view's id, or null
   * @param elapsed      milliseconds the choice was shown, or null
   */
  @JsonNaming(SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Event(String type, String completionId, Integer choiceIndex, String viewId, Long elapsed) {}

  private record ErrorBody(String error) {}

  /** Creates the codec. */
  public TabbyWire() {}

  /**
   * Whether a {@code POST /v1/completions} body is Tabby's rather than OpenAI's: it has a
   * {@code segments} object and no {@code prompt}.
   *
   * @param body the parsed body
   * @return true for Tabby's shape
   */
  public static boolean isTabbyRequest(JsonNode body) {
    Objects.requireNonNull(body, "body");
    return body.path("segments").isObject() && !body.has("prompt");
  }

  /**
   * Reads a completion request.
   *
   * @param body the parsed body
   * @return the request
   * @throws IllegalArgumentException if a field has the wrong type or {@code segments.prefix} is missing
   */
  public Request request(JsonNode body) {
    Request r = Json.read(Objects.requireNonNull(body, "body"), Request.class);
    if (r.segments() == null || r.segments().prefix() == null) {
      throw new IllegalArgumentException("'segments.prefix' (the text before the cursor) is required");
    }
    return r;
  }

  /**
   * The context the editor sent, for the prompt's context budget: the declarations first, then the
   * snippets of changed files (best first), then the clipboard. Empty texts are left out.
   *
   * @param segments the segments
   * @return the snippets
   */
  public List<ContextSnippet> context(Segments segments) {
    List<ContextSnippet> out = new ArrayList<>();
    if (segments.declarations() != null) {
      for (Declaration d : segments.declarations()) {
        if (d != null && d.body() != null && !d.body().isBlank()) {
          out.add(new ContextSnippet(path(d.filepath()), d.body(), 1, "declaration sent by the editor"));
        }
      }
    }
    if (segments.relevantSnippetsFromChangedFiles() != null) {
      segments.relevantSnippetsFromChangedFiles().stream()
          .filter(s -> s != null && s.body() != null && !s.body().isBlank())
          .sorted((a, b) -> Double.compare(b.score(), a.score()))
          .forEach(s -> out.add(new ContextSnippet(path(s.filepath()), s.body(), s.score(),
              "recently changed code sent by the editor")));
    }
    if (segments.clipboard() != null && !segments.clipboard().isBlank()) {
      out.add(new ContextSnippet("clipboard", segments.clipboard(), 0, "clipboard sent by the editor"));
    }
    return out;
  }

  private static String path(String p) {
    return p == null || p.isBlank() ? "editor" : p;
  }

  /**
   * Reads an event.
   *
   * @param body the parsed body
   * @return the event
   * @throws IllegalArgumentException if a field has the wrong type or {@code type} is missing
   */
  public Event event(JsonNode body) {
    Event e = Json.read(Objects.requireNonNull(body, "body"), Event.class);
    if (e.type() == null || e.type().isBlank()) {
      throw new IllegalArgumentException("'type' (view, select or dismiss) is required");
    }
    return e;
  }

  /**
   * An answer as a JSON body.
   *
   * @param value a {@link Response}, {@link Health} or {@link ServerSetting}
   * @return the JSON text
   */
  public String body(Record value) {
    return Json.write(Objects.requireNonNull(value, "value"));
  }

  /**
   * The encoder of completion answers: one {@link Response} with one choice. Tabby does not
   * stream; were a stream asked for, each piece would be a {@code data:} event with a response.
   *
   * @param id the completion id
   * @return the encoder
   */
  public ReplyEncoder<Ending> replies(String id) {
    Objects.requireNonNull(id, "id");
    return new Encoder<>(Framing.SSE_CONTENT_TYPE, text -> Framing.sseData(body(response(id, text))),
        end -> "", end -> body(response(id, end.text())), e -> Framing.sseData(errorBody(e)), this);
  }

  private static Response response(String id, String text) {
    return new Response(id, List.of(new Choice(0, text)));
  }

  /** {@code {"error": "message"}}. */
  @Override
  public String errorBody(WireError error) {
    return Json.write(new ErrorBody(error.message()));
  }
}
