package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.source.ContextSnippet;
import dev.coclone.context.ContextResult;
import dev.coclone.context.ContextRetriever;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Routes;
import dev.coclone.prompt.FimTemplate;
import dev.coclone.source.SourceFile;
import dev.coclone.workspace.Workspace;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The workspace over HTTP: {@code POST /v1/context} (what context a cursor gets, and why), and the
 * editor's files, {@code GET/PUT/DELETE /v1/files/{path}}, {@code GET /v1/files},
 * {@code POST /v1/files/rename}. Unsafe paths, binary text and files over 1 MiB are refused and
 * nothing is written outside the workspace (files live in memory; the disk is never written).
 */
public final class WorkspaceRoutes {
  private final Workspace workspace;
  private final ContextRetriever retriever;
  private final FimTemplate template;
  private final int budget;
  private final ObjectMapper json;
  private final CompletionJson codec;

  /**
   * Creates the routes.
   *
   * @param workspace the workspace
   * @param retriever context retrieval
   * @param template  the model family's prompt format
   * @param budget    context token budget
   * @param json      the mapper
   */
  public WorkspaceRoutes(Workspace workspace, ContextRetriever retriever, FimTemplate template, int budget,
      ObjectMapper json) {
    this.workspace = workspace;
    this.retriever = retriever;
    this.template = template;
    this.budget = budget;
    this.json = json;
    this.codec = new CompletionJson(json);
  }

  /** The routes (all need a token). */
  public Routes routes() {
    return Routes.builder()
        .add("POST", "/v1/context", this::context)
        .add("GET", "/v1/files", this::list)
        .add("POST", "/v1/files/rename", this::rename)
        .addPrefix("GET", "/v1/files/", this::read)
        .addPrefix("PUT", "/v1/files/", this::write)
        .addPrefix("DELETE", "/v1/files/", this::delete)
        .build();
  }

  private void context(Exchange ex) throws HttpError {
    JsonNode body = codec.object(ex.bodyText());
    ContextResult r = retriever.retrieve(codec.request(body), budget, template);
    ObjectNode n = json.createObjectNode();
    ArrayNode snippets = n.putArray("snippets");
    for (ContextSnippet s : r.snippets()) {
      snippets.addObject().put("path", s.path()).put("score", s.score()).put("reason", s.reason()).put("text", s.text());
    }
    n.put("context_tokens", r.contextTokens());
    n.put("prompt", r.prompt());
    ex.json(200, n);
  }

  private static String pathOf(Exchange ex) {
    return URLDecoder.decode(ex.path().substring("/v1/files/".length()), StandardCharsets.UTF_8);
  }

  private void list(Exchange ex) {
    ObjectNode n = json.createObjectNode();
    ArrayNode files = n.putArray("files");
    for (SourceFile f : workspace.files()) {
      files.addObject().put("path", f.path()).put("language", f.language()).put("size", f.text().length());
    }
    ex.json(200, n);
  }

  private void read(Exchange ex) throws HttpError {
    String path = pathOf(ex);
    SourceFile f = workspace.get(path).orElseThrow(() -> new HttpError(404, "no_such_file",
        "no file '" + path + "' in the workspace; GET /v1/files lists them"));
    ex.json(200, json.createObjectNode().put("path", f.path()).put("language", f.language()).put("text", f.text()));
  }

  private void write(Exchange ex) throws HttpError {
    String text = ex.bodyText();
    try {
      SourceFile f = workspace.put(pathOf(ex), text);
      ex.json(200, json.createObjectNode().put("path", f.path()).put("language", f.language())
          .put("size", f.text().length()));
    } catch (IllegalArgumentException e) {
      throw new HttpError(e.getMessage().contains("1 MiB") ? 413 : 400, "invalid_file", e.getMessage());
    }
  }

  private void delete(Exchange ex) throws HttpError {
    try {
      boolean had = workspace.remove(pathOf(ex));
      if (!had) {
        throw new HttpError(404, "no_such_file", "no file '" + pathOf(ex) + "' in the workspace");
      }
      ex.json(200, json.createObjectNode().put("deleted", true));
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "invalid_path", e.getMessage());
    }
  }

  private void rename(Exchange ex) throws HttpError {
    JsonNode body = codec.object(ex.bodyText());
    try {
      workspace.rename(CompletionJson.text(body, "from", ""), CompletionJson.text(body, "to", ""));
      ex.json(200, json.createObjectNode().put("renamed", true));
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "invalid_path", e.getMessage());
    }
  }
}
