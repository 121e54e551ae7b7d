package dev.coclone.demo.bench;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The corpus options of {@code bench engine} and {@code bench context}. */
final class CorpusOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--corpus", paramLabel = "DIR|ZIP",
      description = "the code to learn from and measure on: a folder or a zip (e.g. the JDK's lib/src.zip); "
          + "this or --npm is required")
  Path corpus;

  @Option(names = "--npm", paramLabel = "NAME@VERSION",
      description = "instead of --corpus: a package of the npm registry, installed (npm install --ignore-scripts) "
          + "into --npm-dir on first use; for example rxjs@7.8.1")
  String npm;

  @Option(names = "--npm-dir", paramLabel = "DIR",
      description = {"where --npm installs packages", "(default: ~/.co-clone/bench/npm)"})
  Path npmDir;

  @Option(names = "--under", paramLabel = "PREFIX", defaultValue = "",
      description = "only files under this path in the corpus, such as java.base/ for the JDK's base module "
          + "(default: all)")
  String under;

  @Option(names = "--lang", paramLabel = "L", defaultValue = "",
      description = "only files of this language, e.g. java or python (default: all)")
  String lang;

  @Option(names = "--limit-files", paramLabel = "N",
      description = "at most this many files, in path order (default: all)")
  Integer limitFiles;

  @Option(names = "--exclude", paramLabel = "NAMES", split = ",", hideParamSyntax = true,
      description = "leave out files under folders of these comma-separated names, e.g. site-packages,test "
          + "(default: none)")
  java.util.List<String> exclude = new java.util.ArrayList<>();

  private Path resolved;

  /** The corpus folder or zip: --corpus, or the --npm package, installed if needed. */
  Path corpus() throws IOException, InterruptedException {
    if (resolved != null) {
      return resolved;
    }
    if ((corpus == null) == (npm == null)) {
      throw new ParameterException(spec.commandLine(), "give --corpus DIR|ZIP or --npm NAME@VERSION (one of them)");
    }
    if (corpus != null && !java.nio.file.Files.exists(corpus)) {
      throw new ParameterException(spec.commandLine(), "--corpus " + corpus + " does not exist");
    }
    try {
      resolved = corpus != null ? corpus : NpmPackage.install(npm, npmDir != null ? npmDir
          : Path.of(System.getProperty("user.home"), ".co-clone", "bench", "npm"));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return resolved;
  }

  @Option(names = "--dev-split",
      description = "for tuning: leave the held-out files unread and measure on a dev split of the training "
          + "files instead (every 10th of them, from the 5th), learning from the rest (default: off)")
  boolean devSplit;

  /** Loads the corpus and splits it: every 10th file, in path order, held out (or the dev split). */
  HeldOut load() throws IOException, InterruptedException {
    HeldOut split = HeldOut.load(corpus(), under, lang, limitFiles == null ? Integer.MAX_VALUE : limitFiles, exclude);
    return devSplit ? split.dev() : split;
  }

  /** The corpus as the report names it. */
  String label() {
    return (npm != null ? "npm " + npm : corpus.toString()) + (under.isEmpty() ? "" : "!" + under)
        + (devSplit ? " (dev split)" : "");
  }
}
