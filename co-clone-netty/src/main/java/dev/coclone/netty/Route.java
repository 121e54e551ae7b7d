package dev.coclone.netty;

import dev.coclone.wire.ErrorShape;
import java.util.Objects;

/** Handles requests to one path. Must not block: long work goes to another thread. */
@FunctionalInterface
public interface Route {
  /**
   * Handles a request; respond through the exchange (now or later, from any thread).
   *
   * @param exchange the request and its response
   * @throws HttpError to answer with an error
   * @throws Exception for anything unexpected (answered with 500)
   */
  void handle(Exchange exchange) throws Exception;

  /**
   * The shape of this route's error bodies (its protocol's), or null for Co-Clone's own
   * {@code {"error": {"code", "message"}}}. Every error of a request to the route is written in
   * it, including a missing token and an {@link HttpError} thrown here.
   */
  default ErrorShape errorShape() {
    return null;
  }

  /**
   * A route that answers its errors in a protocol's shape.
   *
   * @param shape the error shape (Ollama's, OpenAI's)
   * @param route the route
   * @return the route with that error shape
   */
  static Route withErrorShape(ErrorShape shape, Route route) {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(route, "route");
    return new Route() {
      @Override
      public void handle(Exchange exchange) throws Exception {
        route.handle(exchange);
      }

      @Override
      public ErrorShape errorShape() {
        return shape;
      }
    };
  }
}
