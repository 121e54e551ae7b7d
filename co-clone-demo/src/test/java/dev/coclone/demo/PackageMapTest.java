package dev.coclone.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package map in docs/architecture.md drawn from what the code really imports: the map
 * (packages, their files and the packages each uses) is computed from the compiled classes of every module and compared with the block between the
 * {@code package-map} markers. On a difference the test prints the block to paste.
 */
class PackageMapTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String START = "<!-- package-map:start -->";
  private static final String END = "<!-- package-map:end -->";

  @Test
  void architectureDocShowsThePackageMapOfTheCode() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/architecture.md"));
    int s = doc.indexOf(START);
    int e = doc.indexOf(END);
    String documented = s >= 0 && e > s ? doc.substring(s + START.length(), e).strip() : "(no package map block)";
    String actual = render();
    assertEquals(actual, documented, "docs/architecture.md's package map is out of date; replace the block between "
        + START + " and " + END + " with:\n" + actual + "\n");
  }

  @Test
  void noModuleReachesIntoAnotherFeaturesInternals() {
    Set<String> violations = new TreeSet<>();
    for (JavaClass c : classes()) {
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String target = d.getTargetClass().getPackageName();
        int i = target.indexOf(".internal");
        if (target.startsWith("dev.coclone.") && i > 0 && !c.getPackageName().startsWith(target.substring(0, i))) {
          violations.add(d.getDescription());
        }
      }
    }
    assertEquals(Set.of(), violations, "a feature's .internal package is for that feature only");
  }

  private static JavaClasses classes() {
    return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.coclone");
  }

  private static String render() throws IOException {
    JavaClasses classes = classes();
    Map<String, Set<String>> arrows = new TreeMap<>((a, b) -> (module(a) + a).compareTo(module(b) + b));
    for (JavaClass c : classes) {
      String from = c.getPackageName();
      Set<String> to = arrows.computeIfAbsent(from, k -> new TreeSet<>());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String target = d.getTargetClass().getPackageName();
        if (target.startsWith("dev.coclone.") && !target.equals(from)) {
          to.add(target);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("| module | package | files | imports |\n|---|---|---|---|\n");
    for (Map.Entry<String, Set<String>> a : arrows.entrySet()) {
      String pkg = a.getKey();
      String module = module(pkg);
      out.append("| ").append(module.replace("co-clone-", "")).append(" | `").append(short_(pkg)).append("` | ")
          .append(files(module, pkg)).append(" | ");
      out.append(a.getValue().isEmpty() ? "-" : String.join(", ", a.getValue().stream().map(p -> short_(p)).toList()));
      out.append(" |\n");
    }
    return out.toString().strip();
  }

  private static String short_(String pkg) {
    return pkg.substring("dev.coclone.".length());
  }

  private static String module(String pkg) {
    for (String m : new String[] {"co-clone-core", "co-clone-netty", "co-clone-demo"}) {
      if (Files.isDirectory(ROOT.resolve(m).resolve("src/main/java").resolve(pkg.replace('.', '/')))) {
        return m;
      }
    }
    return "?";
  }

  /** The number of main source files of a package. */
  private static long files(String module, String pkg) throws IOException {
    try (Stream<Path> list = Files.list(ROOT.resolve(module).resolve("src/main/java").resolve(pkg.replace('.', '/')))) {
      return list.filter(p -> p.toString().endsWith(".java")).count();
    }
  }
}
