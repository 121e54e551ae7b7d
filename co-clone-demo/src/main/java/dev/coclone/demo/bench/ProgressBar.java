package dev.coclone.demo.bench;

import dev.coclone.engine.IndexProgress;

/** A progress bar on stderr when a terminal is attached; silent otherwise. */
final class ProgressBar implements IndexProgress {
  private final boolean tty = System.console() != null;

  @Override
  public void onProgress(String stage, long done, long total, long tokens) {
    if (!tty) {
      return;
    }
    int width = 30;
    int filled = total > 0 ? (int) (width * done / total) : 0;
    String bar = "#".repeat(filled) + "-".repeat(width - filled);
    System.err.printf("\r%-8s [%s] %d/%d files, %,d tokens", stage, bar, done, total, tokens);
    if (stage.equals("done")) {
      System.err.println();
    }
  }
}
