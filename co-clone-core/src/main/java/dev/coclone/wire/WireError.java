package dev.coclone.wire;

import dev.coclone.cancel.CanceledException;
import dev.coclone.completion.CompletionEngineBusyException;
import dev.coclone.model.ModelException;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/**
 * An error to answer in some protocol's shape: the HTTP status, a machine-readable code and a
 * message that says what to do. Each codec writes it its own way ({@link ErrorShape}).
 *
 * @param status  HTTP status
 * @param code    machine-readable code, e.g. {@code missing_field}
 * @param message what is wrong and what to do
 */
public record WireError(int status, String code, String message) {
  /** Validates the components. */
  public WireError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /**
   * Maps a failed call to its error, the one place that does so for every protocol: a cancellation
   * is 499 {@code canceled}, a busy engine 503 {@code engine_busy}, a model failure its kind
   * ({@code model_unreachable} 503, {@code model_timeout} 504, {@code model_model_not_found},
   * {@code model_bad_request} and {@code model_unsupported} 400, others 502), anything else 502
   * {@code model_error}.
   *
   * @param error the failure
   * @return the error to answer with
   */
  public static WireError of(IOException error) {
    Objects.requireNonNull(error, "error");
    if (error instanceof CanceledException ce) {
      return new WireError(499, "canceled", "the completion was canceled (" + lower(ce.reason()) + ")");
    }
    if (error instanceof CompletionEngineBusyException) {
      return new WireError(503, "engine_busy", error.getMessage());
    }
    if (error instanceof ModelException me) {
      return new WireError(status(me.kind()), "model_" + lower(me.kind()), String.valueOf(me.getMessage()));
    }
    return new WireError(502, "model_error", "the model failed: " + error.getMessage());
  }

  private static int status(ModelException.Kind kind) {
    return switch (kind) {
      case UNREACHABLE -> 503;
      case TIMEOUT -> 504;
      case MODEL_NOT_FOUND, UNSUPPORTED, BAD_REQUEST -> 400;
      default -> 502;
    };
  }

  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
