package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.source.CompletionMode;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.source.ContextSnippet;
import dev.coclone.netty.HttpError;
import dev.coclone.wire.FieldErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Co-Clone's completion JSON: request bodies to {@link CompletionRequest}, results to JSON. */
final class CompletionJson {
  private final ObjectMapper json;

  CompletionJson(ObjectMapper json) {
    this.json = json;
  }

  /** Parses a JSON object body or fails with a 400 that says what is wrong. */
  JsonNode object(String body) throws HttpError {
    if (body.isBlank()) {
      throw new HttpError(400, "missing_body", "the request needs a JSON object body");
    }
    try {
      // One object and nothing after it: "{...} xyz" and two objects in a row are refused.
      JsonNode n = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
      if (n == null || !n.isObject()) {
        throw new HttpError(400, "invalid_json", "the body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new HttpError(400, "invalid_json", "the body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  /** Builds a completion request from {@code /v1/complete}'s body. */
  CompletionRequest request(JsonNode n) throws HttpError {
    String prefix = text(n, "prefix", null);
    if (prefix == null) {
      throw new HttpError(400, "missing_field", "'prefix' (the text before the cursor) is required and must be a string");
    }
    try {
      CompletionRequest.Builder b = CompletionRequest.builder().prefix(prefix)
          .suffix(text(n, "suffix", ""));
      String language = text(n, "language", null);
      if (language != null) {
        b.language(language);
      }
      b.filePath(text(n, "file_path", null));
      // Ranges checked here too, so that the message names the field as it is sent (max_tokens).
      if (n.has("max_tokens")) {
        int max = integer(n, "max_tokens");
        if (max < 1 || max > 4096) {
          throw new HttpError(400, "invalid_field", "'max_tokens' must be between 1 and 4096, was " + max);
        }
        b.maxTokens(max);
      }
      if (n.has("temperature")) {
        double t = number(n, "temperature");
        if (!(t >= 0 && t <= 2)) {
          throw new HttpError(400, "invalid_field", "'temperature' must be between 0 and 2, was " + t);
        }
        b.temperature(t);
      }
      for (String s : stops(n)) {
        b.addStop(s);
      }
      JsonNode supplied = n.path("context");
      if (!supplied.isMissingNode() && !supplied.isNull() && !supplied.isArray()) {
        throw new HttpError(400, "invalid_field", "'context' must be a list of {\"path\", \"text\"} objects or strings");
      }
      for (int i = 0; i < supplied.size(); i++) {
        JsonNode c = supplied.get(i);
        String text = c.isTextual() ? c.asText() : text(c, "text", "context[" + i + "].text", "");
        String path = c.isTextual() ? "user" : text(c, "path", "context[" + i + "].path", "user");
        if (!text.isBlank()) {
          b.addContext(new ContextSnippet(path, text, 0, "supplied with the request"));
        }
      }
      b.sessionId(text(n, "session_id", null));
      String mode = text(n, "mode", null);
      if (mode != null) {
        b.mode(mode(mode));
      }
      if (n.hasNonNull("n")) {
        b.n(integer(n, "n"));
      }
      if (n.has("use_cache")) {
        b.useCache(n.get("use_cache").asBoolean(true));
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "invalid_field", e.getMessage());
    }
  }

  /** {@code stop}: one string or a list of strings (as OpenAI takes it); anything else is a 400. */
  static List<String> stops(JsonNode n) throws HttpError {
    JsonNode stop = n.get("stop");
    if (stop == null || stop.isNull()) {
      return List.of();
    }
    if (stop.isTextual()) {
      return List.of(stop.asText());
    }
    List<String> all = new ArrayList<>();
    for (JsonNode s : stop) {
      if (!s.isTextual()) {
        break;
      }
      all.add(s.asText());
    }
    if (!stop.isArray() || all.size() != stop.size()) {
      throw new HttpError(400, "invalid_field", "'stop' must be a string or a list of strings, not " + stop
          + ": send each stop sequence as text in double quotes");
    }
    return all;
  }

  private static CompletionMode mode(String m) throws HttpError {
    switch (m.toLowerCase(Locale.ROOT)) {
      case "auto":
        return CompletionMode.AUTO;
      case "single_line":
      case "line":
        return CompletionMode.SINGLE_LINE;
      case "multi_line":
      case "block":
        return CompletionMode.MULTI_LINE;
      default:
        throw new HttpError(400, "invalid_field", "'mode' must be auto, single_line or multi_line, not '" + m + "'");
    }
  }

  /**
   * A string field the request must carry, or the API's 400 {@code missing_field} naming it and
   * saying what to send (and, for a camelCase spelling of it, that field names are snake_case).
   *
   * @param body  the request's JSON object
   * @param field the field's snake_case name
   * @param what  what the field holds, for the message ("the workspace path of the file, ...")
   * @return the field's value, possibly empty
   * @throws HttpError 400 {@code missing_field} when it is absent or null, {@code invalid_field}
   *     when it is not a string
   */
  static String required(JsonNode body, String field, String what) throws HttpError {
    String v = text(body, field, null);
    if (v == null) {
      String camel = camelCase(field);
      String hint = body.has(camel) && !camel.equals(field)
          ? "; field names are snake_case, '" + camel + "' is not read" : "";
      throw new HttpError(400, "missing_field", "'" + field + "' is required: " + what + hint);
    }
    return v;
  }

  /**
   * Like {@link #required}, for a field that means nothing when empty (a path): blank is missing too.
   *
   * @param body  the request's JSON object
   * @param field the field's snake_case name
   * @param what  what the field holds, for the message
   * @return the field's value, not blank
   * @throws HttpError 400 {@code missing_field} when it is absent, null or blank
   */
  static String requiredNonBlank(JsonNode body, String field, String what) throws HttpError {
    String v = required(body, field, what);
    if (v.isBlank()) {
      throw new HttpError(400, "missing_field", "'" + field + "' is required and was empty: " + what);
    }
    return v;
  }

  private static String camelCase(String snake) {
    StringBuilder b = new StringBuilder(snake.length());
    for (int i = 0; i < snake.length(); i++) {
      char c = snake.charAt(i);
      if (c == '_' && i + 1 < snake.length()) {
        b.append(Character.toUpperCase(snake.charAt(++i)));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * A text field, or its default when it is absent or null; a number, boolean, object or list there
   * is a 400 {@code invalid_field} ({@link FieldErrors#notAString}), never read as text.
   */
  static String text(JsonNode n, String field, String dflt) throws HttpError {
    return text(n, field, field, dflt);
  }

  /** Like {@link #text(JsonNode, String, String)}, for a field named {@code label} in the message. */
  private static String text(JsonNode n, String field, String label, String dflt) throws HttpError {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual()) {
      throw new HttpError(400, "invalid_field", FieldErrors.notAString(label, v));
    }
    return v.asText();
  }

  /**
   * A true/false field, or its default when it is absent or null. Ollama and OpenAI refuse any other
   * value ({@code "stream": "yes"}) rather than guess; so do we.
   */
  static boolean flag(JsonNode n, String field, boolean dflt) throws HttpError {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new HttpError(400, "invalid_field", "'" + field + "' must be true or false, not " + v);
    }
    return v.asBoolean();
  }

  static int integer(JsonNode n, String field) throws HttpError {
    JsonNode v = n.get(field);
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new HttpError(400, "invalid_field", "'" + field + "' must be a whole number");
    }
    return v.asInt();
  }

  static double number(JsonNode n, String field) throws HttpError {
    JsonNode v = n.get(field);
    if (!v.isNumber()) {
      throw new HttpError(400, "invalid_field", "'" + field + "' must be a number");
    }
    return v.asDouble();
  }

  ObjectMapper mapper() {
    return json;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
