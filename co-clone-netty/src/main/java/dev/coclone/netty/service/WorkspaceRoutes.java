package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.context.ContextResult;
import dev.coclone.context.ContextRetriever;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Routes;
import dev.coclone.prompt.FimTemplate;
import dev.coclone.source.ContextSnippet;
import dev.coclone.source.SourceFile;
import dev.coclone.workspace.ChangedOnDiskException;
import dev.coclone.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The workspace over HTTP: {@code POST /v1/context} (what context a cursor gets, and why), and the
 * editor's files, {@code GET/PUT/DELETE /v1/files/{path}}, {@code GET /v1/files},
 * {@code POST /v1/files/rename}.
 *
 * <p>When the workspace has a folder and the routes are not {@linkplain Builder#readOnly read-only},
 * saves, renames and deletes act on the files on disk (on a worker thread, never the event loop):
 * a save is atomic, and one that sends {@code If-Match: "<sha256>"} is refused with 409
 * {@code changed_on_disk} when the disk's text is another version. Read-only routes keep files in
 * memory and never write the disk. Either way, unsafe paths, binary text and files over 1 MiB are
 * refused, and every path goes through the workspace's path safety.
 */
public final class WorkspaceRoutes {
  private final Workspace workspace;
  private final ContextRetriever retriever;
  private final FimTemplate template;
  private final int budget;
  private final ObjectMapper json;
  private final CompletionJson codec;
  private final boolean readOnly;
  private final Executor disk;

  /**
   * Creates routes that save to the workspace's folder (if it has one).
   *
   * @param workspace the workspace
   * @param retriever context retrieval
   * @param template  the model family's prompt format
   * @param budget    context token budget
   * @param json      the mapper
   */
  public WorkspaceRoutes(Workspace workspace, ContextRetriever retriever, FimTemplate template, int budget,
      ObjectMapper json) {
    this(builder().workspace(workspace).retriever(retriever).template(template).budget(budget).json(json));
  }

  private WorkspaceRoutes(Builder b) {
    this.workspace = Objects.requireNonNull(b.workspace, "workspace");
    this.retriever = Objects.requireNonNull(b.retriever, "retriever");
    this.template = Objects.requireNonNull(b.template, "template");
    this.json = Objects.requireNonNull(b.json, "json");
    this.budget = b.budget;
    this.readOnly = b.readOnly;
    this.codec = new CompletionJson(json);
    // One disk thread, gone when idle: saves of one file land in the order they came.
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "co-clone-workspace-files");
      t.setDaemon(true);
      return t;
    });
    pool.allowCoreThreadTimeOut(true);
    this.disk = pool;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether saves, renames and deletes change the files on disk. */
  public boolean savesToDisk() {
    return !readOnly && workspace.root() != null;
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

  /**
   * The file's path from the request's path, which {@link Exchange#path()} has percent-decoded once,
   * as the client encoded it once: decoding again would open {@code rateA.py} for a file named
   * {@code rate%41.py}, fail on {@code 100%.py} and read {@code a+b.py} as {@code a b.py}.
   */
  private static String pathOf(Exchange ex) {
    return ex.path().substring("/v1/files/".length());
  }

  private void list(Exchange ex) {
    ObjectNode n = json.createObjectNode();
    n.put("saves_to_disk", savesToDisk());
    n.put("read_only", readOnly);
    n.put("root", workspace.root() == null ? null : String.valueOf(workspace.root().getFileName()));
    ArrayNode files = n.putArray("files");
    for (SourceFile f : workspace.files()) {
      files.addObject().put("path", f.path()).put("language", f.language()).put("size", f.text().length());
    }
    // Source files on disk that were not read (too large, binary, a link out of the folder), so the
    // tree can say why a file the user sees in the folder is not in it. Ones read since, or gone, are left out.
    ArrayNode skipped = n.putArray("skipped");
    new java.util.TreeMap<>(workspace.skipped()).forEach((path, reason) -> {
      if (workspace.get(path).isEmpty() && onDisk(path)) {
        skipped.addObject().put("path", path).put("reason", reason);
      }
    });
    ex.json(200, n);
  }

  private boolean onDisk(String path) {
    try {
      return workspace.root() != null
          && java.nio.file.Files.exists(workspace.root().resolve(path), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  private void read(Exchange ex) {
    String path = pathOf(ex);
    onDisk(ex, () -> {
      SourceFile f = (savesToDisk() ? workspace.reread(path) : workspace.get(path)).orElseThrow(() -> notRead(path));
      ex.json(200, json.createObjectNode().put("path", f.path()).put("language", f.language()).put("text", f.text())
          .put("sha256", Workspace.sha256(f.text())));
    });
  }

  /** Why a path has no file to open: not there, or there but not read (too large, binary), said as such. */
  private HttpError notRead(String path) {
    String why = workspace.skipped().get(path);
    if (why != null && onDisk(path)) {
      return new HttpError(422, "file_not_read", "'" + path + "' is in the workspace folder but is not opened: " + why
          + "; the editor opens text source files up to 1 MiB");
    }
    return new HttpError(404, "no_such_file", "no file '" + path + "' in the workspace; GET /v1/files lists them");
  }

  /** The version the client saved from: {@code If-Match: "sha"}, {@code If-None-Match: *} (""), or null. */
  private static String expectedVersion(Exchange ex) {
    String match = ex.header("if-match");
    if (match != null && !match.isBlank() && !match.trim().equals("*")) {
      return match.trim().replace("\"", "");
    }
    String none = ex.header("if-none-match");
    return none != null && none.trim().equals("*") ? "" : null;
  }

  private void write(Exchange ex) throws HttpError {
    String path = pathOf(ex);
    String text = ex.bodyText();
    String expected = expectedVersion(ex);
    onDisk(ex, () -> {
      SourceFile f;
      if (savesToDisk()) {
        f = workspace.write(path, text, expected);
      } else {
        SourceFile now = workspace.get(path).orElse(null);
        String current = now == null ? null : Workspace.sha256(now.text());
        if (expected != null && !(expected.isEmpty() ? current == null : expected.equals(current))) {
          throw new ChangedOnDiskException(path, current);
        }
        f = workspace.put(path, text);
      }
      ex.json(200, json.createObjectNode().put("path", f.path()).put("language", f.language())
          .put("size", f.text().length()).put("sha256", Workspace.sha256(f.text())).put("on_disk", savesToDisk()));
    });
  }

  private void delete(Exchange ex) {
    String path = pathOf(ex);
    onDisk(ex, () -> {
      boolean had = savesToDisk() ? workspace.delete(path) : workspace.remove(path);
      if (!had) {
        throw new HttpError(404, "no_such_file", "no file '" + path + "' in the workspace");
      }
      ex.json(200, json.createObjectNode().put("deleted", true).put("on_disk", savesToDisk()));
    });
  }

  private void rename(Exchange ex) throws HttpError {
    JsonNode body = codec.object(ex.bodyText());
    String from = CompletionJson.requiredNonBlank(body, "from", "the file's workspace path; send "
        + "{\"from\": \"old/path\", \"to\": \"new/path\"} with paths inside the workspace");
    String to = CompletionJson.requiredNonBlank(body, "to", "the file's new workspace path; send "
        + "{\"from\": \"old/path\", \"to\": \"new/path\"} with paths inside the workspace");
    onDisk(ex, () -> {
      if (savesToDisk()) {
        workspace.move(from, to);
      } else {
        workspace.rename(from, to);
      }
      ex.json(200, json.createObjectNode().put("renamed", true).put("on_disk", savesToDisk()));
    });
  }

  /** File work that may touch the disk. */
  @FunctionalInterface
  private interface FileWork {
    void run() throws HttpError, IOException;
  }

  /** Runs file work on the disk thread and answers errors in the API's shape. */
  private void onDisk(Exchange ex, FileWork work) {
    disk.execute(() -> {
      try {
        work.run();
      } catch (HttpError e) {
        ex.error(e.status(), e.code(), e.getMessage());
      } catch (ChangedOnDiskException e) {
        ObjectNode n = json.createObjectNode();
        n.putObject("error").put("code", "changed_on_disk").put("message", e.getMessage())
            .put("current_sha256", e.currentSha256());
        ex.json(409, n);
      } catch (IllegalArgumentException e) {
        String m = String.valueOf(e.getMessage());
        ex.error(m.contains("1 MiB") ? 413 : 400, m.startsWith("no file") ? "no_such_file" : "invalid_file", m);
      } catch (IllegalStateException | IOException e) {
        ex.error(500, "file_error", "could not change the file: " + e.getMessage()
            + "; check the workspace folder's permissions and free space");
      }
    });
  }

  /** Builds {@link WorkspaceRoutes}. */
  public static final class Builder {
    private Workspace workspace;
    private ContextRetriever retriever;
    private FimTemplate template;
    private int budget = 1024;
    private ObjectMapper json;
    private boolean readOnly;

    private Builder() {}

    /** The workspace (required). */
    public Builder workspace(Workspace workspace) {
      this.workspace = Objects.requireNonNull(workspace, "workspace");
      return this;
    }

    /** Context retrieval (required). */
    public Builder retriever(ContextRetriever retriever) {
      this.retriever = Objects.requireNonNull(retriever, "retriever");
      return this;
    }

    /** The model family's prompt format (required). */
    public Builder template(FimTemplate template) {
      this.template = Objects.requireNonNull(template, "template");
      return this;
    }

    /** The context token budget for {@code /v1/context} (default 1024). */
    public Builder budget(int budget) {
      if (budget <= 0) {
        throw new IllegalArgumentException("budget must be positive, got " + budget);
      }
      this.budget = budget;
      return this;
    }

    /** The JSON mapper (required). */
    public Builder json(ObjectMapper json) {
      this.json = Objects.requireNonNull(json, "json");
      return this;
    }

    /**
     * Read-only: saves, renames and deletes change only the server's memory, never the disk
     * (the launcher's {@code --read-only}). Default false: they act on the workspace's folder.
     */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /** The routes. */
    public WorkspaceRoutes build() {
      return new WorkspaceRoutes(this);
    }
  }
}
