package dev.coclone.corpora;

import static dev.coclone.corpora.CorpusFixtures.utf8;
import static dev.coclone.corpora.CorpusFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusFinderTest {
  @TempDir
  Path dir;

  private static final String PARENT_POM = """
      <project>
        <groupId>org.acme</groupId><artifactId>parent</artifactId><version>2.0</version>
        <packaging>pom</packaging>
        <modules><module>app</module><module>lib</module></modules>
        <properties><widgets.version>1.2.3</widgets.version><gadgets.major>4</gadgets.major></properties>
        <dependencyManagement><dependencies>
          <dependency><groupId>org.example</groupId><artifactId>gadgets</artifactId>
            <version>${gadgets.major}.0</version></dependency>
          <dependency><groupId>org.example</groupId><artifactId>tools-bom</artifactId><version>1.0</version>
            <type>pom</type><scope>import</scope></dependency>
        </dependencies></dependencyManagement>
      </project>
      """;

  private static final String APP_POM = """
      <project>
        <parent><groupId>org.acme</groupId><artifactId>parent</artifactId><version>2.0</version></parent>
        <artifactId>app</artifactId>
        <dependencies>
          <dependency><groupId>org.example</groupId><artifactId>widgets</artifactId>
            <version>${widgets.version}</version></dependency>
          <dependency><groupId>org.example</groupId><artifactId>gadgets</artifactId></dependency>
          <dependency><groupId>org.example</groupId><artifactId>toolkit</artifactId></dependency>
          <dependency><groupId>org.example</groupId><artifactId>missing</artifactId><version>1.0</version></dependency>
          <dependency><groupId>com.bom</groupId><artifactId>from-a-bom</artifactId></dependency>
          <dependency><groupId>org.acme</groupId><artifactId>lib</artifactId><version>${project.version}</version></dependency>
        </dependencies>
      </project>
      """;

  private Path mavenWorkspace(Path repo) throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    write(ws.resolve("pom.xml"), PARENT_POM);
    write(ws.resolve("app/pom.xml"), APP_POM);
    write(ws.resolve("lib/pom.xml"), "<project><parent><groupId>org.acme</groupId><artifactId>parent</artifactId>"
        + "<version>2.0</version></parent><artifactId>lib</artifactId></project>");
    write(ws.resolve("app/src/main/java/App.java"), "class App { }\n");
    Map<String, byte[]> widgets = new LinkedHashMap<>();
    widgets.put("META-INF/MANIFEST.MF", utf8("Manifest-Version: 1.0\n"));
    widgets.put("org/example/Widgets.java", utf8("package org.example;\npublic class Widgets { }\n"));
    widgets.put("org/example/Blob.java", new byte[] {'c', 'l', 0, 1, 2});
    widgets.put("org/example/Latin1.java", new byte[] {'c', 'l', (byte) 0xe9, '\n'});
    widgets.put("org/example/readme.txt", utf8("not code"));
    CorpusFixtures.sourcesJar(repo, "org.example", "widgets", "1.2.3", widgets);
    // A BOM in the repository, whose managed version is a property of the BOM itself.
    write(repo.resolve("org/example/tools-bom/1.0/tools-bom-1.0.pom"), """
        <project><groupId>org.example</groupId><artifactId>tools-bom</artifactId><version>1.0</version>
          <properties><toolkit.version>7.1</toolkit.version></properties>
          <dependencyManagement><dependencies><dependency><groupId>org.example</groupId>
            <artifactId>toolkit</artifactId><version>${toolkit.version}</version></dependency></dependencies>
          </dependencyManagement></project>
        """);
    CorpusFixtures.sourcesJar(repo, "org.example", "toolkit", "7.1",
        Map.of("org/example/Tool.java", utf8("package org.example;\npublic class Tool { }\n")));
    CorpusFixtures.sourcesJar(repo, "org.example", "gadgets", "4.0",
        Map.of("org/example/Gadget.java", utf8("package org.example;\npublic class Gadget { }\n")));
    return ws;
  }

  private static List<SourceFile> sources(Path ws) throws Exception {
    List<SourceFile> out = new ArrayList<>();
    try (var walk = Files.walk(ws)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String rel = ws.relativize(p).toString().replace('\\', '/');
        if (!rel.contains("node_modules") && !rel.contains("venv") && !rel.endsWith(".xml")) {
          out.add(SourceFile.of(rel, Files.readString(p)));
        }
      }
    }
    return out;
  }

  private static FoundCorpus only(List<FoundCorpus> found, CorpusKind kind) {
    List<FoundCorpus> of = found.stream().filter(f -> f.kind() == kind).toList();
    assertEquals(1, of.size(), found.toString());
    return of.get(0);
  }

  @Test
  void aVersionManagedByAParentThatIsNowhereSaysWhichParentToInstall() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("m2"));
    Path ws = Files.createDirectories(dir.resolve("consumer"));
    write(ws.resolve("pom.xml"), """
        <project>
          <parent><groupId>dev.example</groupId><artifactId>example-parent</artifactId><version>0.1-SNAPSHOT</version></parent>
          <artifactId>consumer</artifactId>
          <dependencies><dependency><groupId>dev.example</groupId><artifactId>core</artifactId></dependency></dependencies>
        </project>
        """);
    CorpusSettings settings = CorpusSettings.builder().kinds(Set.of(CorpusKind.MAVEN)).mavenRepository(repo).build();
    write(ws.resolve("src/main/java/App.java"), "class App { }\n");
    FoundCorpus maven = only(new CorpusFinder(settings).find(ws, sources(ws)), CorpusKind.MAVEN);
    assertTrue(maven.skipReason().contains("version not resolved for dev.example:core (it may come from parent "
        + "dev.example:example-parent:0.1-SNAPSHOT, in neither the workspace nor the local repository: mvn install it"),
        maven.skipReason());
  }

  @Test
  void mavenDependenciesResolveVersionsFromPropertiesDependencyManagementAndBomsAndSayWhatIsMissing() throws Exception {
    Path repo = dir.resolve("m2");
    Path ws = mavenWorkspace(repo);
    CorpusSettings settings = CorpusSettings.builder().kinds(Set.of(CorpusKind.MAVEN)).mavenRepository(repo).build();
    FoundCorpus maven = only(new CorpusFinder(settings).find(ws, sources(ws)), CorpusKind.MAVEN);

    assertEquals(null, maven.skipReason(), maven.toString());
    assertEquals("Maven dependencies' sources (3 of 4 -sources.jars)", maven.name());
    assertTrue(maven.note().contains("org.example:missing:1.0") && maven.note().contains("mvn dependency:sources"),
        maven.note());
    assertTrue(maven.note().contains("version not resolved for com.bom:from-a-bom"), maven.note());
    assertFalse(maven.note().contains("it may come from"), "every parent and BOM was found: " + maven.note());
    assertFalse(maven.note().contains("org.acme:lib"), "the workspace's own module is no dependency: " + maven.note());

    List<CorpusReport> reports = new ArrayList<>();
    BackgroundCorpora bg = new BackgroundCorpora(CorpusBudget.DEFAULT, null, reports::addAll);
    List<SourceFile> files = bg.read(List.of(maven));
    assertEquals(List.of("[maven]/gadgets-4.0/org/example/Gadget.java", "[maven]/toolkit-7.1/org/example/Tool.java",
        "[maven]/widgets-1.2.3/org/example/Widgets.java"), files.stream().map(SourceFile::path).sorted().toList());
    CorpusReport r = bg.reports().get(0);
    assertEquals(CorpusReport.State.INDEXING, r.state());
    assertEquals(3, r.files());
    assertEquals(30, r.tokens(), "package org . example ; public class X { }: 10 tokens, three times");
    assertTrue(r.reason().contains("1 file skipped: binary") && r.reason().contains("1 file skipped: not valid UTF-8"),
        r.reason());
    bg.ready();
    assertEquals(CorpusReport.State.READY, bg.reports().get(0).state());
    assertEquals(List.of("queued", "indexing", "indexing", "ready"),
        reports.stream().map(x -> x.state().id()).toList(), "every change is published");
  }

  @Test
  void pythonLearnsTheStandardLibraryWithoutTestsAndOnlyTheVenvPackagesTheCodeImports() throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    write(ws.resolve("main.py"), "import os, fancylib.core\nfrom single import thing\nfrom . import sibling\n");
    write(ws.resolve(".venv/pyvenv.cfg"), "home = /nowhere\n");
    Path site = ws.resolve(".venv/lib/python3.11/site-packages");
    write(site.resolve("fancylib/__init__.py"), "from .core import frobnicate\n");
    write(site.resolve("fancylib/core.py"), "def frobnicate(x):\n    return x\n");
    write(site.resolve("fancylib/tests/test_core.py"), "def test():\n    pass\n");
    write(site.resolve("single.py"), "thing = 1\n");
    write(site.resolve("unusedlib/__init__.py"), "def unused():\n    pass\n");
    Path stdlib = dir.resolve("stdlib/python3.11");
    write(stdlib.resolve("json/__init__.py"), "def dumps(obj):\n    pass\n");
    write(stdlib.resolve("test/test_json.py"), "import json\n");
    write(stdlib.resolve("site-packages/other/__init__.py"), "x = 1\n");
    CorpusSettings settings = CorpusSettings.builder().pythonStdlib(stdlib).build();

    List<FoundCorpus> found = new CorpusFinder(settings).find(ws, sources(ws));
    List<SourceFile> files = new BackgroundCorpora(CorpusBudget.DEFAULT, null, r -> { }).read(found);

    assertEquals(List.of("[python]/json/__init__.py", "[venv]/fancylib/__init__.py", "[venv]/fancylib/core.py",
        "[venv]/single.py"), files.stream().map(SourceFile::path).sorted().toList());
    Map<String, String> states = found.stream().collect(Collectors.toMap(FoundCorpus::name,
        f -> f.skipReason() == null ? "found" : f.skipReason()));
    assertEquals("found", states.get("virtual environment .venv (fancylib, single)"), states.toString());
    assertEquals("no Java in the workspace", states.get("JDK sources (java.base)"), states.toString());
    assertEquals("no JavaScript or TypeScript in the workspace", states.get("node_modules"), states.toString());
  }

  @Test
  void nodeLearnsOnlyImportedPackagesAndNeverFollowsALinkOutOfThePackage() throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    write(ws.resolve("app.js"), "const pad = require('leftpadx');\nimport fs from 'node:fs';\n"
        + "import { x } from '@scope/tool/sub';\nimport './local.js';\n");
    Path nm = ws.resolve("node_modules");
    write(nm.resolve("leftpadx/index.js"), "module.exports = function leftpadx(s) { return s; };\n");
    write(nm.resolve("leftpadx/index.min.js"), "module.exports=function(s){return s};\n");
    write(nm.resolve("leftpadx/node_modules/nested/index.js"), "module.exports = 1;\n");
    write(nm.resolve("@scope/tool/src/main.ts"), "export const x: number = 1;\n");
    write(nm.resolve("@scope/tool/dist/main.js"), "exports.x = 1;\n");
    write(nm.resolve("unused/index.js"), "module.exports = 2;\n");
    Path secret = write(dir.resolve("outside/secret.js"), "const secret = 42;\n");
    Files.createSymbolicLink(nm.resolve("leftpadx/escape.js"), secret);
    Files.createSymbolicLink(nm.resolve("leftpadx/inside.js"), nm.resolve("leftpadx/index.js"));
    Files.createSymbolicLink(nm.resolve("leftpadx/broken.js"), nm.resolve("leftpadx/gone.js"));

    List<FoundCorpus> found = new CorpusFinder(CorpusSettings.builder().build()).find(ws, sources(ws));
    BackgroundCorpora bg = new BackgroundCorpora(CorpusBudget.DEFAULT, null, r -> { });
    List<SourceFile> files = bg.read(found);

    assertEquals(List.of("[node]/@scope/tool/src/main.ts", "[node]/leftpadx/index.js", "[node]/leftpadx/inside.js"),
        files.stream().map(SourceFile::path).sorted().toList());
    CorpusReport node = bg.reports().stream().filter(r -> r.kind().equals("node")).findFirst().orElseThrow();
    assertEquals("node_modules (@scope/tool, leftpadx)", node.name());
    assertTrue(node.reason().contains("1 file skipped: a symbolic link out of leftpadx"), node.reason());
    assertTrue(node.reason().contains("1 file skipped: a broken symbolic link"), node.reason());
  }

  @Test
  void budgetsLeaveOutWhatIsOverAndSaySo() throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    write(ws.resolve("app.js"), "require('a'); require('b');\n");
    for (int i = 0; i < 5; i++) {
      write(ws.resolve("node_modules/a/f" + i + ".js"), "var a" + i + " = 1;\n");
    }
    write(ws.resolve("node_modules/b/index.js"), "var b = 1;\n");
    List<FoundCorpus> found = new CorpusFinder(CorpusSettings.builder().build()).find(ws, sources(ws));

    List<SourceFile> files = new BackgroundCorpora(new CorpusBudget(3, 1 << 20, 3, 1 << 20), null, r -> { })
        .read(found);

    assertEquals(3, files.size(), files.toString());
    BackgroundCorpora tight = new BackgroundCorpora(new CorpusBudget(100, 1 << 20, 0, 0), null, r -> { });
    assertEquals(List.of(), tight.read(found));
    CorpusReport node = tight.reports().stream().filter(r -> r.kind().equals("node")).findFirst().orElseThrow();
    assertEquals(CorpusReport.State.SKIPPED, node.state());
    assertTrue(node.reason().contains("6 files left out: over the budget"), node.reason());
  }

  @Test
  void unchosenAndUnlocatedCorporaAreSkippedWithTheReason() throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    write(ws.resolve("A.java"), "class A { }\n");
    List<SourceFile> files = sources(ws);

    List<FoundCorpus> none = new CorpusFinder(CorpusSettings.none()).find(ws, files);
    assertTrue(none.stream().allMatch(f -> "not chosen (--learn-from)".equals(f.skipReason())), none.toString());
    assertFalse(new CorpusFinder(CorpusSettings.none()).mayFind(ws, files));
    assertFalse(new CorpusFinder(CorpusSettings.builder().mavenRepository(dir).build()).mayFind(ws, files),
        "a Java workspace without a pom.xml and with no src.zip given has nothing to find");
    assertTrue(new CorpusFinder(CorpusSettings.builder().jdkSources(Files.writeString(dir.resolve("src.zip"), ""))
        .build()).mayFind(ws, files));

    CorpusSettings missing = CorpusSettings.builder().jdkSources(dir.resolve("no/src.zip"))
        .mavenRepository(dir.resolve("m2")).build();
    List<FoundCorpus> found = new CorpusFinder(missing).find(ws, files);
    assertTrue(only(found, CorpusKind.JDK).skipReason().startsWith("this JDK has no lib/src.zip"), found.toString());
    assertEquals("no pom.xml in the workspace", only(found, CorpusKind.MAVEN).skipReason());
  }

  @Test
  void learnFromListsParseAndUnknownNamesAreRefusedWithTheKnownOnes() {
    assertEquals(Set.of(CorpusKind.JDK, CorpusKind.NODE), CorpusKind.parse("jdk, node"));
    assertEquals(Set.of(), CorpusKind.parse("none"));
    assertEquals(Set.of(CorpusKind.values()), CorpusKind.parse("all"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorpusKind.parse("jdk,npm"));
    assertTrue(e.getMessage().contains("'npm'") && e.getMessage().contains("jdk, maven, python, node"), e.getMessage());
  }
}
