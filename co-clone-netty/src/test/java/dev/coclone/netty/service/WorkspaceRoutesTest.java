package dev.coclone.netty.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.context.ContextIndex;
import dev.coclone.context.ContextRetriever;
import dev.coclone.prompt.FimTemplate;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.workspace.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files API on a real server over a real folder. */
class WorkspaceRoutesTest {
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  @TempDir
  Path root;
  private Workspace workspace;
  private CompletionEngine engine;
  private StandardServer server;
  private String token;

  private void start(boolean readOnly) throws Exception {
    Files.createDirectories(root.resolve("src"));
    Files.writeString(root.resolve("src/app.js"), "let a = 1;\n");
    workspace = new Workspace(root);
    workspace.scan(null);
    ContextIndex index = new ContextIndex();
    workspace.addListener(index);
    WorkspaceRoutes routes = WorkspaceRoutes.builder().workspace(workspace)
        .retriever(new ContextRetriever(index, workspace::recentlyEdited)).template(FimTemplate.DEEPSEEK_CODER)
        .json(json).readOnly(readOnly).build();
    engine = CompletionEngine.builder().backend(new ScriptedBackend("m")).cache(null).build();
    server = StandardServer.builder().engine(engine).apiKey("k").addRoutes(routes.routes())
        .signingSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)).port(0).build().start();
    token = server.issueToken();
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    workspace.close();
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode answer(HttpResponse<String> r, int status) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    return json.readTree(r.body());
  }

  @Test
  void saveWritesTheDiskAndAConcurrentChangeOnDiskIsRefusedWithTheCurrentVersion() throws Exception {
    start(false);
    JsonNode listed = answer(send("GET", "/v1/files", null), 200);
    assertTrue(listed.get("saves_to_disk").asBoolean());
    JsonNode opened = answer(send("GET", "/v1/files/src/app.js", null), 200);
    String base = opened.get("sha256").asText();
    JsonNode saved = answer(send("PUT", "/v1/files/src/app.js", "let a = 2;\n", "If-Match", "\"" + base + "\""), 200);
    assertEquals("let a = 2;\n", Files.readString(root.resolve("src/app.js")));
    assertTrue(saved.get("on_disk").asBoolean());
    Files.writeString(root.resolve("src/app.js"), "let a = 3; // git pull\n");
    JsonNode conflict = answer(send("PUT", "/v1/files/src/app.js", "let a = 4;\n",
        "If-Match", "\"" + saved.get("sha256").asText() + "\""), 409).get("error");
    assertEquals("changed_on_disk", conflict.get("code").asText());
    assertEquals(Workspace.sha256("let a = 3; // git pull\n"), conflict.get("current_sha256").asText());
    assertEquals("let a = 3; // git pull\n", Files.readString(root.resolve("src/app.js")), "nothing was lost");
    answer(send("PUT", "/v1/files/src/app.js", "let a = 4;\n"), 200);
    assertEquals("let a = 4;\n", Files.readString(root.resolve("src/app.js")), "a save without If-Match overwrites");
  }

  @Test
  void fileNamesWithPercentAndPlusAreDecodedOnceAndNoOtherFileIsTouched() throws Exception {
    start(false);
    Files.writeString(root.resolve("rateA.py"), "a\n");
    Files.writeString(root.resolve("rate%41.py"), "percent\n");
    Files.writeString(root.resolve("100%.py"), "hundred\n");
    Files.writeString(root.resolve("a+b.py"), "plus\n");
    workspace.scan(null);
    // Each name encoded once per segment, as the editor's encodeURIComponent does.
    assertEquals("percent\n", answer(send("GET", "/v1/files/rate%2541.py", null), 200).get("text").asText());
    assertEquals("hundred\n", answer(send("GET", "/v1/files/100%25.py", null), 200).get("text").asText());
    assertEquals("plus\n", answer(send("GET", "/v1/files/a%2Bb.py", null), 200).get("text").asText());
    assertEquals("plus\n", answer(send("GET", "/v1/files/a+b.py", null), 200).get("text").asText());
    answer(send("PUT", "/v1/files/rate%2541.py", "saved\n"), 200);
    assertEquals("saved\n", Files.readString(root.resolve("rate%41.py")));
    assertEquals("a\n", Files.readString(root.resolve("rateA.py")), "the other file is untouched");
    JsonNode twice = answer(send("GET", "/v1/files/%252e%252e/etc/passwd", null), 404).get("error");
    assertTrue(twice.get("message").asText().contains("%2e%2e/etc/passwd"), twice.toString());
  }

  @Test
  void aFileInTheFolderThatIsNotReadSaysWhyInsteadOfNoSuchFile() throws Exception {
    byte[] binary = new byte[512];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    Files.createDirectories(root);
    Files.write(root.resolve("blob.py"), binary);
    Files.writeString(root.resolve("huge.js"), "const a = 1;\n".repeat(100_000));
    start(false);
    for (String path : new String[] {"blob.py", "huge.js"}) {
      JsonNode e = answer(send("GET", "/v1/files/" + path, null), 422).get("error");
      assertEquals("file_not_read", e.get("code").asText(), e.toString());
      assertTrue(e.get("message").asText().startsWith("'" + path + "' is in the workspace folder but is not opened: "),
          e.toString());
    }
    assertTrue(answer(send("GET", "/v1/files/blob.py", null), 422).toString().contains("binary"));
    assertEquals("no_such_file", answer(send("GET", "/v1/files/gone.py", null), 404).get("error").get("code").asText());
  }

  @Test
  void aBinaryFileSavedIsRefusedAsNotUtf8TextAndNothingIsWritten() throws Exception {
    start(false);
    byte[] binary = {(byte) 0xC3, (byte) 0x28, 0, 1, 2};
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/v1/files/new.py")).header("Authorization", "Bearer " + token)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(binary)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode refused = answer(put, 400).get("error");
    assertEquals("invalid_utf8", refused.get("code").asText());
    assertTrue(refused.get("message").asText().contains("send UTF-8 text: the JSON, or the file's text"), refused.toString());
    assertFalse(Files.exists(root.resolve("new.py")), "nothing written");
  }

  @Test
  void newRenameAndDeleteActOnRealFilesAndEscapesAreRefused() throws Exception {
    start(false);
    answer(send("PUT", "/v1/files/lib/util/strings.py", "def s(): pass\n", "If-None-Match", "*"), 200);
    assertTrue(Files.isRegularFile(root.resolve("lib/util/strings.py")));
    answer(send("PUT", "/v1/files/lib/util/strings.py", "x = 1\n", "If-None-Match", "*"), 409);
    // The same code and wording as the signature routes' missing fields: missing_field, the field named.
    JsonNode noTo = answer(send("POST", "/v1/files/rename", "{\"from\": \"lib/util/strings.py\"}"), 400).get("error");
    assertEquals("missing_field", noTo.get("code").asText(), noTo.toString());
    assertTrue(noTo.get("message").asText().startsWith("'to' is required: "), noTo.toString());
    JsonNode noFrom = answer(send("POST", "/v1/files/rename", "{\"to\": \"lib/text.py\"}"), 400).get("error");
    assertEquals("missing_field", noFrom.get("code").asText(), noFrom.toString());
    assertTrue(noFrom.get("message").asText().startsWith("'from' is required: "), noFrom.toString());
    JsonNode emptyTo = answer(send("POST", "/v1/files/rename", "{\"from\": \"lib/util/strings.py\", \"to\": \" \"}"),
        400).get("error");
    assertEquals("missing_field", emptyTo.get("code").asText(), emptyTo.toString());
    assertTrue(emptyTo.get("message").asText().startsWith("'to' is required and was empty: "), emptyTo.toString());
    assertTrue(Files.isRegularFile(root.resolve("lib/util/strings.py")), "nothing moved");
    answer(send("POST", "/v1/files/rename", "{\"from\": \"lib/util/strings.py\", \"to\": \"lib/text.py\"}"), 200);
    assertFalse(Files.exists(root.resolve("lib/util/strings.py")));
    assertEquals("def s(): pass\n", Files.readString(root.resolve("lib/text.py")));
    answer(send("DELETE", "/v1/files/lib/text.py", null), 200);
    assertFalse(Files.exists(root.resolve("lib/text.py")));
    answer(send("DELETE", "/v1/files/lib/text.py", null), 404);
    JsonNode escape = answer(send("PUT", "/v1/files/..%2Fescape.js", "x"), 400).get("error");
    assertTrue(escape.get("message").asText().contains(".."), escape.toString());
    assertFalse(Files.exists(root.resolve("../escape.js")));
  }

  @Test
  void readOnlyKeepsEditsInMemoryAndNeverWritesTheDisk() throws Exception {
    start(true);
    JsonNode listed = answer(send("GET", "/v1/files", null), 200);
    assertFalse(listed.get("saves_to_disk").asBoolean());
    assertTrue(listed.get("read_only").asBoolean());
    answer(send("PUT", "/v1/files/src/app.js", "let a = 9;\n"), 200);
    assertEquals("let a = 9;\n", workspace.get("src/app.js").orElseThrow().text());
    assertEquals("let a = 1;\n", Files.readString(root.resolve("src/app.js")));
    answer(send("DELETE", "/v1/files/src/app.js", null), 200);
    assertTrue(Files.exists(root.resolve("src/app.js")));
  }
}
