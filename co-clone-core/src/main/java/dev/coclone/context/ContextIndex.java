package dev.coclone.context;

import dev.coclone.source.Identifiers;
import dev.coclone.context.internal.JavaSymbols;
import dev.coclone.context.internal.LexicalSymbols;
import dev.coclone.context.internal.TreeSitterSymbols;
import dev.coclone.context.internal.WindowIndex;
import dev.coclone.source.LineIndex;
import dev.coclone.source.SourceFile;
import dev.coclone.workspace.WorkspaceListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * What the workspace defines and where similar code is: per-file symbols (JavaParser for Java,
 * tree-sitter for Python and JavaScript/TypeScript, the structural token scan for Java that does
 * not parse and other languages), a name-to-definitions map, and the window index. Updated per file; listens to a
 * {@link dev.coclone.workspace.Workspace}. Thread-safe (readers and writers share one lock).
 */
public final class ContextIndex implements WorkspaceListener {
  private final JavaSymbols javaSymbols = new JavaSymbols();
  private final Map<String, SourceFile> files = new HashMap<>();
  private final Map<String, LineIndex> lineIndexes = new HashMap<>();
  private final Map<String, FileSymbols> symbols = new HashMap<>();
  private final Map<String, List<Definition>> byName = new HashMap<>();
  private final WindowIndex windows = new WindowIndex();

  /** Creates an empty index. */
  public ContextIndex() {}

  /**
   * Indexes many files.
   *
   * @param all      the files
   * @param progress called with (files done, total); may be null
   */
  public void index(Collection<SourceFile> all, BiConsumer<Integer, Integer> progress) {
    int done = 0;
    for (SourceFile f : all) {
      changed(f);
      done++;
      if (progress != null && (done % 200 == 0 || done == all.size())) {
        progress.accept(done, all.size());
      }
    }
  }

  @Override
  public void changed(SourceFile f) {
    FileSymbols s = "java".equals(f.language()) ? javaSymbols.extract(f)
        : TreeSitterSymbols.handles(f.language()) ? TreeSitterSymbols.extract(f) : LexicalSymbols.extract(f);
    List<List<String>> ids = Identifiers.perLine(f.text(), f.language());
    LineIndex lines = LineIndex.of(f.text());
    synchronized (this) {
      removedLocked(f.path());
      files.put(f.path(), f);
      lineIndexes.put(f.path(), lines);
      symbols.put(f.path(), s);
      for (Definition d : s.definitions()) {
        byName.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d);
      }
      windows.put(f.path(), lines.lineCount(), ids);
    }
  }

  @Override
  public synchronized void removed(String path) {
    removedLocked(path);
  }

  private void removedLocked(String path) {
    FileSymbols old = symbols.remove(path);
    files.remove(path);
    lineIndexes.remove(path);
    if (old != null) {
      for (Definition d : old.definitions()) {
        List<Definition> list = byName.get(d.name());
        if (list != null) {
          list.removeIf(x -> x.path().equals(path));
          if (list.isEmpty()) {
            byName.remove(d.name());
          }
        }
      }
    }
    windows.remove(path);
  }

  /** A file's symbols. */
  public synchronized Optional<FileSymbols> symbols(String path) {
    return Optional.ofNullable(symbols.get(path));
  }

  /** Every file's symbols, sorted by path. */
  public synchronized List<FileSymbols> allSymbols() {
    List<FileSymbols> out = new ArrayList<>(symbols.values());
    out.sort(java.util.Comparator.comparing(FileSymbols::path));
    return out;
  }

  /** Definitions of a name across the workspace. */
  public synchronized List<Definition> definitions(String name) {
    return List.copyOf(byName.getOrDefault(name, List.of()));
  }

  /** A file's text. */
  public synchronized Optional<SourceFile> file(String path) {
    return Optional.ofNullable(files.get(path));
  }

  /**
   * Lines {@code from..to} (1-based, inclusive) of a file, clipped to the file.
   *
   * @param path the file
   * @param from first line
   * @param to   last line
   * @return the text, or null if the file is unknown or the range empty
   */
  public synchronized String lines(String path, int from, int to) {
    SourceFile f = files.get(path);
    LineIndex lines = lineIndexes.get(path);
    if (f == null || lines == null) {
      return null;
    }
    int a = Math.max(1, from);
    int b = Math.min(lines.lineCount(), to);
    if (a > b) {
      return null;
    }
    int begin = lines.start(a);
    return f.text().substring(begin, Math.max(begin, lines.end(b)));
  }

  /** Windows similar to the identifiers, excluding a file. */
  public synchronized List<WindowIndex.Hit> similar(Collection<String> query, String excludePath, int k) {
    return windows.similar(query, excludePath, k);
  }

  /** Files indexed. */
  public synchronized int size() {
    return files.size();
  }
}
