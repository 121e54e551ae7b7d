package dev.coclone.engine;

/**
 * What an index holds and what building it cost.
 *
 * @param files         files indexed
 * @param skipped       files skipped (binary, too large, not UTF-8 text), with reasons logged
 * @param lines         source lines
 * @param tokens        code tokens
 * @param vocabulary    distinct tokens
 * @param buildMillis   time to lex and sort
 * @param bytesEstimate memory the index holds, estimated from its arrays
 */
public record IndexStats(int files, int skipped, long lines, long tokens, int vocabulary, long buildMillis,
    long bytesEstimate) {}
