package dev.coclone.cancel;

/** Why a call or generation was stopped before it finished. */
public enum CancelReason {
  /** The caller asked for it explicitly ({@code cancel()} or the cancel endpoint). */
  CLIENT,
  /** A newer request from the same editor session replaced this one (the user kept typing). */
  SUPERSEDED,
  /** The client's connection or HTTP/2 stream went away. */
  DISCONNECTED,
  /** A deadline (connect, first token, idle or total) ran out. */
  TIMEOUT,
  /** The engine or server is shutting down. */
  SHUTDOWN
}
