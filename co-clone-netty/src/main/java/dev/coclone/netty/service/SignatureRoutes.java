package dev.coclone.netty.service;

import static dev.coclone.netty.service.CompletionJson.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.cancel.CancelReason;
import dev.coclone.completion.CompletionCall;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Routes;
import dev.coclone.netty.service.SignatureJson.ApplyAnswer;
import dev.coclone.netty.service.SignatureJson.DismissAnswer;
import dev.coclone.netty.service.SignatureJson.FileSignatures;
import dev.coclone.netty.service.SignatureJson.PendingAnswer;
import dev.coclone.netty.service.SignatureJson.SignaturesAnswer;
import dev.coclone.signature.ChangeReport;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.Detection;
import dev.coclone.signature.FileEdit;
import dev.coclone.signature.FileEdits;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.SignatureAdvisor;
import dev.coclone.signature.SignatureTracker;
import dev.coclone.signature.StaleEditException;
import dev.coclone.signature.Suggestion;
import dev.coclone.signature.TextEdit;
import dev.coclone.workspace.ChangedOnDiskException;
import dev.coclone.workspace.PathSafety;
import dev.coclone.source.SourceFile;
import dev.coclone.workspace.Workspace;
import dev.coclone.workspace.WorkspaceListener;
import dev.coclone.wire.CoCloneWire;
import dev.coclone.wire.WireError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Function signature tracking over HTTP: {@code GET /v1/signatures}, {@code POST
 * /v1/signatures/detect}, {@code /function}, {@code GET /v1/signatures/pending}, {@code POST
 * /v1/signatures/apply}, {@code /dismiss} and {@code /suggest} (server-sent events). See
 * docs/api.md.
 *
 * <p>The tracker's work (parsing, resolving dependents) and edits to the workspace run on one
 * worker thread, in the order they arrive, never on the event loop: a file synced through
 * {@code PUT /v1/files} is in the tracker before a later {@code GET /v1/signatures/pending} is
 * answered. Model suggestions are calls of the completion engine (its bounded executor, registry
 * and metrics) and stop when the client goes away.
 *
 * <p>{@code POST /v1/signatures/apply} edits the workspace as {@code PUT /v1/files} does: when the
 * workspace has a folder and the routes are not read-only, it writes the file on disk (atomically,
 * through the workspace's path safety), after checking the edits against the file as it is on disk
 * now, so a file changed on disk since the edits were made is refused (409), never overwritten.
 * Read-only routes change only the server's memory, as the editor's saves do under
 * {@code --read-only}. The answer says which lines of the file changed.
 */
public final class SignatureRoutes implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SignatureRoutes.class.getName());
  private final Workspace workspace;
  private final SignatureTracker tracker;
  private final SignatureAdvisor advisor;
  private final ObjectMapper json;
  private final CompletionJson codec;
  private final boolean readOnly;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(daemon("co-clone-signatures"));
  private final CoCloneWire wire = new CoCloneWire();

  /**
   * Creates the routes; call {@link #start()} to follow the workspace.
   *
   * @param workspace the workspace whose files are tracked and edited
   * @param tracker   the tracker; these routes own it and close it in {@link #close()}
   * @param advisor   asks the model about sites no deterministic edit fixes
   * @param json      the mapper
   */
  public SignatureRoutes(Workspace workspace, SignatureTracker tracker, SignatureAdvisor advisor, ObjectMapper json) {
    this(workspace, tracker, advisor, json, false);
  }

  /**
   * Creates the routes; call {@link #start()} to follow the workspace.
   *
   * @param workspace the workspace whose files are tracked and edited
   * @param tracker   the tracker; these routes own it and close it in {@link #close()}
   * @param advisor   asks the model about sites no deterministic edit fixes
   * @param json      the mapper
   * @param readOnly  true to apply edits in the server's memory only, never on disk ({@code --read-only})
   */
  public SignatureRoutes(Workspace workspace, SignatureTracker tracker, SignatureAdvisor advisor, ObjectMapper json,
      boolean readOnly) {
    this.readOnly = readOnly;
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.advisor = Objects.requireNonNull(advisor, "advisor");
    this.json = Objects.requireNonNull(json, "json");
    this.codec = new CompletionJson(json);
  }

  /**
   * Follows the workspace: indexes its files and then every change, on the worker thread, so this
   * returns at once. Requests queue behind the initial indexing rather than seeing half of it.
   *
   * @return this
   */
  public SignatureRoutes start() {
    workspace.addListener(new WorkspaceListener() {
      @Override
      public void changed(SourceFile file) {
        later(() -> tracker.changed(file));
      }

      @Override
      public void removed(String path) {
        later(() -> tracker.removed(path));
      }
    });
    later(() -> {
      long t0 = System.nanoTime();
      tracker.index(workspace.files());
      LOG.info(() -> "signature tracking indexed " + tracker.signatures().size() + " files in "
          + (System.nanoTime() - t0) / 1_000_000 + " ms");
    });
    return this;
  }

  private void later(Runnable r) {
    try {
      worker.execute(() -> {
        try {
          r.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "signature tracking failed on a workspace change", e);
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.fine("signature tracking is closed; change ignored");
    }
  }

  /** The routes (all need a token). */
  public Routes routes() {
    return Routes.builder()
        .add("GET", "/v1/signatures", ex -> answer(ex, this::scan))
        .add("POST", "/v1/signatures/detect", this::detect)
        .add("POST", "/v1/signatures/function", this::function)
        .add("GET", "/v1/signatures/pending", ex -> answer(ex,
            () -> new PendingAnswer(tracker.pending().stream().map(SignatureJson::report).toList())))
        .add("POST", "/v1/signatures/apply", this::apply)
        .add("POST", "/v1/signatures/dismiss", this::dismiss)
        .add("POST", "/v1/signatures/suggest", this::suggest)
        .build();
  }

  /** Work for the worker thread; an {@link HttpError} becomes the error answer. */
  @FunctionalInterface
  private interface Task<T> {
    T run() throws HttpError;
  }

  private <T> void answer(Exchange ex, Task<T> task) {
    onWorker(ex, task, value -> ex.json(200, value));
  }

  private <T> void onWorker(Exchange ex, Task<T> task, Consumer<T> then) {
    try {
      worker.execute(() -> {
        if (ex.clientGone()) {
          return;
        }
        try {
          then.accept(task.run());
        } catch (HttpError e) {
          ex.error(e.status(), e.code(), e.getMessage());
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "signature request " + ex.path() + " failed", e);
          ex.error(500, "internal_error", "signature tracking failed: " + e + "; see the server log");
        }
      });
    } catch (RejectedExecutionException e) {
      ex.error(503, "shutting_down", "the server is stopping; try again when it is back");
    }
  }

  private SignaturesAnswer scan() {
    Map<String, List<FunctionSignature>> all = tracker.signatures();
    Set<String> paths = new TreeSet<>(all.keySet());
    for (SourceFile f : workspace.files()) {
      if (tracker.tracks(f.language())) {
        paths.add(f.path());
      }
    }
    List<FileSignatures> files = new ArrayList<>();
    int functions = 0;
    for (String path : paths) {
      List<FunctionSignature> sigs = all.getOrDefault(path, List.of());
      String language = workspace.get(path).map(SourceFile::language)
          .orElse(sigs.isEmpty() ? "" : sigs.get(0).language());
      functions += sigs.size();
      files.add(new FileSignatures(path, language, sigs.stream().map(SignatureJson::signature).toList(),
          SignatureJson.problem(tracker.problem(path).orElse(null))));
    }
    return new SignaturesAnswer(files, functions);
  }

  private void detect(Exchange ex) throws HttpError {
    JsonNode body = codec.object(ex.bodyText());
    String path = safePath(required(body, "path", "the workspace path of the file, e.g. src/shop/Cart.java"));
    String text = required(body, "text", "the file's new text");
    answer(ex, () -> {
      known(path);
      return SignatureJson.detection(tracker.detect(SourceFile.of(path, text)));
    });
  }

  private void function(Exchange ex) throws HttpError {
    JsonNode body = codec.object(ex.bodyText());
    String language = required(body, "language", "python, javascript, typescript or java");
    String code = required(body, "code", "one or more complete function declarations");
    answer(ex, () -> SignatureJson.detection(tracker.detectFunction(language, code)));
  }

  private void apply(Exchange ex) throws HttpError {
    JsonNode body = codec.object(ex.bodyText());
    String path = safePath(required(body, "path", "the workspace path of the file to edit"));
    String base = required(body, "base_sha256", "the base_sha256 of the file's entry in the report's file_edits");
    JsonNode list = body.get("edits");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new HttpError(400, "missing_field", "'edits' is required: a non-empty array of edits from the report "
          + "({\"start\", \"end\", \"old_text\", \"new_text\"}, as in file_edits[].edits or dependents[].edit)");
    }
    List<TextEdit> edits = new ArrayList<>();
    for (JsonNode e : list) {
      edits.add(textEdit(e));
    }
    answer(ex, () -> {
      boolean toDisk = savesToDisk();
      SourceFile now = toDisk ? onDisk(path) : known(path);
      String after;
      try {
        after = FileEdits.apply(now.text(), new FileEdit(path, base, edits, ""));
      } catch (StaleEditException e) {
        throw new HttpError(409, "stale_edit", e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new HttpError(400, "invalid_edits", e.getMessage() + "; send edits that do not overlap");
      }
      String previous = FileEdits.sha256(now.text());
      SourceFile written;
      if (toDisk) {
        try {
          written = workspace.write(path, after, previous);
        } catch (ChangedOnDiskException e) {
          throw new HttpError(409, "changed_on_disk", "'" + path + "' changed on disk while the edits were applied; "
              + "nothing was written: run detection again and apply its fresh edits");
        } catch (IOException | IllegalStateException e) {
          throw new HttpError(500, "file_error", "could not write '" + path + "': " + e.getMessage()
              + "; check the workspace folder's permissions and free space");
        } catch (IllegalArgumentException e) {
          throw new HttpError(400, "invalid_file", e.getMessage());
        }
      } else {
        written = workspace.put(path, after);
      }
      return new ApplyAnswer(path, FileEdits.sha256(written.text()), written.text(), edits.size(), toDisk, previous,
          changedLines(edits, written.text()));
    });
  }

  /** Whether apply writes the files on disk: the workspace has a folder and the routes are not read-only. */
  private boolean savesToDisk() {
    return !readOnly && workspace.root() != null;
  }

  /** The file as it is on disk now (what an edit must match), or as held when it is not on disk. */
  private SourceFile onDisk(String path) throws HttpError {
    try {
      return workspace.reread(path).orElseThrow(() -> new HttpError(404, "no_such_file", "no file '" + path
          + "' in the workspace; GET /v1/files lists them"));
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "invalid_path", e.getMessage());
    } catch (IOException e) {
      throw new HttpError(500, "file_error", "could not read '" + path + "': " + e.getMessage());
    }
  }

  /**
   * The 1-based lines of the new text that the edits touched, ascending: each edit's new text, or
   * the line where a deleted range was.
   */
  static List<Integer> changedLines(List<TextEdit> edits, String after) {
    List<TextEdit> sorted = new ArrayList<>(edits);
    sorted.sort(java.util.Comparator.comparingInt(TextEdit::start));
    TreeSet<Integer> lines = new TreeSet<>();
    int delta = 0;
    for (TextEdit e : sorted) {
      int start = e.start() + delta;
      int end = start + e.newText().length();
      int first = lineAt(after, start);
      int last = e.newText().isEmpty() ? first : lineAt(after, Math.max(start, end - 1));
      for (int l = first; l <= last; l++) {
        lines.add(l);
      }
      delta += e.newText().length() - (e.end() - e.start());
    }
    return List.copyOf(lines);
  }

  private static int lineAt(String text, int offset) {
    int line = 1;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private TextEdit textEdit(JsonNode e) throws HttpError {
    if (!e.isObject() || !e.path("start").isInt() || !e.path("end").isInt() || !e.path("old_text").isTextual()
        || !e.path("new_text").isTextual()) {
      throw new HttpError(400, "invalid_field", "each edit needs integer 'start' and 'end' and string 'old_text' and "
          + "'new_text'; send the edits as the report gave them");
    }
    try {
      return new TextEdit(e.get("start").asInt(), e.get("end").asInt(), e.path("start_line").asInt(0),
          e.path("start_column").asInt(0), e.path("end_line").asInt(0), e.path("end_column").asInt(0),
          e.get("old_text").asText(), e.get("new_text").asText());
    } catch (IllegalArgumentException x) {
      throw new HttpError(400, "invalid_field", "an edit has " + x.getMessage() + "; 0 <= start <= end");
    }
  }

  private void dismiss(Exchange ex) throws HttpError {
    JsonNode body = codec.object(ex.bodyText());
    String id = required(body, "id", "the id of a pending report");
    answer(ex, () -> {
      if (!tracker.dismiss(id)) {
        throw new HttpError(404, "no_such_report", "no pending change has id '" + id
            + "'; GET /v1/signatures/pending lists the current ones");
      }
      return new DismissAnswer(true);
    });
  }

  /** What the model is asked about: a change, one of its sites, and the site's file now. */
  private record Site(ChangeReport report, Dependent dependent, String fileText) {}

  private void suggest(Exchange ex) throws HttpError {
    JsonNode body = codec.object(ex.bodyText());
    String reportId = CompletionJson.text(body, "report_id", null);
    JsonNode change = body.get("change");
    if (reportId == null && (change == null || !change.isObject())) {
      throw new HttpError(400, "missing_field", "send 'report_id' (of a pending change) or 'change': {\"path\", "
          + "\"text\"} (a file's new text) to say which change the site follows");
    }
    String changePath = reportId != null ? null : safePath(required(change, "path", "the changed file's path"));
    String changeText = reportId != null ? null : required(change, "text", "the changed file's new text");
    String path = safePath(required(body, "path", "the path of the dependent site's file"));
    if (!body.path("line").isInt() || body.get("line").asInt() < 1) {
      throw new HttpError(400, "missing_field", "'line' is required: the dependent site's 1-based line");
    }
    int line = body.get("line").asInt();
    int column = body.path("column").asInt(0);
    onWorker(ex, () -> {
      List<ChangeReport> reports;
      if (reportId != null) {
        reports = tracker.pending().stream().filter(r -> r.id().equals(reportId)).toList();
        if (reports.isEmpty()) {
          throw new HttpError(404, "no_such_report", "no pending change has id '" + reportId
              + "'; GET /v1/signatures/pending lists the current ones");
        }
      } else {
        known(changePath);
        Detection d = tracker.detect(SourceFile.of(changePath, changeText));
        if (d.problem() != null && d.reports().isEmpty()) {
          throw new HttpError(400, "parse_problem", d.problem() + "; fix the file before asking about its callers");
        }
        reports = d.reports();
      }
      for (ChangeReport r : reports) {
        for (Dependent d : r.dependents()) {
          if (d.path().equals(path) && d.line() == line && (column == 0 || d.column() == column)) {
            String text = path.equals(changePath) ? changeText : known(path).text();
            return new Site(r, d, text);
          }
        }
      }
      throw new HttpError(404, "no_such_site", "no dependent site at " + path + ":" + line
          + (column == 0 ? "" : ":" + column) + " for that change; detect again to get the current sites");
    }, site -> stream(ex, site));
  }

  private void stream(Exchange ex, Site site) {
    CoCloneWire.Stream sse = CoCloneWire.Stream.SSE;
    Exchange.Stream out = ex.stream(sse.contentType());
    String base = FileEdits.sha256(site.fileText());
    CompletionCall call;
    try {
      // Writes after the client left are dropped; the cancellation below stops the model.
      call = advisor.enqueue(site.report().change(), site.dependent(), site.fileText(), new SignatureAdvisor.Listener() {
        @Override
        public void onText(String text) {
          out.write(wire.token(sse, text));
        }

        @Override
        public void onSuggestion(Suggestion s) {
          out.write(wire.doneValue(sse, SignatureJson.suggestion(s, base)));
          out.end();
        }

        @Override
        public void onFailure(IOException error) {
          out.write(wire.error(sse, WireError.of(error)));
          out.end();
        }
      });
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "signature suggestion failed", e);
      out.write(wire.error(sse, new WireError(500, "suggestion_failed", String.valueOf(e.getMessage()))));
      out.end();
      return;
    }
    ex.onClientGone(() -> call.cancel(CancelReason.DISCONNECTED));
  }

  private static String safePath(String path) throws HttpError {
    try {
      return PathSafety.check(path);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "invalid_path", e.getMessage());
    }
  }

  private SourceFile known(String path) throws HttpError {
    return workspace.get(path).orElseThrow(() -> new HttpError(404, "no_such_file", "no file '" + path
        + "' in the workspace; PUT /v1/files/" + path + " first (GET /v1/files lists them)"));
  }

  /**
   * Stops the worker, then closes the tracker once the worker is done. Suggestions in progress are
   * the engine's calls: closing the engine stops them.
   */
  @Override
  public void close() {
    worker.shutdownNow();
    try {
      if (worker.awaitTermination(5, TimeUnit.SECONDS)) {
        tracker.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
