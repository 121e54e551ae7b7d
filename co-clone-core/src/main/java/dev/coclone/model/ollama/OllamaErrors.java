package dev.coclone.model.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.model.ModelException;
import dev.coclone.model.PromptStyle;

/** Turns Ollama's error replies into typed errors that say what to do. */
final class OllamaErrors {
  private final ObjectMapper json;
  private final String model;

  OllamaErrors(ObjectMapper json, String model) {
    this.json = json;
    this.model = model;
  }

  ModelException forStatus(int status, String body, PromptStyle style) {
    String message = errorText(body);
    if (status == 404 || message.contains("not found")) {
      return new ModelException(ModelException.Kind.MODEL_NOT_FOUND,
          "model \"" + model + "\" is not pulled: run ollama pull " + model, status, null);
    }
    if (status == 400 && message.contains("does not support insert")) {
      return new ModelException(ModelException.Kind.UNSUPPORTED, "model \"" + model + "\" cannot fill in the middle ("
          + message + "); use a base model such as deepseek-coder:6.7b-base (ollama pull deepseek-coder:6.7b-base)",
          status, null);
    }
    if (status >= 500) {
      return new ModelException(ModelException.Kind.SERVER_ERROR, "Ollama failed with HTTP " + status + ": " + message
          + ". Check 'ollama serve' output; the model may not fit in memory.", status, null);
    }
    return new ModelException(ModelException.Kind.BAD_REQUEST, "Ollama rejected the request (HTTP " + status + "): "
        + message, status, null);
  }

  ModelException midStream(String message) {
    if (message.contains("not found")) {
      return new ModelException(ModelException.Kind.MODEL_NOT_FOUND,
          "model \"" + model + "\" is not pulled: run ollama pull " + model, -1, null);
    }
    return new ModelException(ModelException.Kind.SERVER_ERROR, "Ollama reported an error mid-stream: " + message
        + ". Check 'ollama serve' output and try again.", -1, null);
  }

  private String errorText(String body) {
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.hasNonNull("error")) {
        return node.get("error").asText();
      }
    } catch (java.io.IOException notJson) {
      // Fall through: show the raw body.
    }
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }
}
