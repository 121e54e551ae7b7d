package dev.coclone.netty;

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
}
