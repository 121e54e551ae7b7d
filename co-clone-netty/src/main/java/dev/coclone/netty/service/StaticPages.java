package dev.coclone.netty.service;

import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the demo pages and their assets from the classpath: {@code /} (the form page),
 * {@code /ide} (the editor), {@code /static/**} and {@code /webjars/**} (CodeMirror, shipped as a
 * WebJar so the pages work offline).
 */
public final class StaticPages {
  private static final String ROOT = "dev/coclone/netty/static/";
  private static final String WEBJARS = "META-INF/resources/webjars/";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
      "png", "image/png", "svg", "image/svg+xml", "json", "application/json", "ico", "image/x-icon");

  private final ClassLoader loader = StaticPages.class.getClassLoader();
  /**
   * Files read so far, shared by every response: a response wraps the cached bytes rather than
   * reading its own copy, so many clients asking for a large file (and reading it slowly) cost no
   * heap beyond the file itself. Bounded by what the jar holds; missing files are not cached.
   */
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  /** Creates the route set. */
  public StaticPages() {}

  /** The public page routes. */
  public Routes routes() {
    return Routes.builder()
        .addPublic("GET", "/", ex -> serve(ex, ROOT + "index.html"))
        .addPublic("GET", "/ide", ex -> serve(ex, ROOT + "ide.html"))
        .addPublicPrefix("GET", "/static/", ex -> serve(ex, ROOT + safe(ex.path().substring("/static/".length()))))
        .addPublicPrefix("GET", "/webjars/", ex -> serve(ex, WEBJARS + safe(ex.path().substring("/webjars/".length()))))
        .build();
  }

  private static String safe(String rel) throws HttpError {
    if (rel.isEmpty() || rel.contains("..") || rel.startsWith("/") || rel.contains("\\")) {
      throw new HttpError(404, "not_found", "no such file");
    }
    return rel;
  }

  private void serve(Exchange ex, String resource) throws HttpError, IOException {
    byte[] bytes = cache.get(resource);
    if (bytes == null) {
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          throw new HttpError(404, "not_found", "no such file: " + ex.path());
        }
        bytes = in.readAllBytes();
      }
      cache.putIfAbsent(resource, bytes);
    }
    String ext = resource.substring(resource.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    // Exchange.send wraps the shared bytes and streams big ones in chunks as the client reads.
    ex.send(200, TYPES.getOrDefault(ext, "application/octet-stream"), bytes,
        "cache-control", "no-cache", "x-content-type-options", "nosniff");
  }
}
