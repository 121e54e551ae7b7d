package dev.coclone.testing;

import java.util.Objects;

/**
 * A model the mock server says it has.
 *
 * @param name     the model name, e.g. {@code deepseek-coder:6.7b-base}
 * @param insert   whether Ollama's {@code /api/show} lists the {@code insert} capability (the
 *                 template uses {@code .Suffix}); a {@code suffix} request to a model without it
 *                 gets Ollama's HTTP 400
 * @param template the template {@code /api/show} reports
 */
public record MockModel(String name, boolean insert, String template) {
  /** Validates the components. */
  public MockModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(template, "template");
  }

  /** A base model: plain template, no insert capability (FIM through raw prompts). */
  public static MockModel base(String name) {
    return new MockModel(name, false, "{{ .Prompt }}");
  }

  /** An instruct model with a chat template and no insert capability, like deepseek-coder:6.7b. */
  public static MockModel instruct(String name) {
    return new MockModel(name, false, "{{ .System }}\n### Instruction:\n{{ .Prompt }}\n### Response:\n");
  }

  /** A model whose template uses {@code .Suffix}, so Ollama's own suffix field works. */
  public static MockModel insert(String name) {
    return new MockModel(name, true, "<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>");
  }
}
