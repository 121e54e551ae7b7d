package dev.coclone.engine.internal;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;

/**
 * An immutable snapshot of what the engine learned from the indexed files: vocabulary, reversed
 * suffix array, unigram counts, spacing, and where each file's tokens are (so an edited file's
 * old tokens can be skipped until the next rebuild).
 *
 * @param vocab       token ids
 * @param index       the reversed suffix array
 * @param unigram     count per id
 * @param tokens      total tokens
 * @param spacing     spacing per token pair
 * @param fileStarts  forward start position of each file, ascending
 * @param fileIndex   path to its index in fileStarts
 * @param lines       source lines indexed
 */
public record Corpus(Vocabulary vocab, SuffixIndex index, int[] unigram, long tokens, PairSpacing spacing,
    int[] fileStarts, Map<String, Integer> fileIndex, long lines) {

  /** The file index of a forward position. */
  public int fileAt(int forwardPosition) {
    int i = Arrays.binarySearch(fileStarts, forwardPosition);
    return i >= 0 ? i : -i - 2;
  }

  /** A view that skips positions of the files in the set. */
  public SuffixIndex.StalePositions staleView(BitSet staleFiles) {
    if (staleFiles.isEmpty()) {
      return null;
    }
    return p -> staleFiles.get(fileAt(p));
  }
}
