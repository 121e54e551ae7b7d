package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How a streamed completion is framed: server-sent events or NDJSON. */
enum StreamFormat {
  /** {@code text/event-stream}: {@code event: token}, then {@code event: done} or {@code event: error}. */
  SSE("text/event-stream; charset=utf-8"),
  /** {@code application/x-ndjson}: {@code {"token"}} lines, then {@code {"done": true, ...}} or an error. */
  NDJSON("application/x-ndjson");

  private final String contentType;

  StreamFormat(String contentType) {
    this.contentType = contentType;
  }

  String contentType() {
    return contentType;
  }

  String token(ObjectNode piece) {
    return this == SSE ? "event: token\ndata: " + piece + "\n\n" : piece + "\n";
  }

  String done(ObjectNode result) {
    if (this == SSE) {
      return "event: done\ndata: " + result + "\n\n";
    }
    result.put("done", true);
    return result + "\n";
  }

  String error(ObjectNode error) {
    return this == SSE ? "event: error\ndata: " + error + "\n\n" : error + "\n";
  }
}
