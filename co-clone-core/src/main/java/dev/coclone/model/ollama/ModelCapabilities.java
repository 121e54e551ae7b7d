package dev.coclone.model.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coclone.model.PromptStyle;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** What {@code /api/show} says a model can do, and the prompt style that follows. */
record ModelCapabilities(Set<String> capabilities, String template) {
  static ModelCapabilities parse(JsonNode show) {
    Set<String> caps = new HashSet<>();
    show.path("capabilities").forEach(c -> caps.add(c.asText()));
    return new ModelCapabilities(caps, show.path("template").asText(""));
  }

  /** True when the template only passes the prompt through: a base model. */
  boolean plainTemplate() {
    String t = template.replace(" ", "");
    return t.isEmpty() || t.equals("{{.Prompt}}");
  }

  PromptStyle bestStyle(String model) {
    if (capabilities.contains("insert")) {
      return PromptStyle.SUFFIX_FIELD;
    }
    String m = model.toLowerCase(Locale.ROOT);
    String tag = m.contains(":") ? m.substring(m.indexOf(':') + 1) : "";
    boolean baseTag = tag.contains("base") || tag.equals("code") || tag.endsWith("-code");
    if (plainTemplate() || baseTag) {
      return PromptStyle.RAW_FIM;
    }
    return PromptStyle.COMPLETION;
  }
}
