package dev.coclone.demo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A package from the npm registry as a bench corpus, installed with {@code npm install
 * --ignore-scripts} into a folder of its own on first use (reused after), so a measurement on
 * code no one here wrote is one command to rerun.
 */
final class NpmPackage {
  private static final Pattern SPEC = Pattern.compile("(@[a-z0-9][\\w.-]*/)?[a-z0-9][\\w.-]*@\\d[\\w.+-]*");

  private NpmPackage() {}

  /**
   * The installed package's folder, installing it first if needed.
   *
   * @param spec {@code name@version} with an exact version, e.g. {@code rxjs@7.8.1}
   * @param root the folder that holds installed packages, one subfolder per spec
   * @return {@code <root>/<spec>/node_modules/<name>}
   * @throws IllegalArgumentException if spec is not name@version
   * @throws IOException if npm cannot be run or fails
   */
  static Path install(String spec, Path root) throws IOException, InterruptedException {
    if (!SPEC.matcher(spec).matches()) {
      throw new IllegalArgumentException("--npm takes NAME@VERSION with an exact version, e.g. rxjs@7.8.1, "
          + "not '" + spec + "'");
    }
    String name = spec.substring(0, spec.lastIndexOf('@'));
    Path dir = root.resolve(spec.replace('/', '+'));
    Path pkg = dir.resolve("node_modules").resolve(name);
    if (Files.isRegularFile(pkg.resolve("package.json"))) {
      return pkg;
    }
    Files.createDirectories(dir);
    System.err.println("co-clone: installing " + spec + " from npm into " + dir);
    Process p = new ProcessBuilder(List.of("npm", "install", "--prefix", dir.toString(), "--no-save",
        "--no-package-lock", "--ignore-scripts", "--no-audit", "--no-fund", spec)).inheritIO().start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("npm install " + spec + " took over 10 minutes");
    }
    if (p.exitValue() != 0 || !Files.isRegularFile(pkg.resolve("package.json"))) {
      throw new IOException("npm install " + spec + " failed (exit " + p.exitValue() + "); is npm installed and "
          + "the registry reachable?");
    }
    return pkg;
  }
}
