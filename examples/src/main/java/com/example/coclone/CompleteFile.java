package com.example.coclone;

import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.engine.CorpusFiles;
import dev.coclone.engine.EmbeddedBackend;
import dev.coclone.engine.EmbeddedEngine;
import dev.coclone.engine.IndexProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A Maven consumer of co-clone-core: learns from a folder with the embedded engine, then completes
 * the end of a file. Run from the repository after {@code mvn -B package -DskipTests}:
 * {@code java -cp examples/target/co-clone-examples-0.1.0-SNAPSHOT.jar:co-clone-demo/target/co-clone-demo.jar
 * com.example.coclone.CompleteFile examples examples/python_example.py}. Without a suggestion it says why.
 */
public final class CompleteFile {
  private CompleteFile() {}

  /**
   * Completes at the end of a file.
   *
   * @param args the folder to learn from, and the file to complete
   * @throws Exception if reading fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: CompleteFile <folder to learn from> <file to complete at its end>");
      System.exit(2);
    }
    EmbeddedEngine learned = new EmbeddedEngine();
    learned.index(CorpusFiles.load(Path.of(args[0]), "", Set.of(), skipped -> { }), IndexProgress.NONE);
    String text = Files.readString(Path.of(args[1]));
    try (CompletionEngine engine = CompletionEngine.builder().backend(new EmbeddedBackend(learned)).build()) {
      Completion c = engine.newCall(CompletionRequest.builder().prefix(text).filePath(args[1]).build()).execute();
      System.out.println(answer(c));
    }
  }

  /**
   * What to print for a completion: its text, or why there is none.
   *
   * @param c the completion
   * @return the suggestion, or {@code (no suggestion: <reason>)}
   */
  static String answer(Completion c) {
    if (!c.text().isEmpty()) {
      return c.text();
    }
    String why = c.noSuggestionReason();
    return why.isEmpty() ? "(no suggestion)" : "(no suggestion: " + why + ")";
  }
}
