package dev.coclone.demo.bench;

import dev.coclone.demo.cli.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.context.ContextIndex;
import dev.coclone.context.ContextResult;
import dev.coclone.context.ContextRetriever;
import dev.coclone.context.Definition;
import dev.coclone.source.CodeLexer;
import dev.coclone.prompt.FimTemplate;
import dev.coclone.source.SourceFile;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * {@code bench context}: indexes 9 of every 10 files and, at seeded random lines of the held-out
 * files, builds the prompt for a cursor at the start of the line. A line's needed identifiers are
 * those in its true text that the workspace defines in other files; the line is covered when all
 * of them appear in the prompt (context plus the prefix, cut to the same budget a model gets).
 */
@Command(name = "context", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, description = {"Indexes 9 of every 10 files and, at seeded random lines of the held-out "
        + "files, builds the prompt for a cursor at the start of the line: how often the identifiers the line "
        + "needs from other files are in the prompt (line and identifier recall), prompt build time, index time "
        + "and heap."})
final class ContextBench implements Callable<Integer> {
  @Mixin
  CorpusOptions source;

  @Option(names = "--lines", paramLabel = "N", defaultValue = "1000",
      description = "held-out lines measured (default: ${DEFAULT-VALUE})")
  int lines;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "seed of the random lines (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--budget", paramLabel = "TOKENS", defaultValue = "1024",
      description = "context budget of the prompt (default: ${DEFAULT-VALUE})")
  int budget;

  @Option(names = "--prefix-tokens", paramLabel = "TOKENS", defaultValue = "1024",
      description = "prefix budget of the prompt (default: ${DEFAULT-VALUE})")
  int prefixTokens;

  @Mixin
  JsonOutput jsonOutput;

  @Override
  public Integer call() throws Exception {
    Path corpus = source.corpus();
    HeldOut split = source.load();
    List<SourceFile> train = split.train();
    List<SourceFile> test = split.test();
    if (test.isEmpty()) {
      System.err.println("co-clone: bench context needs at least 10 source files in " + corpus);
      return 2;
    }
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    ContextIndex index = new ContextIndex();
    long t0 = System.nanoTime();
    index.index(train, null);
    long indexNanos = System.nanoTime() - t0;
    System.gc();
    long heapAfter = rt.totalMemory() - rt.freeMemory();
    long trainLines = train.stream().mapToLong(f -> f.text().split("\n", -1).length).sum();
    long parsed = index.allSymbols().stream().filter(s -> s.problem() == null).count();
    ContextRetriever retriever = new ContextRetriever(index, List::of);

    Random random = new Random(seed);
    Stats build = new Stats();
    int measured = 0;
    int covered = 0;
    long neededTotal = 0;
    long neededFound = 0;
    int linesWithNeeds = 0;
    for (int attempt = 0; measured < lines && attempt < lines * 50; attempt++) {
      SourceFile f = test.get(random.nextInt(test.size()));
      String[] ls = f.text().split("\n", -1);
      int li = random.nextInt(ls.length);
      String line = ls[li].strip();
      if (line.isEmpty() || line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")
          || line.startsWith("#")) {
        continue;
      }
      int offset = 0;
      for (int k = 0; k < li; k++) {
        offset += ls[k].length() + 1;
      }
      String prefix = f.text().substring(0, offset);
      String suffix = f.text().substring(Math.min(f.text().length(), offset + ls[li].length()));
      CompletionRequest request = CompletionRequest.builder().prefix(prefix).suffix(suffix).filePath(f.path())
          .language(f.language()).build();
      long b0 = System.nanoTime();
      ContextResult result = retriever.retrieve(request, budget, FimTemplate.DEEPSEEK_CODER);
      build.add(System.nanoTime() - b0);
      measured++;
      Set<String> needed = new HashSet<>();
      for (CodeLexer.Tok t : new CodeLexer(f.language()).lex(line)) {
        String x = t.text();
        if (dev.coclone.source.Identifiers.isIdentifier(x)) {
          for (Definition d : index.definitions(x)) {
            if (!d.path().equals(f.path())) {
              needed.add(x);
              break;
            }
          }
        }
      }
      if (needed.isEmpty()) {
        continue;
      }
      linesWithNeeds++;
      String cutPrefix = prefix.length() > prefixTokens * 35 / 10 ? prefix.substring(prefix.length()
          - prefixTokens * 35 / 10) : prefix;
      Set<String> promptIds = new HashSet<>();
      for (var s : result.snippets()) {
        collect(s.text(), f.language(), promptIds);
      }
      collect(cutPrefix, f.language(), promptIds);
      int found = 0;
      for (String n : needed) {
        if (promptIds.contains(n)) {
          found++;
        }
      }
      neededTotal += needed.size();
      neededFound += found;
      if (found == needed.size()) {
        covered++;
      }
    }
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("corpus", source.label());
    json.put("files_indexed", train.size());
    json.put("files_held_out", test.size());
    json.put("files_parsed_by_javaparser_or_scanned", parsed);
    json.put("lines_indexed", trainLines);
    json.put("index_seconds", indexNanos / 1e9);
    json.put("index_lines_per_second", (long) (trainLines / (indexNanos / 1e9)));
    json.put("index_heap_mb", (heapAfter - heapBefore) / 1048576.0);
    json.put("context_budget_tokens", budget);
    json.put("prefix_budget_tokens", prefixTokens);
    json.put("lines_measured", measured);
    json.put("lines_needing_workspace_identifiers", linesWithNeeds);
    json.put("line_recall", linesWithNeeds == 0 ? 0 : (double) covered / linesWithNeeds);
    json.put("identifier_recall", neededTotal == 0 ? 0 : (double) neededFound / neededTotal);
    json.put("prompt_build_p50_ms", build.percentile(50) / 1e6);
    json.put("prompt_build_p99_ms", build.percentile(99) / 1e6);
    json.put("seed", seed);
    String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
    System.out.println(text);
    jsonOutput.write(text);
    return 0;
  }

  private static void collect(String text, String language, Set<String> out) {
    for (CodeLexer.Tok t : new CodeLexer(language).lex(text)) {
      out.add(t.text());
    }
  }
}
