package dev.coclone.testing.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Minimal HTTP/1.1 on a socket: parse a request, write fixed-length or chunked responses. */
public final class HttpWire {
  private final InputStream in;
  private final OutputStream out;

  /**
   * Wraps a connection.
   *
   * @param in  what the client sends
   * @param out what goes back
   */
  public HttpWire(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  /**
   * A parsed request.
   *
   * @param method  the method
   * @param path    the target
   * @param headers lower-cased names
   * @param body    UTF-8 body
   */
  public record Request(String method, String path, Map<String, String> headers, String body) {
    /** True unless the client asked to close the connection. */
    public boolean keepAlive() {
      return !"close".equalsIgnoreCase(headers.getOrDefault("connection", ""));
    }
  }

  /**
   * Reads the next request.
   *
   * @return the request, or null if the client closed the connection between requests
   * @throws IOException if the request is malformed
   */
  public Request readRequest() throws IOException {
    String requestLine = readLine();
    while (requestLine != null && requestLine.isEmpty()) {
      requestLine = readLine();
    }
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3) {
      throw new IOException("malformed request line: " + requestLine);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String line;
    while ((line = readLine()) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    byte[] body = new byte[0];
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = readChunkedBody();
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    }
    return new Request(parts[0], parts[1], headers, new String(body, StandardCharsets.UTF_8));
  }

  private byte[] readChunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = readLine();
      if (size == null) {
        throw new IOException("connection closed inside a chunked body");
      }
      int n = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (n == 0) {
        readLine();
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      readLine();
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] b = line.toByteArray();
        int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        return new String(b, 0, len, StandardCharsets.ISO_8859_1);
      }
      line.write(c);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * Writes a complete response with a Content-Length.
   *
   * @param status      status code
   * @param contentType content type
   * @param body        body text
   * @throws IOException if the client is gone
   */
  public void writeFixed(int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
        + "Content-Type: " + contentType + "\r\n"
        + "Content-Length: " + bytes.length + "\r\n"
        + "Date: " + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(
            java.time.ZoneOffset.UTC)) + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
  }

  /**
   * Starts a chunked response.
   *
   * @param status      status code
   * @param contentType content type
   * @throws IOException if the client is gone
   */
  public void startChunked(int status, String contentType) throws IOException {
    String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
        + "Content-Type: " + contentType + "\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /**
   * Writes one chunk and flushes it.
   *
   * @param text the chunk's content
   * @throws IOException if the client is gone
   */
  public void chunk(String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /**
   * Ends a chunked response.
   *
   * @throws IOException if the client is gone
   */
  public void endChunked() throws IOException {
    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }
}
