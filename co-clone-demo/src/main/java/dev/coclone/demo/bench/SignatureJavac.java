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
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;

/** Compiles in-memory sources with javac, stopping after flow analysis (no class files). */
final class SignatureJavac {
  private final JavaCompiler javac;
  private final StandardJavaFileManager fm;
  private final List<String> options;

  SignatureJavac(JavaCompiler javac, StandardJavaFileManager fm, Path scratch) throws IOException {
    this.javac = javac;
    this.fm = fm;
    Path out = Files.createDirectories(scratch.resolve("classes"));
    Path empty = Files.createDirectories(scratch.resolve("empty"));
    this.options = List.of("-proc:none", "-Xmaxerrs", "1000000", "-nowarn", "-implicit:none", "-d", out.toString(),
        "-classpath", empty.toString(), "-sourcepath", empty.toString(), "-XDshould-stop.ifNoError=FLOW",
        "-XDshould-stop.ifError=FLOW");
  }

  /** javac's errors for the sources, by relative path. */
  List<JavacError> compile(Map<String, String> sources) {
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
