package dev.coclone.netty.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The model names the compatible endpoints answer to. There are two, and both stand for the one
 * backend this server runs: the backend's own model name (the Ollama or OpenAI-compatible server's
 * model, or the embedded engine's name) and {@code co-clone}, which keeps working whatever the
 * backend is. As Ollama does, a name without a tag is the same as that name with {@code :latest}
 * (so {@code co-clone} and {@code co-clone:latest} are one name). {@code /api/tags} and
 * {@code /v1/models} list exactly these names; any other is refused with the protocol's 404.
 */
final class ModelNames {
  /** The name that stands for whatever backend serves. */
  static final String PRODUCT = "co-clone";
  private static final String LATEST = ":latest";

  private final List<String> names;

  ModelNames(String backendModel) {
    Objects.requireNonNull(backendModel, "backendModel");
    List<String> n = new ArrayList<>(List.of(backendModel));
    if (!same(backendModel, PRODUCT)) {
      n.add(PRODUCT);
    }
    this.names = List.copyOf(n);
  }

  /** The served names as given (the backend's first). */
  List<String> names() {
    return names;
  }

  /** The backend's own model name. */
  String backendModel() {
    return names.get(0);
  }

  /**
   * Whether a requested name is one of the served names.
   *
   * @param requested the name a client sent
   * @return true if served
   */
  boolean serves(String requested) {
    return names.stream().anyMatch(n -> same(n, requested));
  }

  /** The served names as Ollama lists them: each with its tag ({@code :latest} when it has none). */
  List<String> tagged() {
    return names.stream().map(ModelNames::tagged).toList();
  }

  /** A short list for error messages: {@code "a", "b"}. */
  String describe() {
    return String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
  }

  static String tagged(String name) {
    String last = name.substring(name.lastIndexOf('/') + 1);
    return last.contains(":") ? name : name + LATEST;
  }

  private static boolean same(String a, String b) {
    return tagged(a).equals(tagged(b));
  }
}
