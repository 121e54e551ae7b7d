package dev.coclone.corpora.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Where a Python installation keeps its standard library, and a virtual environment its packages. */
public final class PythonLocations {
  private PythonLocations() {}

  /** The workspace's virtual environment ({@code .venv} or {@code venv} with a {@code pyvenv.cfg}), or null. */
  public static Path venv(Path workspace) {
    for (String name : new String[] {".venv", "venv"}) {
      Path v = workspace.resolve(name);
      if (Files.isRegularFile(v.resolve("pyvenv.cfg"))) {
        return v;
      }
    }
    return null;
  }

  /** The venv's site-packages folders ({@code lib/python3.X/site-packages}, or {@code Lib/site-packages} on Windows). */
  public static List<Path> sitePackages(Path venv) throws IOException {
    List<Path> out = new ArrayList<>();
    Path lib = venv.resolve("lib");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> s = Files.list(lib)) {
        s.filter(p -> p.getFileName().toString().startsWith("python")).sorted()
            .map(p -> p.resolve("site-packages")).filter(Files::isDirectory).forEach(out::add);
      }
    }
    Path win = venv.resolve("Lib").resolve("site-packages");
    if (out.isEmpty() && Files.isDirectory(win)) {
      out.add(win);
    }
    return out;
  }

  /** The venv's interpreter, or null. */
  public static Path venvPython(Path venv) {
    for (Path p : new Path[] {venv.resolve("bin").resolve("python"), venv.resolve("Scripts").resolve("python.exe")}) {
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Asks an interpreter for its standard library folder ({@code sysconfig}'s {@code stdlib} path).
   *
   * @param command the interpreter, e.g. {@code python3}
   * @return the folder
   * @throws IOException if it cannot be run, fails, takes over 10 seconds or names no folder
   */
  public static Path askStdlib(String command) throws IOException {
    Process p = new ProcessBuilder(command, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])")
        .redirectErrorStream(true).start();
    try (InputStream in = p.getInputStream()) {
      p.getOutputStream().close();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(command + " did not answer within 10 s");
      }
      String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        throw new IOException(command + " failed: " + out);
      }
      Path dir = Path.of(out);
      if (!Files.isDirectory(dir)) {
        throw new IOException(command + " names " + out + ", which is not a folder");
      }
      return dir;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + command, e);
    }
  }
}
