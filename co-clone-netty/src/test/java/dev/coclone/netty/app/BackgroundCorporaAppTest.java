package dev.coclone.netty.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.corpora.CorpusKind;
import dev.coclone.corpora.CorpusSettings;
import dev.coclone.netty.service.IndexStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app learns background corpora after start: a workspace with a pom.xml whose dependency has a
 * -sources.jar in a local Maven repository built here, a venv and a node_modules; what was learned
 * and skipped shows in {@code GET /v1/index}, a name only the dependency has becomes a suggestion,
 * and a restart loads the saved index instead of learning again.
 */
class BackgroundCorporaAppTest {
  private static final Duration LEARNING = Duration.ofSeconds(60);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final List<String> messages = new CopyOnWriteArrayList<>();

  @TempDir
  Path dir;

  private static final String POM = """
      <project>
        <groupId>org.acme</groupId><artifactId>shop</artifactId><version>1.0</version>
        <properties><widgets.version>1.2.3</widgets.version></properties>
        <dependencies>
          <dependency><groupId>org.example</groupId><artifactId>widgets</artifactId>
            <version>${widgets.version}</version></dependency>
          <dependency><groupId>org.example</groupId><artifactId>absent</artifactId><version>9.9</version></dependency>
        </dependencies>
      </project>
      """;

  /** A dependency whose sources use a method name found nowhere else. */
  private static String widgetUser(int i) {
    return "package org.example.widgets;\n\nclass User" + i + " {\n  void use(Widgets widgets) {\n"
        + "    widgets.frobnicateTheWidgetry(" + i + ");\n  }\n}\n";
  }

  private Path workspace() throws IOException {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    Files.writeString(ws.resolve("pom.xml"), POM);
    Files.createDirectories(ws.resolve("src"));
    Files.writeString(ws.resolve("src/Shop.java"), "import org.example.widgets.Widgets;\n\nclass Shop {\n"
        + "  int total(int price, int quantity) {\n    return price * quantity;\n  }\n}\n");
    Files.writeString(ws.resolve("app.js"), "const pad = require('leftpadx');\nconsole.log(pad('a'));\n");
    Files.writeString(ws.resolve("tool.py"), "import fancylib\n\nprint(fancylib.frobnicate(1))\n");
    write(ws.resolve("node_modules/leftpadx/index.js"), "module.exports = function leftpadx(s) { return s; };\n");
    write(ws.resolve("node_modules/unimported/index.js"), "module.exports = 1;\n");
    write(ws.resolve(".venv/pyvenv.cfg"), "home = /nowhere\n");
    write(ws.resolve(".venv/lib/python3.11/site-packages/fancylib/__init__.py"), "def frobnicate(x):\n    return x\n");
    return ws;
  }

  private Path mavenRepository() throws IOException {
    Path repo = dir.resolve("m2");
    Path jarDir = Files.createDirectories(repo.resolve("org/example/widgets/1.2.3"));
    Map<String, String> entries = new HashMap<>();
    entries.put("org/example/widgets/Widgets.java", "package org.example.widgets;\n\npublic class Widgets {\n"
        + "  public void frobnicateTheWidgetry(int times) {\n  }\n}\n");
    for (int i = 0; i < 6; i++) {
      entries.put("org/example/widgets/User" + i + ".java", widgetUser(i));
    }
    try (OutputStream out = Files.newOutputStream(jarDir.resolve("widgets-1.2.3-sources.jar"));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return repo;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private CoCloneApp start(Path ws, CorpusSettings corpora) throws Exception {
    return CoCloneApp.builder().workspace(ws).home(dir.resolve("home")).corpora(corpora)
        .backend(BackendKind.EMBEDDED).port(0).messages(messages::add).build().start();
  }

  private JsonNode get(CoCloneApp app, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .header("Authorization", "Bearer " + app.issueToken()).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return json.readTree(r.body());
  }

  private String complete(CoCloneApp app, String prefix) throws Exception {
    ObjectNode body = json.createObjectNode().put("prefix", prefix).put("suffix", "\n  }\n}\n")
        .put("language", "java").put("file_path", "src/Order.java").put("mode", "single_line");
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
        + "/v1/complete")).header("Authorization", "Bearer " + app.issueToken()).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return json.readTree(r.body()).get("text").asText();
  }

  private static Map<String, JsonNode> byName(JsonNode index) {
    Map<String, JsonNode> out = new HashMap<>();
    index.get("corpora").forEach(c -> out.put(c.get("name").asText(), c));
    return out;
  }

  private static final String PREFIX = "import org.example.widgets.Widgets;\n\nclass Order {\n"
      + "  void ship(Widgets widgets) {\n    widgets.";

  @Test
  void learnsTheDependencySourcesVenvAndNodeModulesInTheBackgroundAndSaysWhatWasLearnedAndSkipped()
      throws Exception {
    Path ws = workspace();
    CorpusSettings corpora = CorpusSettings.builder().mavenRepository(mavenRepository())
        .pythonStdlib(Files.createDirectories(dir.resolve("no-stdlib-here"))).build();
    try (CoCloneApp app = start(ws, corpora)) {
      IndexStatus.Snapshot s = app.awaitBackgroundLearning(LEARNING);
      assertTrue(s.ready(), "background learning finished within " + LEARNING + ": " + s);

      JsonNode index = get(app, "/v1/index");
      assertTrue(index.get("ready").asBoolean(), index.toString());
      Map<String, JsonNode> c = byName(index);
      JsonNode maven = c.get("Maven dependencies' sources (1 of 2 -sources.jars)");
      assertEquals("ready", maven.get("state").asText(), index.toString());
      assertEquals(7, maven.get("files").asInt(), index.toString());
      assertTrue(maven.get("tokens").asLong() > 100, index.toString());
      assertTrue(maven.get("reason").asText().contains("org.example:absent:9.9"), "the missing jar is named: " + maven);
      assertEquals("ready", c.get("node_modules (leftpadx)").get("state").asText(), index.toString());
      assertEquals(1, c.get("node_modules (leftpadx)").get("files").asInt(), "only the imported package");
      assertEquals("ready", c.get("virtual environment .venv (fancylib)").get("state").asText(), index.toString());
      JsonNode jdk = c.get("JDK sources (java.base)");
      assertEquals("skipped", jdk.get("state").asText(), index.toString());
      assertEquals("no JDK src.zip was given", jdk.get("reason").asText());
      JsonNode stdlib = c.get("Python standard library (no-stdlib-here, without its tests)");
      assertEquals("skipped", stdlib.get("state").asText(), index.toString());
      assertEquals("it has no source files", stdlib.get("reason").asText());

      String text = complete(app, PREFIX);
      assertTrue(text.startsWith("frobnicateTheWidgetry"), "a name only the dependency has is suggested: " + text);
    }
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("learned from ") && m.contains("rebuilt: no saved index yet")),
        messages.toString());

    // A restart loads the saved index of the workspace with its corpora instead of learning them again.
    messages.clear();
    try (CoCloneApp app = start(ws, corpora)) {
      assertTrue(app.awaitBackgroundLearning(LEARNING).ready());
      Map<String, JsonNode> c = byName(get(app, "/v1/index"));
      assertEquals("ready", c.get("Maven dependencies' sources (1 of 2 -sources.jars)").get("state").asText());
      assertTrue(complete(app, PREFIX).startsWith("frobnicateTheWidgetry"));
    }
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("learned from ") && m.contains("; loaded ")),
        messages.toString());

    // The dependency changes (a new version renames the method): the saved index is not trusted for it.
    Path repo = dir.resolve("m2");
    Path v2 = Files.createDirectories(repo.resolve("org/example/widgets/1.3.0"));
    try (OutputStream out = Files.newOutputStream(v2.resolve("widgets-1.3.0-sources.jar"));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < 6; i++) {
        zip.putNextEntry(new ZipEntry("org/example/widgets/User" + i + ".java"));
        zip.write(widgetUser(i).replace("frobnicateTheWidgetry", "quuxifyTheWidgetry").getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    Files.writeString(ws.resolve("pom.xml"), POM.replace("1.2.3", "1.3.0"));
    messages.clear();
    try (CoCloneApp app = start(ws, corpora)) {
      assertTrue(app.awaitBackgroundLearning(LEARNING).ready());
      Map<String, JsonNode> c = byName(get(app, "/v1/index"));
      assertEquals(6, c.get("Maven dependencies' sources (1 of 2 -sources.jars)").get("files").asInt());
      String text = complete(app, PREFIX);
      assertTrue(text.startsWith("quuxifyTheWidgetry"), "the new version's name: " + text);
    }
    // 7 files of 1.2.3 gone, 6 of 1.3.0 new: more than the few a saved index is patched with.
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("learned from ")
        && m.contains("rebuilt: 13 files changed since it was saved")), messages.toString());
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void healthzAndCompletionsAnswerWhileTheBackgroundCorporaAreStillBeingFound() throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    Files.writeString(ws.resolve("tool.py"), "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n");
    Path stdlib = Files.createDirectories(dir.resolve("stdlib"));
    Files.writeString(stdlib.resolve("json.py"), "def dumps(obj):\n    return str(obj)\n");
    // A "python" that answers where its standard library is only when the test lets it.
    Path gate = dir.resolve("gate");
    assertEquals(0, new ProcessBuilder("mkfifo", gate.toString()).start().waitFor());
    Path python = dir.resolve("python");
    Files.writeString(python, "#!/bin/sh\nread x < '" + gate + "'\necho '" + stdlib + "'\n");
    assertTrue(python.toFile().setExecutable(true));
    CorpusSettings corpora = CorpusSettings.builder().kinds(CorpusKind.parse("python"))
        .pythonCommand(python.toString()).build();
    try (CoCloneApp app = start(ws, corpora)) {
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
          + "/healthz")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), health.body());
      assertFalse(get(app, "/v1/index").get("ready").asBoolean(), "still learning");
      ObjectNode body = json.createObjectNode().put("prefix", "def mul(a, b):\n    return a ").put("language", "python")
          .put("file_path", "tool.py");
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
          + "/v1/complete")).header("Authorization", "Bearer " + app.issueToken()).timeout(Duration.ofSeconds(10))
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), "a completion is answered from the workspace meanwhile: " + r.body());

      // Opening a FIFO for writing waits for its reader: on a daemon thread, so a failed run cannot hang here.
      Thread opener = new Thread(() -> {
        try {
          Files.writeString(gate, "go\n");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, "gate-opener");
      opener.setDaemon(true);
      opener.start();
      assertTrue(app.awaitBackgroundLearning(LEARNING).ready());
      JsonNode c = byName(get(app, "/v1/index")).get("Python standard library (stdlib, without its tests)");
      assertEquals("ready", c.get("state").asText(), c.toString());
      assertEquals(1, c.get("files").asInt(), c.toString());
    }
  }

  @Test
  void withNoCorpusChosenTheDependencyNameIsNotSuggestedAndEveryCorpusSaysItWasNotChosen() throws Exception {
    Path ws = workspace();
    CorpusSettings none = CorpusSettings.builder().kinds(CorpusKind.parse("none")).mavenRepository(mavenRepository())
        .build();
    try (CoCloneApp app = start(ws, none)) {
      assertTrue(app.awaitBackgroundLearning(LEARNING).ready());
      JsonNode index = get(app, "/v1/index");
      assertEquals(4, index.get("corpora").size(), index.toString());
      index.get("corpora").forEach(c -> {
        assertEquals("skipped", c.get("state").asText(), index.toString());
        assertEquals("not chosen (--learn-from)", c.get("reason").asText(), index.toString());
      });
      assertFalse(complete(app, PREFIX).contains("frobnicateTheWidgetry"));
    }
  }
}
