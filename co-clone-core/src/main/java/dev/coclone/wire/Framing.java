package dev.coclone.wire;

import java.util.Objects;

/** The two ways a stream is framed on the wire: server-sent events and newline-delimited JSON. */
public final class Framing {
  /** Content type of a server-sent event stream. */
  public static final String SSE_CONTENT_TYPE = "text/event-stream; charset=utf-8";
  /** Content type of an NDJSON stream. */
  public static final String NDJSON_CONTENT_TYPE = "application/x-ndjson";
  /** Content type of a JSON body. */
  public static final String JSON_CONTENT_TYPE = "application/json";

  private Framing() {}

  /**
   * A named server-sent event: {@code event: NAME}, {@code data: DATA} and a blank line.
   *
   * @param event the event name
   * @param data  one line of data (JSON)
   * @return the framed event
   */
  public static String sseEvent(String event, String data) {
    return "event: " + Objects.requireNonNull(event, "event") + "\n" + sseData(data);
  }

  /**
   * An unnamed server-sent event: {@code data: DATA} and a blank line.
   *
   * @param data one line of data (JSON, or {@code [DONE]})
   * @return the framed event
   */
  public static String sseData(String data) {
    Objects.requireNonNull(data, "data");
    if (data.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("an SSE data line must not contain a line break; encode it as JSON");
    }
    return "data: " + data + "\n\n";
  }

  /**
   * One NDJSON line.
   *
   * @param json one JSON value, without line breaks
   * @return the line, ending in a line break
   */
  public static String ndjson(String json) {
    Objects.requireNonNull(json, "json");
    if (json.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("an NDJSON line must not contain a line break");
    }
    return json + "\n";
  }
}
