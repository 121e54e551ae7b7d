package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What the compatible endpoints say about the served models, in each protocol's shape: Ollama's
 * {@code /api/tags}, {@code /api/show} and {@code /api/ps}, OpenAI's {@code /v1/models} and
 * {@code /v1/models/{id}}.
 */
final class ModelListings {
  /**
   * The template {@code /api/show} reports. It uses {@code .Suffix}, as Ollama's fill-in-the-middle
   * templates do, because Co-Clone takes a {@code suffix} for every model: it writes the model's own
   * fill-in-the-middle prompt itself.
   */
  static final String TEMPLATE = "{{/* Co-Clone writes the model's fill-in-the-middle prompt itself */}}"
      + "{{ if .Suffix }}{{ .Prompt }}{{ .Suffix }}{{ else }}{{ .Prompt }}{{ end }}";
  /** A loaded model's expiry in {@code /api/ps}: the backend stays loaded while the server runs. */
  static final String NEVER = "9999-12-31T23:59:59Z";

  private final ObjectMapper json;
  private final ModelNames names;
  private final String backendId;
  private final Instant started = Instant.now();

  ModelListings(ObjectMapper json, ModelNames names, String backendId) {
    this.json = json;
    this.names = names;
    this.backendId = backendId;
  }

  /** {@code GET /api/tags}: every served name, tagged. */
  ObjectNode tags() {
    ObjectNode n = json.createObjectNode();
    var models = n.putArray("models");
    for (String name : names.tagged()) {
      models.add(ollamaModel(name));
    }
    return n;
  }

  /** {@code GET /api/ps}: the backend's model, loaded for as long as the server runs. */
  ObjectNode running() {
    ObjectNode n = json.createObjectNode();
    ObjectNode m = ollamaModel(ModelNames.tagged(names.backendModel()));
    m.remove("modified_at");
    m.put("expires_at", NEVER).put("size_vram", 0);
    n.putArray("models").add(m);
    return n;
  }

  /** {@code POST /api/show} for a served name: capabilities {@code completion} and {@code insert}. */
  ObjectNode show() {
    ObjectNode n = json.createObjectNode();
    n.put("license", "");
    n.put("modelfile", "# Served by Co-Clone through its " + backendId + " backend\nFROM " + names.backendModel()
        + "\nTEMPLATE \"\"\"" + TEMPLATE + "\"\"\"\n");
    n.put("parameters", "");
    n.put("template", TEMPLATE);
    n.set("details", details());
    n.putObject("model_info").put("general.architecture", backendId).put("general.basename", names.backendModel())
        .put("co-clone.backend", backendId);
    n.putArray("capabilities").add("completion").add("insert");
    n.put("modified_at", started.toString());
    return n;
  }

  /** {@code GET /v1/models}: every served name. */
  ObjectNode openAiList() {
    ObjectNode n = json.createObjectNode();
    n.put("object", "list");
    var data = n.putArray("data");
    names.names().forEach(name -> data.add(openAiModel(name)));
    return n;
  }

  /** One model as {@code GET /v1/models/{id}} gives it. */
  ObjectNode openAiModel(String id) {
    return json.createObjectNode().put("id", id).put("object", "model").put("created", started.getEpochSecond())
        .put("owned_by", "co-clone");
  }

  private ObjectNode ollamaModel(String name) {
    ObjectNode m = json.createObjectNode();
    m.put("name", name).put("model", name).put("modified_at", started.toString()).put("size", 0)
        .put("digest", digest(name));
    m.set("details", details());
    return m;
  }

  private ObjectNode details() {
    ObjectNode d = json.createObjectNode();
    d.put("parent_model", "").put("format", "co-clone").put("family", backendId);
    d.putArray("families").add(backendId);
    d.put("parameter_size", "").put("quantization_level", "");
    return d;
  }

  private static String digest(String name) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
