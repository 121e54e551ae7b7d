package dev.coclone.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.corpora.CorpusSettings;
import dev.coclone.netty.app.BackendKind;
import dev.coclone.netty.app.CoCloneApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first completion, as a newcomer runs it: the jar started in the clone (the
 * workspace is the repository), the embedded engine, right after start (before the background
 * corpora are learned), and the README's own curl body. Its answer must be a suggestion, and the
 * one the README shows under the command.
 */
class ReadmeExampleTest {
  private static final Pattern CURL_BODY = Pattern.compile("localhost:5000/v1/complete \\\\\\n\\s+-d '([^']*)'");
  private static final Pattern DONE_EVENT = Pattern.compile("event: done\\ndata: (\\{.*})\\n");

  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void theReadmesCurlExampleGetsTheSuggestionTheReadmeShows() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String readme = Files.readString(root.resolve("README.md"));
    Matcher curl = CURL_BODY.matcher(readme);
    assertTrue(curl.find(), "the README's curl example of /v1/complete");
    String body = curl.group(1);
    Matcher shown = DONE_EVENT.matcher(readme.substring(curl.end()));
    assertTrue(shown.find(), "the README shows the example's answer (its done event) after the command");
    String promised = json.readTree(shown.group(1)).get("text").asText();
    assertFalse(promised.isEmpty(), "the README's example shows a suggestion, not an empty answer");

    try (CoCloneApp app = CoCloneApp.builder().workspace(root).home(dir.resolve("home")).noIndexCache()
        .corpora(CorpusSettings.none()).backend(BackendKind.EMBEDDED).port(0).messages(m -> { }).build().start()) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + app.port() + "/v1/complete")).timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + app.issueToken())
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      Matcher done = DONE_EVENT.matcher(r.body());
      assertTrue(done.find(), r.body());
      JsonNode answer = json.readTree(done.group(1));
      assertEquals(promised, answer.get("text").asText(), "the README's example answers as the README says: " + answer);
      List<String> paths = answer.get("context").findValuesAsText("path");
      assertTrue(paths.stream().anyMatch(p -> p.startsWith("examples/python_example.py")),
          "the README says the suggestion draws on examples/python_example.py: " + paths);
    }
  }
}
