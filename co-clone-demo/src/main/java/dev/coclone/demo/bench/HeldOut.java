package dev.coclone.demo.bench;

import dev.coclone.engine.CorpusFiles;
import dev.coclone.source.SourceFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The deterministic split every benchmark uses: files sorted by path, every 10th held out.
 *
 * @param train   the files learned from
 * @param test    the held-out files
 * @param skipped files the loader skipped (binary, over 1 MiB, not UTF-8)
 */
record HeldOut(List<SourceFile> train, List<SourceFile> test, int skipped) {
  /**
   * The dev split for tuning: the held-out files are dropped, and every 10th training file (from
   * the 5th) is measured on instead, learning from the other training files.
   */
  HeldOut dev() {
    List<SourceFile> devTrain = new ArrayList<>();
    List<SourceFile> devTest = new ArrayList<>();
    for (int i = 0; i < train.size(); i++) {
      (i % 10 == 4 ? devTest : devTrain).add(train.get(i));
    }
    return new HeldOut(devTrain, devTest, skipped);
  }

  /** Loads a corpus (folder or zip) and splits it. */
  static HeldOut load(Path corpus, String under, String language, int limitFiles) throws IOException {
    return load(corpus, under, language, limitFiles, List.of());
  }

  /** Loads a corpus, leaving out files under folders named in {@code excludedDirs}, and splits it. */
  static HeldOut load(Path corpus, String under, String language, int limitFiles, List<String> excludedDirs)
      throws IOException {
    int[] skipped = {0};
    List<SourceFile> files = CorpusFiles.load(corpus, under, language.isEmpty() ? Set.of() : Set.of(language),
        s -> skipped[0]++);
    if (!excludedDirs.isEmpty()) {
      files = files.stream().filter(f -> java.util.Arrays.stream(f.path().split("/"))
          .noneMatch(excludedDirs::contains)).toList();
    }
    if (files.size() > limitFiles) {
      files = files.subList(0, limitFiles);
    }
    List<SourceFile> train = new ArrayList<>();
    List<SourceFile> test = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      (i % 10 == 9 ? test : train).add(files.get(i));
    }
    return new HeldOut(train, test, skipped[0]);
  }
}
