package dev.coclone.netty.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.testing.MockModelServer;
import dev.coclone.testing.RecordedRequest;
import dev.coclone.testing.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoCloneAppFleetTest {
  @TempDir
  Path dir;

  @Test
  void severalOllamaUrlsServeCompletionsAndOutliveOneServerStopping() throws Exception {
    List<MockModelServer> fleet = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        MockModelServer s = MockModelServer.start();
        s.setDispatcher(r -> ScriptedReply.tokens("return ", "total;").build());
        fleet.add(s);
      }
      Path ws = Files.createDirectories(dir.resolve("ws"));
      try (CoCloneApp app = CoCloneApp.builder().workspace(ws).home(dir.resolve("home")).noIndexCache()
          .backend(BackendKind.OLLAMA).model("deepseek-coder:6.7b-base")
          .ollamaUrls(fleet.stream().map(MockModelServer::url).toList()).port(0).build().start()) {
        String token = app.issueToken();
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        // Each prefix differs, so that no answer comes from the completion cache.
        for (int i = 0; i < 9; i++) {
          if (i == 3) {
            fleet.get(0).close();
          }
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
              + "/v1/complete")).header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers
              .ofString("{\"prefix\":\"int f" + i + "() {\\n  \",\"suffix\":\"\\n}\",\"language\":\"java\"}")).build(),
              HttpResponse.BodyHandlers.ofString());
          assertEquals(200, r.statusCode(), r.body());
          assertEquals("return total;", json.readTree(r.body()).get("text").asText(), r.body());
        }
        int serversThatGenerated = 0;
        for (MockModelServer s : fleet) {
          boolean generated = false;
          for (RecordedRequest r; (r = s.takeRequest(Duration.ZERO)) != null; ) {
            generated |= r.path().equals("/api/generate");
          }
          serversThatGenerated += generated ? 1 : 0;
        }
        assertTrue(serversThatGenerated >= 2, "the completions were not spread over the fleet");
      }
    } finally {
      for (MockModelServer s : fleet) {
        s.close();
      }
    }
  }
}
