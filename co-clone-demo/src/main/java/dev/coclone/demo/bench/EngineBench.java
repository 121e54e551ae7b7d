package dev.coclone.demo.bench;

import dev.coclone.demo.cli.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.cancel.Cancellation;
import dev.coclone.source.CompletionMode;
import dev.coclone.engine.EmbeddedEngine;
import dev.coclone.engine.IndexStats;
import dev.coclone.engine.NextTokenModel;
import dev.coclone.source.CodeLexer;
import dev.coclone.source.SourceFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code bench engine}: trains the embedded engine on 9 of every 10 files (sorted by path) and
 * measures it on the 10th: next-token top-1 accuracy and MRR (top 10), rest-of-line exact match
 * and edit similarity at seeded random cursors, suggestion latency, build time, heap.
 */
@Command(name = "engine", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, sortSynopsis = false, description = {"Trains the embedded engine on 9 of every 10 files (sorted by path) and "
        + "measures it on the 10th: next-token top-1 and MRR, rest-of-line exact match and edit similarity, "
        + "what a user feels (shown, accepted, wrong, characters saved, syntax-worsening), suggestion latency, build time, heap."})
final class EngineBench implements Callable<Integer> {
  @Mixin
  CorpusOptions source;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "seed of the rest-of-line cursors (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--max-eval-tokens", paramLabel = "N", defaultValue = "100000",
      description = "next-token positions scored, spread evenly over the held-out files (default: ${DEFAULT-VALUE})")
  int maxEval;

  @Option(names = "--folder-cache", paramLabel = "N", defaultValue = "0",
      description = "tokens of the file's folder that join the next-token cache (an experiment; default: "
          + "${DEFAULT-VALUE}, off)")
  int folderCache;

  @Option(names = "--nested", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "next-token ranking with the nested level (the file's folder over the corpus, as in SLP-Core's "
          + "nested model; completions always use it); --no-nested measures without it (default: ${DEFAULT-VALUE})")
  boolean nested;

  @Option(names = "--slp-tokens",
      description = "SLP-Core's token rules (its JavaLexer): a string literal of 15 characters or more (quotes "
          + "included) is read as the empty literal \"\", and a >> or >>> that closes type arguments as two or three "
          + ">, in training and held-out files alike (default: literals stay whole, which is harder, and >> is one "
          + "token)")
  boolean slpTokens;

  @Option(names = "--completions", paramLabel = "N", defaultValue = "500",
      description = "rest-of-line completions measured (default: ${DEFAULT-VALUE})")
  int completions;

  @Option(names = "--dump-suggestions", paramLabel = "FILE",
      description = "writes every rest-of-line cursor (file, end of the line before the cursor, suggestion, true "
          + "rest of the line, verdict, the file's length in characters, milliseconds taken, milliseconds of CPU "
          + "time, why nothing was shown) to FILE as tab-separated lines, for reading what goes wrong")
  Path dump;

  @Option(names = "--dump-ranks", paramLabel = "FILE",
      description = "writes every ranked next-token position (file, position, kind, rank of the true token or 0, "
          + "the true token, the one ranked first, the corpus's and the cache's longest matched context, the three "
          + "tokens before, how often the file used the true token and the first one before) to FILE as tab-separated "
          + "lines, for reading where the ranking loses (the ranking time then includes gathering them)")
  Path dumpRanks;

  @Mixin
  JsonOutput jsonOutput;

  @Override
  public Integer call() throws Exception {
    Path corpus = source.corpus();
    HeldOut split = source.load();
    List<SourceFile> train = slpTokens ? split.train().stream().map(SlpTokens::collapse).toList() : split.train();
    List<SourceFile> test = slpTokens ? split.test().stream().map(SlpTokens::collapse).toList() : split.test();
    if (test.isEmpty()) {
      System.err.println("co-clone: bench engine needs at least 10 source files in " + corpus);
      return 2;
    }
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    EmbeddedEngine engine = new EmbeddedEngine();
    IndexStats stats = engine.index(train, new ProgressBar());
    System.gc();
    long heapAfter = rt.totalMemory() - rt.freeMemory();

    // Next-token prediction on held-out files, spread evenly over them.
    NextTokenModel model = folderCache > 0 ? engine.nextTokenModel(folderCache) : engine.nextTokenModel(nested);
    List<int[]> tokenized = new ArrayList<>();
    List<byte[]> kinds = new ArrayList<>();
    List<List<CodeLexer.Tok>> texts = new ArrayList<>();
    long scoredTotal = 0;
    for (SourceFile f : test) {
      int[] ids = model.tokenize(f);
      tokenized.add(ids);
      kinds.add(kinds(f, ids));
      if (dumpRanks != null) {
        texts.add(new CodeLexer(f.language()).lex(f.text()));
      }
      for (int i = 1; i < ids.length; i++) {
        if (NextTokenModel.scored(ids[i])) {
          scoredTotal++;
        }
      }
    }
    long stride = Math.max(1, (scoredTotal + maxEval - 1) / maxEval);
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long rankStart = System.nanoTime();
    long rankCpuStart = threads.getCurrentThreadCpuTime();
    long seen = 0;
    long evaluated = 0;
    long top1 = 0;
    double mrr = 0;
    List<String> rankLines = new ArrayList<>();
    long[] kindCount = new long[KINDS.length];
    long[] kindTop1 = new long[KINDS.length];
    for (int fi = 0; fi < tokenized.size(); fi++) {
      int[] ids = tokenized.get(fi);
      for (int i = 1; i < ids.length; i++) {
        if (!NextTokenModel.scored(ids[i])) {
          continue;
        }
        if (seen++ % stride != 0) {
          continue;
        }
        int rank = model.rank(ids, i, 10);
        evaluated++;
        int kind = kinds.get(fi)[i];
        kindCount[kind]++;
        if (rank == 1) {
          top1++;
          kindTop1[kind]++;
        }
        if (rank > 0) {
          mrr += 1.0 / rank;
        }
        if (dumpRanks != null) {
          List<CodeLexer.Tok> toks = texts.get(fi);
          int topId = model.lastTop();
          String topText = model.text(topId);
          for (int j = 0; topText == null && j < i; j++) {
            if (ids[j] == topId) {
              topText = toks.get(j).text();
            }
          }
          int[] orders = model.lastOrders();
          int earlier = 0;
          int topEarlier = 0;
          for (int j = 0; j < i; j++) {
            earlier += ids[j] == ids[i] ? 1 : 0;
            topEarlier += ids[j] == topId ? 1 : 0;
          }
          StringBuilder before = new StringBuilder();
          for (int j = Math.max(0, i - 3); j < i; j++) {
            before.append(toks.get(j).text().replace("\n", "\\n")).append(' ');
          }
          rankLines.add(String.join("\t", test.get(fi).path(), String.valueOf(i), KINDS[kind], String.valueOf(rank),
              toks.get(i).text(), String.valueOf(topText), String.valueOf(orders[0]), String.valueOf(orders[1]),
              before.toString().strip(), String.valueOf(earlier), String.valueOf(topEarlier)).replace("\n", "\\n"));
        }
      }
    }

    long rankNanos = System.nanoTime() - rankStart;
    long rankCpuNanos = threads.getCurrentThreadCpuTime() - rankCpuStart;
    // What the ranking built on first use (the corpus's declarations and shape index, the kept
    // successor counts, the nested levels) is not in heap_mb; this is the heap with it (and the
    // held-out files' token ids, so a little more than the engine's).
    System.gc();
    long heapRanked = rt.totalMemory() - rt.freeMemory();
    if (dumpRanks != null) {
      java.nio.file.Files.write(dumpRanks, rankLines);
    }

    // Rest-of-line completion at seeded random cursors.
    SuggestionQuality quality = new SuggestionQuality();
    List<String> dumped = new ArrayList<>();
    Random random = new Random(seed);
    Stats latency = new Stats();
    Stats latencyCpu = new Stats();
    int exact = 0;
    double similarity = 0;
    int done = 0;
    for (int attempt = 0; done < completions && attempt < completions * 20; attempt++) {
      SourceFile f = test.get(random.nextInt(test.size()));
      String[] lines = f.text().split("\n", -1);
      int li = random.nextInt(lines.length);
      String line = lines[li];
      String code = line.strip();
      if (code.length() < 4 || code.startsWith("//") || code.startsWith("*") || code.startsWith("/*")
          || code.startsWith("#")) {
        continue;
      }
      int first = line.indexOf(code.charAt(0));
      int cursor = first + 1 + random.nextInt(code.length() - 1);
      int offset = 0;
      for (int k = 0; k < li; k++) {
        offset += lines[k].length() + 1;
      }
      String prefix = f.text().substring(0, offset + cursor);
      String target = line.substring(cursor).strip();
      int lineEnd = offset + line.length();
      String suffix = lineEnd < f.text().length() ? f.text().substring(lineEnd) : "";
      StringBuilder out = new StringBuilder();
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      EmbeddedEngine.Generation generation = engine.complete(prefix, suffix, f.language(), f.path(),
          CompletionMode.SINGLE_LINE, 48, piece -> out.append(piece) != null, new Cancellation());
      long took = System.nanoTime() - t0;
      long tookCpu = threads.getCurrentThreadCpuTime() - c0;
      latency.add(took);
      latencyCpu.add(tookCpu);
      String got = out.toString().strip();
      if (got.equals(target)) {
        exact++;
      }
      similarity += editSimilarity(got, target);
      quality.add(f.path(), f.language(), prefix, out.toString(), target, suffix);
      if (dump != null) {
        String before = prefix.substring(Math.max(prefix.lastIndexOf('\n') + 1, prefix.length() - 60));
        dumped.add(String.join("\t", f.path(), before, got, target,
            got.isEmpty() ? "silent" : target.startsWith(got) ? "accepted" : "wrong",
            String.valueOf(f.text().length()), String.format(java.util.Locale.ROOT, "%.2f", took / 1e6),
            String.format(java.util.Locale.ROOT, "%.2f", tookCpu / 1e6),
            generation.silence() == null ? "" : generation.silence() + ": " + generation.reason())
            .replace("\n", "\\n"));
      }
      done++;
    }

    if (dump != null) {
      java.nio.file.Files.write(dump, dumped);
    }
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("corpus", source.label());
    json.put("token_rules", slpTokens ? "SLP-Core's: literals of 15 characters or more read as \"\", >> of type "
        + "arguments split" : "literals whole");
    json.put("files_train", train.size());
    json.put("files_test", test.size());
    json.put("files_skipped", split.skipped() + stats.skipped());
    json.put("lines_train", stats.lines());
    json.put("tokens_train", stats.tokens());
    json.put("vocabulary", stats.vocabulary());
    json.put("build_seconds", stats.buildMillis() / 1000.0);
    json.put("lines_per_second", stats.buildMillis() == 0 ? 0 : stats.lines() * 1000 / stats.buildMillis());
    json.put("heap_mb", (heapAfter - heapBefore) / (1024.0 * 1024.0));
    json.put("heap_mb_after_ranking", (heapRanked - heapBefore) / (1024.0 * 1024.0));
    json.put("heap_mb_per_million_tokens", (heapAfter - heapBefore) / (1024.0 * 1024.0) / (stats.tokens() / 1e6));
    json.put("next_token_evaluated", evaluated);
    json.put("next_token_top1", evaluated == 0 ? 0 : (double) top1 / evaluated);
    json.put("next_token_mrr", evaluated == 0 ? 0 : mrr / evaluated);
    for (int k = 0; k < KINDS.length; k++) {
      json.put("next_token_share_" + KINDS[k], evaluated == 0 ? 0 : (double) kindCount[k] / evaluated);
      json.put("next_token_top1_" + KINDS[k], kindCount[k] == 0 ? 0 : (double) kindTop1[k] / kindCount[k]);
    }
    json.put("next_token_us_per_token", evaluated == 0 ? 0 : rankNanos / 1e3 / evaluated);
    // CPU time of the ranking thread: less inflated than the wall clock when other work shares the cores.
    json.put("next_token_cpu_us_per_token", evaluated == 0 ? 0 : rankCpuNanos / 1e3 / evaluated);
    json.put("rest_of_line_cursors", done);
    json.put("rest_of_line_exact_match", done == 0 ? 0 : (double) exact / done);
    json.put("rest_of_line_edit_similarity", done == 0 ? 0 : similarity / done);
    json.put("latency_p50_ms", latency.percentile(50) / 1e6);
    json.put("latency_p99_ms", latency.percentile(99) / 1e6);
    // CPU time of the suggesting thread: what the suggestion itself cost, without other jobs' share of the cores.
    json.put("latency_cpu_p50_ms", latencyCpu.percentile(50) / 1e6);
    json.put("latency_cpu_p99_ms", latencyCpu.percentile(99) / 1e6);
    quality.report(json);
    json.put("seed", seed);
    String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
    System.out.println(text);
    System.out.printf("%n%-34s %s%n", "metric", "value");
    json.fields().forEachRemaining(e -> System.out.printf("%-34s %s%n", e.getKey(), e.getValue().asText()));
    jsonOutput.write(text);
    return 0;
  }

  /** Kinds of scored tokens the top-1 figure is broken down by. */
  private static final String[] KINDS = {"names", "new_names", "literals", "punctuation", "members"};

  /** The kind of each token of a file (index into {@link #KINDS}), from its text. */
  private static byte[] kinds(SourceFile f, int[] ids) {
    List<CodeLexer.Tok> toks = new CodeLexer(f.language()).lex(f.text());
    byte[] out = new byte[ids.length];
    for (int i = 0; i < ids.length && i < toks.size(); i++) {
      char c = toks.get(i).text().charAt(0);
      out[i] = (byte) (NextTokenModel.isNew(ids[i]) ? 1 : Character.isJavaIdentifierStart(c)
          ? i > 0 && toks.get(i - 1).text().equals(".") ? 4 : 0
          : Character.isDigit(c) || c == '"' || c == '\'' || c == '`' ? 2 : 3);
    }
    return out;
  }

  /** 1 - Levenshtein distance / longer length; 1 for two empty strings. */
  static double editSimilarity(String a, String b) {
    int n = a.length();
    int m = b.length();
    if (n == 0 && m == 0) {
      return 1;
    }
    int[] prev = new int[m + 1];
    int[] cur = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= n; i++) {
      cur[0] = i;
      for (int j = 1; j <= m; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return 1 - (double) prev[m] / Math.max(n, m);
  }
}
