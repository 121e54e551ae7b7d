package dev.coclone.corpora;

import dev.coclone.corpora.internal.Root;
import dev.coclone.corpora.internal.RootReader;
import dev.coclone.corpora.internal.TokenCounts;
import dev.coclone.source.SourceFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads the corpora a {@link CorpusFinder} found, within the {@link CorpusBudget}, and keeps their
 * reports: each goes from queued to indexing as it is read; the caller feeds the files to the
 * engine and then calls {@link #ready} (or {@link #failed}). Every change of the reports is passed
 * to a listener. Meant for one background thread.
 *
 * <pre>{@code
 * BackgroundCorpora bg = new BackgroundCorpora(settings.budget(), countsFile, status::corpora);
 * List<SourceFile> files = bg.read(new CorpusFinder(settings).find(workspace, wsFiles));
 * engine.restore(indexFile, concat(files, wsFiles), progress);
 * bg.ready();
 * }</pre>
 */
public final class BackgroundCorpora {
  private final CorpusBudget budget;
  private final TokenCounts counts;
  private final Consumer<List<CorpusReport>> listener;
  private final List<CorpusReport> reports = new ArrayList<>();

  /**
   * Creates the reader of one round of background corpora.
   *
   * @param budget      how much may be read
   * @param countsFile  where token counts are kept for the next start (next to the saved index), or null
   * @param listener    receives every new list of reports
   */
  public BackgroundCorpora(CorpusBudget budget, Path countsFile, Consumer<List<CorpusReport>> listener) {
    this.budget = Objects.requireNonNull(budget, "budget");
    this.counts = new TokenCounts(countsFile);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Reads the found corpora in order, each within what is left of the budget.
   *
   * @param found what {@link CorpusFinder#find} returned
   * @return the files of every corpus read, their paths prefixed by the corpus ({@code [maven]/...})
   */
  public List<SourceFile> read(List<FoundCorpus> found) {
    reports.clear();
    found.forEach(f -> reports.add(f.report()));
    publish();
    List<SourceFile> all = new ArrayList<>();
    int filesLeft = budget.files();
    long bytesLeft = budget.bytes();
    for (int i = 0; i < found.size(); i++) {
      FoundCorpus f = found.get(i);
      if (f.skipReason() != null) {
        continue;
      }
      set(i, reports.get(i).with(CorpusReport.State.INDEXING, 0, 0, f.note()));
      RootReader reader = new RootReader(new RootReader.Budget(Math.min(filesLeft, budget.filesPerCorpus()),
          Math.min(bytesLeft, budget.bytesPerCorpus())));
      try {
        for (Root r : f.roots()) {
          reader.read(r);
        }
      } catch (IOException | RuntimeException e) {
        set(i, reports.get(i).with(CorpusReport.State.SKIPPED, 0, 0, "could not be read: " + e.getMessage()));
        continue;
      }
      List<SourceFile> files = reader.files();
      String reason = join(f.note(), leftOut(reader));
      if (files.isEmpty()) {
        set(i, reports.get(i).with(CorpusReport.State.SKIPPED, 0, 0,
            reason.isEmpty() ? "it has no source files" : "no source files learned: " + reason));
        continue;
      }
      filesLeft -= files.size();
      bytesLeft -= reader.bytes();
      set(i, reports.get(i).with(CorpusReport.State.INDEXING, files.size(), counts.count(files), reason));
      all.addAll(files);
    }
    return all;
  }

  /**
   * Marks every corpus being indexed as ready (the engine holds it now) and keeps the token counts
   * for the next start.
   *
   * @throws IOException if the counts cannot be saved (the corpora are ready all the same)
   */
  public void ready() throws IOException {
    finish(CorpusReport.State.READY, null);
    counts.save();
  }

  /**
   * Marks every corpus being indexed as skipped, because the engine could not take them.
   *
   * @param why what went wrong
   */
  public void failed(String why) {
    finish(CorpusReport.State.SKIPPED, "the engine could not learn it: " + why);
  }

  private void finish(CorpusReport.State state, String reason) {
    for (int i = 0; i < reports.size(); i++) {
      CorpusReport r = reports.get(i);
      if (r.state() == CorpusReport.State.INDEXING || r.state() == CorpusReport.State.QUEUED) {
        reports.set(i, r.with(state, r.files(), r.tokens(), reason == null ? r.reason() : reason));
      }
    }
    publish();
  }

  /** The reports now. */
  public List<CorpusReport> reports() {
    return List.copyOf(reports);
  }

  private void set(int i, CorpusReport r) {
    reports.set(i, r);
    publish();
  }

  private void publish() {
    listener.accept(List.copyOf(reports));
  }

  private String leftOut(RootReader reader) {
    List<String> parts = new ArrayList<>();
    if (reader.overBudget() > 0) {
      parts.add(reader.overBudget() + " files left out: over the budget");
    }
    for (Map.Entry<String, Integer> e : reader.skipped().entrySet()) {
      parts.add(e.getValue() + (e.getValue() == 1 ? " file" : " files") + " skipped: " + e.getKey());
    }
    return String.join("; ", parts);
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
  }
}
