package dev.coclone.corpora.internal;

import dev.coclone.source.CodeLexer;
import dev.coclone.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token counts of corpora, kept next to the saved index so that a restart does not lex them again
 * just to report them. Keyed by a signature of the corpus's paths and texts: a changed corpus is
 * counted again. Not thread-safe.
 */
public final class TokenCounts {
  private final Path file;
  private final Map<String, Long> saved = new HashMap<>();
  private final Map<String, Long> now = new HashMap<>();

  /**
   * Loads the counts kept from the last start.
   *
   * @param file where counts are kept, or null to keep none
   */
  public TokenCounts(Path file) {
    this.file = file;
    if (file == null) {
      return;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.split(" ");
        if (parts.length == 2) {
          saved.put(parts[0], Long.parseLong(parts[1]));
        }
      }
    } catch (NoSuchFileException e) {
      // first start: nothing counted yet
    } catch (IOException | NumberFormatException e) {
      // a damaged file only costs a recount
      saved.clear();
    }
  }

  /** The code tokens of the files (layout markers left out), from the saved counts when they are the same files. */
  public long count(List<SourceFile> files) {
    long h = 1125899906842597L;
    for (SourceFile f : files) {
      h = 31 * h + f.path().hashCode();
      h = 31 * h + f.text().hashCode();
      h = 31 * h + f.text().length();
    }
    String sig = Long.toHexString(h) + "-" + files.size();
    Long known = saved.get(sig);
    long tokens = known != null ? known : lex(files);
    now.put(sig, tokens);
    return tokens;
  }

  private static long lex(List<SourceFile> files) {
    long n = 0;
    for (SourceFile f : files) {
      for (CodeLexer.Tok t : new CodeLexer(f.language()).lex(f.text())) {
        if (!CodeLexer.isLayout(t.text())) {
          n++;
        }
      }
    }
    return n;
  }

  /** Writes the counts of this run (atomically), dropping those of corpora no longer there. */
  public void save() throws IOException {
    if (file == null) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    now.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(tmp, sb, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
