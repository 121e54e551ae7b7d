package dev.coclone.demo.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * Compiles in-memory sources with javac, stopping after flow analysis (no class files). The
 * whole corpus is compiled once into class files ({@link #compileAll}); after that, a change is
 * compiled as the files it can affect ({@link #compile(Map, Set)}) against those classes, which
 * takes a second instead of the whole corpus's several.
 */
final class SignatureJavac {
  private final JavaCompiler javac;
  private final StandardJavaFileManager fm;
  private final Path classes;
  private final List<String> check;
  private final List<String> against;

  SignatureJavac(JavaCompiler javac, StandardJavaFileManager fm, Path scratch) throws IOException {
    this.javac = javac;
    this.fm = fm;
    this.classes = Files.createDirectories(scratch.resolve("classes"));
    Path out = Files.createDirectories(scratch.resolve("out"));
    Path empty = Files.createDirectories(scratch.resolve("empty"));
    List<String> common = List.of("-proc:none", "-Xmaxerrs", "1000000", "-nowarn", "-implicit:none", "-d",
        out.toString(), "-sourcepath", empty.toString(), "-XDshould-stop.ifNoError=FLOW",
        "-XDshould-stop.ifError=FLOW");
    this.check = concat(common, "-classpath", empty.toString());
    this.against = concat(common, "-classpath", classes.toString());
  }

  private static List<String> concat(List<String> a, String... b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(List.of(b));
    return out;
  }

  /** Compiles every source into class files (the corpus as it is); javac's errors. */
  List<JavacError> compileAll(Map<String, String> sources) {
    return run(sources, List.of("-proc:none", "-Xmaxerrs", "1000000", "-nowarn", "-implicit:none", "-g:none",
        "-d", classes.toString(), "-classpath", classes.toString()));
  }

  /** javac's errors for the sources, compiled together and alone. */
  List<JavacError> compile(Map<String, String> sources) {
    return run(sources, check);
  }

  /**
   * javac's errors for the given files of the sources, compiled against the class files of
   * {@link #compileAll} (every other file as it was).
   */
  List<JavacError> compile(Map<String, String> sources, Set<String> paths) {
    Map<String, String> some = new java.util.TreeMap<>();
    paths.forEach(p -> {
      if (sources.containsKey(p)) {
        some.put(p, sources.get(p));
      }
    });
    return run(some, against);
  }

  private List<JavacError> run(Map<String, String> sources, List<String> options) {
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach((path, text) -> units.add(new Source(path, text)));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    javac.getTask(new StringWriter(), fm, diagnostics, options, null, units).call();
    List<JavacError> out = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        String path = d.getSource() instanceof Source s ? s.path : String.valueOf(d.getSource());
        out.add(new JavacError(path, d.getLineNumber(), d.getCode(),
            d.getMessage(Locale.ROOT).replaceAll("\\s+", " ")));
      }
    }
    return out;
  }

  private static final class Source extends SimpleJavaFileObject {
    final String path;
    final String text;

    Source(String path, String text) {
      super(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE);
      this.path = path;
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}
