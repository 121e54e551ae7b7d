package dev.coclone.corpora;

import dev.coclone.corpora.internal.Imports;
import dev.coclone.corpora.internal.MavenPoms;
import dev.coclone.corpora.internal.PythonLocations;
import dev.coclone.corpora.internal.Root;
import dev.coclone.source.SourceFile;
import dev.coclone.source.SourcePolicy;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the background corpora of a workspace on this machine, for the languages the workspace
 * has: the JDK's {@code src.zip} ({@code java.base}); the {@code -sources.jar} of each dependency
 * its {@code pom.xml} files declare, in the local Maven repository; the Python interpreter's
 * standard library (without its tests); the packages of its {@code .venv}/{@code venv} that its
 * Python code imports; the packages of its {@code node_modules} that its JavaScript/TypeScript code
 * imports or requires. What is not there, not chosen or not needed is reported with the reason.
 * Finding reads pom.xml files and may run the Python interpreter once: call it off the event loop.
 */
public final class CorpusFinder {
  private static final int MAX_NAMES = 6;
  private final CorpusSettings settings;

  /**
   * Creates a finder.
   *
   * @param settings which corpora, and where they are
   */
  public CorpusFinder(CorpusSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Whether any chosen corpus could apply to a workspace with these files, judged by a few file
   * checks and no reading (a fast check for start-up): the JDK's src.zip exists, the workspace has a
   * pom.xml at its root (and a local repository is given), a Python interpreter or venv is there, a
   * node_modules folder is there.
   *
   * @param workspace the workspace folder
   * @param files     the workspace's files
   * @return true if {@link #find} may find something
   */
  public boolean mayFind(Path workspace, Collection<SourceFile> files) {
    Set<String> languages = languages(files);
    for (CorpusKind k : settings.kinds()) {
      if (k.languages().stream().noneMatch(languages::contains)) {
        continue;
      }
      boolean there = switch (k) {
        case JDK -> settings.jdkSources() != null && Files.isRegularFile(settings.jdkSources());
        case MAVEN -> settings.mavenRepository() != null && Files.isRegularFile(workspace.resolve("pom.xml"));
        case PYTHON -> settings.pythonStdlib() != null || settings.pythonCommand() != null
            || PythonLocations.venv(workspace) != null;
        case NODE -> Files.isDirectory(workspace.resolve("node_modules"));
      };
      if (there) {
        return true;
      }
    }
    return false;
  }

  /**
   * Finds the corpora.
   *
   * @param workspace the workspace folder
   * @param files     its source files (for its languages and imports)
   * @return one entry per corpus, in the order jdk, maven, python (standard library, venv), node
   */
  public List<FoundCorpus> find(Path workspace, Collection<SourceFile> files) {
    Objects.requireNonNull(workspace, "workspace");
    Set<String> languages = languages(files);
    List<FoundCorpus> out = new ArrayList<>();
    for (CorpusKind k : CorpusKind.values()) {
      String why = !settings.kinds().contains(k) ? "not chosen (--learn-from)"
          : k.languages().stream().noneMatch(languages::contains) ? "no " + languageNames(k) + " in the workspace"
          : null;
      if (why != null) {
        out.add(FoundCorpus.skipped(k, title(k), why));
        continue;
      }
      switch (k) {
        case JDK -> out.add(jdk());
        case MAVEN -> out.add(maven(workspace));
        case PYTHON -> {
          Path venv = PythonLocations.venv(workspace);
          out.add(pythonStdlib(venv));
          out.add(venv(venv, Imports.python(files)));
        }
        case NODE -> out.add(node(workspace, Imports.node(files)));
        default -> throw new IllegalStateException("unknown kind " + k);
      }
    }
    return out;
  }

  private static Set<String> languages(Collection<SourceFile> files) {
    Set<String> out = new HashSet<>();
    files.forEach(f -> out.add(f.language()));
    return out;
  }

  private static String title(CorpusKind k) {
    return switch (k) {
      case JDK -> "JDK sources (java.base)";
      case MAVEN -> "Maven dependencies' sources";
      case PYTHON -> "Python standard library and virtual environment";
      case NODE -> "node_modules";
    };
  }

  private static String languageNames(CorpusKind k) {
    return switch (k) {
      case JDK, MAVEN -> "Java";
      case PYTHON -> "Python";
      case NODE -> "JavaScript or TypeScript";
    };
  }

  private FoundCorpus jdk() {
    Path zip = settings.jdkSources();
    if (zip == null) {
      return FoundCorpus.skipped(CorpusKind.JDK, title(CorpusKind.JDK), "no JDK src.zip was given");
    }
    if (!Files.isRegularFile(zip)) {
      return FoundCorpus.skipped(CorpusKind.JDK, title(CorpusKind.JDK), "this JDK has no lib/src.zip (Debian: apt "
          + "install openjdk-17-source)");
    }
    return FoundCorpus.found(CorpusKind.JDK, title(CorpusKind.JDK),
        List.of(new Root(zip, "java.base/", "[jdk]/", Set.of("java"), Set.of())), "");
  }

  private FoundCorpus maven(Path workspace) {
    String title = title(CorpusKind.MAVEN);
    Path repo = settings.mavenRepository();
    if (repo == null) {
      return FoundCorpus.skipped(CorpusKind.MAVEN, title, "no local Maven repository was given");
    }
    List<Path> poms;
    try {
      poms = pomFiles(workspace);
    } catch (IOException e) {
      return FoundCorpus.skipped(CorpusKind.MAVEN, title, "could not look for pom.xml files: " + e.getMessage());
    }
    if (poms.isEmpty()) {
      return FoundCorpus.skipped(CorpusKind.MAVEN, title, "no pom.xml in the workspace");
    }
    MavenPoms.Declared declared = MavenPoms.read(poms, repo);
    List<Root> roots = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (MavenPoms.Coordinates c : declared.dependencies()) {
      Path jar = repo.resolve(c.groupId().replace('.', '/')).resolve(c.artifactId()).resolve(c.version())
          .resolve(c.artifactId() + "-" + c.version() + "-sources.jar");
      if (Files.isRegularFile(jar)) {
        roots.add(new Root(jar, "", "[maven]/" + c.artifactId() + "-" + c.version() + "/", Set.of("java"),
            Set.of("META-INF")));
      } else {
        missing.add(c.toString());
      }
    }
    List<String> notes = new ArrayList<>();
    if (!missing.isEmpty()) {
      notes.add("no -sources.jar in the local repository for " + names(missing)
          + " (mvn dependency:sources downloads them)");
    }
    if (!declared.unresolved().isEmpty()) {
      notes.add("version not resolved for " + names(declared.unresolved()) + (declared.absent().isEmpty() ? ""
          : " (it may come from " + String.join(", ", declared.absent()) + ", in neither the workspace nor the "
              + "local repository: mvn install it, or open the workspace at its folder)"));
    }
    if (!declared.problems().isEmpty()) {
      notes.add("unreadable: " + names(declared.problems()));
    }
    String note = String.join("; ", notes);
    if (roots.isEmpty()) {
      return FoundCorpus.skipped(CorpusKind.MAVEN, title, declared.dependencies().isEmpty() && note.isEmpty()
          ? "the pom.xml files declare no dependencies" : note);
    }
    return FoundCorpus.found(CorpusKind.MAVEN, title + " (" + roots.size() + " of "
        + declared.dependencies().size() + " -sources.jars)", roots, note);
  }

  private FoundCorpus pythonStdlib(Path venv) {
    String title = "Python standard library";
    Path stdlib = settings.pythonStdlib();
    if (stdlib == null) {
      Path venvPython = venv == null ? null : PythonLocations.venvPython(venv);
      String command = venvPython != null ? venvPython.toString() : settings.pythonCommand();
      if (command == null) {
        return FoundCorpus.skipped(CorpusKind.PYTHON, title, "no Python interpreter was given");
      }
      try {
        stdlib = PythonLocations.askStdlib(command);
      } catch (IOException e) {
        return FoundCorpus.skipped(CorpusKind.PYTHON, title, "could not ask Python where it is: " + e.getMessage());
      }
    }
    if (!Files.isDirectory(stdlib)) {
      return FoundCorpus.skipped(CorpusKind.PYTHON, title, stdlib + " is not a folder");
    }
    return FoundCorpus.found(CorpusKind.PYTHON, title + " (" + stdlib.getFileName() + ", without its tests)",
        List.of(new Root(stdlib, "", "[python]/", Set.of("python"), Set.of("test", "tests", "idle_test",
            "site-packages", "dist-packages", "__pycache__", "turtledemo"))), "");
  }

  private FoundCorpus venv(Path venv, Set<String> imported) {
    String title = "virtual environment";
    if (venv == null) {
      return FoundCorpus.skipped(CorpusKind.PYTHON, title, "no .venv or venv folder (with a pyvenv.cfg) in the "
          + "workspace");
    }
    title += " " + venv.getFileName();
    List<Root> roots = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try {
      for (Path site : PythonLocations.sitePackages(venv)) {
        for (String module : imported) {
          Set<String> skip = Set.of("test", "tests", "__pycache__");
          if (Files.isDirectory(site.resolve(module))) {
            roots.add(new Root(site.resolve(module), "", "[venv]/" + module + "/", Set.of("python"), skip));
            names.add(module);
          } else if (Files.isRegularFile(site.resolve(module + ".py"))) {
            roots.add(new Root(site.resolve(module + ".py"), "", "[venv]/", Set.of("python"), skip));
            names.add(module);
          }
        }
      }
    } catch (IOException e) {
      return FoundCorpus.skipped(CorpusKind.PYTHON, title, "could not list its site-packages: " + e.getMessage());
    }
    if (roots.isEmpty()) {
      return FoundCorpus.skipped(CorpusKind.PYTHON, title, "the workspace imports none of its packages");
    }
    return FoundCorpus.found(CorpusKind.PYTHON, title + " (" + names(names) + ")", roots, "");
  }

  private FoundCorpus node(Path workspace, Set<String> imported) {
    String title = "node_modules";
    Path modules = workspace.resolve("node_modules");
    if (!Files.isDirectory(modules)) {
      return FoundCorpus.skipped(CorpusKind.NODE, title, "no node_modules folder in the workspace");
    }
    List<Root> roots = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String pkg : imported) {
      Path dir = modules.resolve(pkg);
      // A package folder may be a link (npm link, pnpm): it is the user's own dependency folder.
      if (Files.isDirectory(dir)) {
        // A package that ships its sources (src/) ships its built copies too (dist/, esm/, ...): the sources only.
        boolean src = Files.isDirectory(dir.resolve("src"));
        roots.add(new Root(src ? dir.resolve("src") : dir, "", "[node]/" + pkg + (src ? "/src/" : "/"),
            Set.of("javascript", "typescript"), Set.of("node_modules", "test", "tests", "__tests__")));
        names.add(pkg);
      }
    }
    if (roots.isEmpty()) {
      return FoundCorpus.skipped(CorpusKind.NODE, title, "the workspace imports none of its packages");
    }
    return FoundCorpus.found(CorpusKind.NODE, title + " (" + names(names) + ")", roots, "");
  }

  private static String names(List<String> names) {
    if (names.size() <= MAX_NAMES) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, MAX_NAMES)) + " and " + (names.size() - MAX_NAMES) + " more";
  }

  /** The workspace's pom.xml files, outside dependency and build folders. */
  private static List<Path> pomFiles(Path workspace) throws IOException {
    List<Path> out = new ArrayList<>();
    Files.walkFileTree(workspace, Set.of(), 8, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return !dir.equals(workspace) && SourcePolicy.skippedDir(dir.getFileName().toString())
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && file.getFileName().toString().equals("pom.xml")) {
          out.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        // A folder we may not read holds no pom.xml we could use; the rest of the walk goes on.
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort(null);
    return out;
  }
}
