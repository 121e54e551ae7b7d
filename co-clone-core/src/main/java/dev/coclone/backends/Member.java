package dev.coclone.backends;

import dev.coclone.model.BackendStatus;
import dev.coclone.model.ModelBackend;
import java.util.concurrent.atomic.AtomicInteger;

/** One model server behind a {@link BalancedBackend}: its requests in flight and its last known health. */
final class Member {
  final String name;
  final ModelBackend backend;
  final AtomicInteger outstanding = new AtomicInteger();
  private volatile boolean healthy = true;
  private volatile String lastProblem = "not tried yet";
  private volatile long downSinceNanos;

  Member(String name, ModelBackend backend) {
    this.name = name;
    this.backend = backend;
  }

  boolean healthy() {
    return healthy;
  }

  String lastProblem() {
    return lastProblem;
  }

  long downSinceNanos() {
    return downSinceNanos;
  }

  void markUp() {
    healthy = true;
  }

  void markDown(String problem) {
    if (healthy) {
      downSinceNanos = System.nanoTime();
    }
    lastProblem = problem;
    healthy = false;
  }

  /** Probes the server and records the outcome; never throws. */
  BackendStatus probe() {
    BackendStatus s;
    try {
      s = backend.probe();
    } catch (RuntimeException e) {
      s = new BackendStatus(false, backend.id(), backend.model(), name + " failed its probe: " + e);
    }
    if (s.available()) {
      markUp();
    } else {
      markDown(s.message());
    }
    return s;
  }
}
