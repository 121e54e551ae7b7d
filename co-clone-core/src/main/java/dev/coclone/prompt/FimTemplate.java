package dev.coclone.prompt;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A model family's fill-in-the-middle format for raw prompts, and the tokens that end its output.
 * Chosen from the model name with {@link #forModel(String)}, or named with {@link #byName(String)}.
 */
public enum FimTemplate {
  /** deepseek-coder base models. The bars are U+FF5C and the spaces U+2581. */
  DEEPSEEK_CODER("deepseek-coder", "<\uFF5Cfim\u2581begin\uFF5C>", "<\uFF5Cfim\u2581hole\uFF5C>",
      "<\uFF5Cfim\u2581end\uFF5C>", List.of("<\uFF5Cend\u2581of\u2581sentence\uFF5C>", "<|EOT|>")),
  /** Code Llama. */
  CODELLAMA("codellama", "<PRE> ", " <SUF>", " <MID>", List.of("<EOT>")),
  /** StarCoder and StarCoder2. */
  STARCODER("starcoder", "<fim_prefix>", "<fim_suffix>", "<fim_middle>",
      List.of("<|endoftext|>", "<file_sep>")),
  /** Qwen2.5-Coder; supports repository context with {@code <|repo_name|>} and {@code <|file_sep|>}. */
  QWEN_CODER("qwen2.5-coder", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>",
      List.of("<|endoftext|>", "<|fim_pad|>", "<|file_sep|>", "<|im_end|>")),
  /** CodeGemma. */
  CODEGEMMA("codegemma", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>",
      List.of("<|file_separator|>", "<end_of_turn>", "<eos>"));

  private final String family;
  private final String begin;
  private final String hole;
  private final String end;
  private final List<String> stopTokens;

  FimTemplate(String family, String begin, String hole, String end, List<String> stopTokens) {
    this.family = family;
    this.begin = begin;
    this.hole = hole;
    this.end = end;
    this.stopTokens = stopTokens;
  }

  /** The family name, as in model names ({@code deepseek-coder}, {@code codellama}, ...). */
  public String family() {
    return family;
  }

  /** Tokens that end the model's output; pass them as stop sequences. */
  public List<String> stopTokens() {
    return stopTokens;
  }

  /** Returns true if this family reads repository context in its own format (file separators). */
  public boolean repoFormat() {
    return this == QWEN_CODER;
  }

  /**
   * Formats a raw fill-in-the-middle prompt.
   *
   * @param prefix text before the hole (context already prepended, if any)
   * @param suffix text after the hole
   * @return the prompt to send with {@code raw: true}
   */
  public String format(String prefix, String suffix) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
    return begin + prefix + hole + suffix + end;
  }

  /**
   * Picks the template for a model name such as {@code deepseek-coder:6.7b-base} or
   * {@code qwen2.5-coder:1.5b}. Unknown families get {@link #DEEPSEEK_CODER}, the default model's.
   *
   * @param model the model name
   * @return the template
   */
  public static FimTemplate forModel(String model) {
    String m = Objects.requireNonNull(model, "model").toLowerCase(Locale.ROOT);
    if (m.contains("codellama") || m.contains("code-llama") || m.contains("codellama")) {
      return CODELLAMA;
    }
    if (m.contains("qwen")) {
      return QWEN_CODER;
    }
    if (m.contains("starcoder")) {
      return STARCODER;
    }
    if (m.contains("codegemma")) {
      return CODEGEMMA;
    }
    return DEEPSEEK_CODER;
  }

  /**
   * Looks a template up by family name or enum name (case-insensitive).
   *
   * @param name e.g. {@code codellama} or {@code QWEN_CODER}
   * @return the template
   * @throws IllegalArgumentException naming the known families if there is no such template
   */
  public static FimTemplate byName(String name) {
    Objects.requireNonNull(name, "name");
    for (FimTemplate t : values()) {
      if (t.family.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name.replace('-', '_'))) {
        return t;
      }
    }
    if (name.equalsIgnoreCase("starcoder2") || name.equalsIgnoreCase("qwen")) {
      return name.equalsIgnoreCase("qwen") ? QWEN_CODER : STARCODER;
    }
    throw new IllegalArgumentException("unknown FIM template '" + name
        + "': use one of deepseek-coder, codellama, starcoder, qwen2.5-coder, codegemma");
  }
}
