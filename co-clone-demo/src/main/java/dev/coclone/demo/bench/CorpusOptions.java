package dev.coclone.demo.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The corpus options of {@code bench engine} and {@code bench context}. */
final class CorpusOptions {
  @Option(names = "--corpus", paramLabel = "DIR|ZIP", required = true,
      description = "the code to learn from and measure on: a folder or a zip (e.g. the JDK's lib/src.zip)")
  Path corpus;

  @Option(names = "--under", paramLabel = "PREFIX", defaultValue = "",
      description = "only files under this path in the corpus, e.g. java.base/ (default: all)")
  String under;

  @Option(names = "--lang", paramLabel = "L", defaultValue = "",
      description = "only files of this language, e.g. java or python (default: all)")
  String lang;

  @Option(names = "--limit-files", paramLabel = "N",
      description = "at most this many files, in path order (default: all)")
  Integer limitFiles;

  @Option(names = "--exclude", paramLabel = "NAME", split = ",",
      description = "leave out files under folders of these names, e.g. site-packages,test (default: none)")
  java.util.List<String> exclude = new java.util.ArrayList<>();

  @Option(names = "--dev-split",
      description = "for tuning: leave the held-out files unread and measure on a dev split of the training "
          + "files instead (every 10th of them, from the 5th), learning from the rest (default: off)")
  boolean devSplit;

  /** Loads the corpus and splits it: every 10th file, in path order, held out (or the dev split). */
  HeldOut load() throws java.io.IOException {
    HeldOut split = HeldOut.load(corpus, under, lang, limitFiles == null ? Integer.MAX_VALUE : limitFiles, exclude);
    return devSplit ? split.dev() : split;
  }

  /** The corpus as the report names it. */
  String label() {
    return corpus + (under.isEmpty() ? "" : "!" + under) + (devSplit ? " (dev split)" : "");
  }
}
