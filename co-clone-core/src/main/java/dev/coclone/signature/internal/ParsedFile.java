package dev.coclone.signature.internal;

import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.ParseProblem;
import dev.coclone.source.SourceFile;
import java.util.List;
import java.util.Objects;

/**
 * A file as a {@link LanguageSupport} read it.
 *
 * @param file       the file
 * @param signatures its functions, methods and constructors in source order
 * @param problem    why it could not be read, or null; with a problem, {@code signatures} is empty
 *                   unless the support read around the error (JavaScript, TypeScript: then {@code tree}
 *                   is set too)
 * @param tree       the language support's own parse result for {@link LanguageSupport#accept}, or null
 */
public record ParsedFile(SourceFile file, List<FunctionSignature> signatures, ParseProblem problem, Object tree) {
  /** Validates and copies. */
  public ParsedFile {
    Objects.requireNonNull(file, "file");
    signatures = List.copyOf(signatures);
  }
}
