package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.coclone.signature.ChangeReport;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.Detection;
import dev.coclone.signature.FileEdit;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.ParseProblem;
import dev.coclone.signature.SignatureChange;
import dev.coclone.signature.Suggestion;
import dev.coclone.signature.TextEdit;
import java.util.List;
import java.util.Locale;

/**
 * The JSON shapes of {@link SignatureRoutes}: one record per object on the wire, made from the
 * core's values here so the API does not change when the core's records do. Enum values are
 * written in lower case ({@code parameter_added}, {@code call}) and field names in snake case
 * ({@code base_sha256}, {@code breaks_callers}), like the rest of the API: the other routes spell
 * their keys out on {@code ObjectNode}s, these records say so with {@link JsonNaming}.
 */
final class SignatureJson {
  private SignatureJson() {}

  @JsonNaming(SnakeCaseStrategy.class)
  record ParameterJson(String name, String type, String defaultValue, boolean variadic) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record SignatureJ(String name, String container, String kind, List<ParameterJson> parameters, String returnType,
      List<String> modifiers, int line, int column, int endLine, String text, String key) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record ProblemJson(String path, int line, int column, String message) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record FileSignatures(String path, String language, List<SignatureJ> signatures, ProblemJson problem) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record SignaturesAnswer(List<FileSignatures> files, int functions) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record EditJson(int start, int end, int startLine, int startColumn, int endLine, int endColumn, String oldText,
      String newText) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record DependentJson(String path, int line, int column, String text, String kind, String reason, double confidence,
      boolean breaks, EditJson edit) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record FileEditJson(String path, String baseSha256, List<EditJson> edits, String diff) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record ChangeJson(List<String> kinds, String name, String path, int line, String before, String after,
      String summary, boolean breaksCallers, boolean mechanical) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record ReportJson(String id, ChangeJson change, List<DependentJson> dependents, List<FileEditJson> fileEdits,
      double elapsedMillis) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record DetectionJson(String path, ProblemJson problem, List<ReportJson> reports) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record PendingAnswer(List<ReportJson> reports) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record ApplyAnswer(String path, String sha256, String text, int applied, boolean onDisk, String previousSha256,
      List<Integer> changedLines) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record DismissAnswer(boolean dismissed) {}

  @JsonNaming(SnakeCaseStrategy.class)
  record SuggestionJson(String path, int line, String oldText, String newText, EditJson edit, String baseSha256,
      String model) {}

  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  static SignatureJ signature(FunctionSignature s) {
    return new SignatureJ(s.name(), s.container(), lower(s.kind()), s.parameters().stream()
        .map(p -> new ParameterJson(p.name(), p.type(), p.defaultValue(), p.variadic())).toList(), s.returnType(),
        s.modifiers(), s.line(), s.column(), s.endLine(), s.text(), s.key());
  }

  static ProblemJson problem(ParseProblem p) {
    return p == null ? null : new ProblemJson(p.path(), p.line(), p.column(), p.message());
  }

  static EditJson edit(TextEdit e) {
    return e == null ? null : new EditJson(e.start(), e.end(), e.startLine(), e.startColumn(), e.endLine(),
        e.endColumn(), e.oldText(), e.newText());
  }

  static DependentJson dependent(Dependent d) {
    return new DependentJson(d.path(), d.line(), d.column(), d.text(), lower(d.kind()), d.reason(), d.confidence(),
        d.breaks(), edit(d.edit()));
  }

  static FileEditJson fileEdit(FileEdit f) {
    return new FileEditJson(f.path(), f.baseSha256(), f.edits().stream().map(SignatureJson::edit).toList(), f.diff());
  }

  static ChangeJson change(SignatureChange c) {
    return new ChangeJson(c.kinds().stream().map(SignatureJson::lower).toList(), c.before().name(), c.before().path(),
        c.before().line(), c.before().text(), c.after() == null ? null : c.after().text(), c.summary(),
        c.breaksCallers(), c.mechanical());
  }

  static ReportJson report(ChangeReport r) {
    return new ReportJson(r.id(), change(r.change()), r.dependents().stream().map(SignatureJson::dependent).toList(),
        r.fileEdits().stream().map(SignatureJson::fileEdit).toList(), r.elapsedMillis());
  }

  static DetectionJson detection(Detection d) {
    return new DetectionJson(d.path(), problem(d.problem()), d.reports().stream().map(SignatureJson::report).toList());
  }

  static SuggestionJson suggestion(Suggestion s, String baseSha256) {
    return new SuggestionJson(s.path(), s.line(), s.oldText(), s.newText(), edit(s.edit()), baseSha256, s.model());
  }
}
