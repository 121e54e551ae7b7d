package dev.coclone.signature;

import java.util.Objects;

/**
 * A site that depends on a changed declaration.
 *
 * @param path       the file
 * @param line       1-based line of the site
 * @param column     1-based column
 * @param text       the site's text on one line ({@code cart.add(item, 2)})
 * @param kind       how it depends
 * @param reason     why it is affected, for people
 * @param confidence 1.0 when the symbol solver resolved it to the declaration; lower for a match
 *                   by name and import ({@code 0.9}) or by name only ({@code 0.6})
 * @param breaks     true when the site stops compiling or working without an edit
 * @param edit       the deterministic edit that updates it, or null when a person or the model
 *                   must decide (see {@link SignatureAdvisor})
 */
public record Dependent(String path, int line, int column, String text, DependentKind kind, String reason,
    double confidence, boolean breaks, TextEdit edit) {
  /** Validates the components. */
  public Dependent {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }
}
