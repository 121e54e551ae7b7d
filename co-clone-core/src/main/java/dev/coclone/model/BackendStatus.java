package dev.coclone.model;

import java.util.Objects;

/**
 * The result of probing a backend.
 *
 * @param available true if the backend can serve the configured model now
 * @param backend   backend id
 * @param model     model name
 * @param message   human-readable state, including what to do when unavailable
 */
public record BackendStatus(boolean available, String backend, String model, String message) {
  /** Validates the components. */
  public BackendStatus {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(message, "message");
  }
}
