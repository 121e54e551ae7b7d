package dev.coclone.demo.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.model.PromptStyle;
import dev.coclone.model.ollama.OllamaBackend;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.netty.proxy.RegionalProxy;
import dev.coclone.netty.testing.H2TestClient;
import dev.coclone.testing.MockModelServer;
import dev.coclone.testing.ScriptedReply;
import java.time.Duration;

/**
 * Cancellation through the whole path, as {@code bench proxy} measures it: from the client's
 * RST_STREAM at the proxy, through the service, to the Ollama client closing its connection and
 * the scripted Ollama server seeing it. The stack runs in this process on loopback.
 *
 * <p>The figure runs from the moment the client's event loop writes the RST_STREAM to the moment
 * the model server's read of its connection meets the end, both taken where they happen. The
 * round trip as the bench's own thread sees it (its reset call to the model server's word that
 * the generation was canceled) adds thread hand-offs of the test client and of the scripted
 * server that are no part of the path; it is reported too, as {@code round_trip_p50/p99}.
 */
final class CancelLatency {
  private static final int WARM_UP = 20;
  private static final int PER_CONNECTION = 100;

  private CancelLatency() {}

  /**
   * Cancels n streaming completions, each after its first token.
   *
   * @param secret the token signing secret
   * @param n      how many
   * @return {@code samples}, {@code p50}, {@code p99}, {@code round_trip_p50}, {@code round_trip_p99} in ms
   */
  static ObjectNode measure(byte[] secret, int n) throws Exception {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    try (MockModelServer ollama = MockModelServer.start()) {
      ollama.setDispatcher(r -> ScriptedReply.tokens("t").tokenDelay(Duration.ofMillis(5)).endless().build());
      OllamaBackend backend = OllamaBackend.builder().baseUrl(ollama.url()).model("deepseek-coder:6.7b-base")
          .promptStyle(PromptStyle.RAW_FIM).build();
      try (CompletionEngine engine = CompletionEngine.builder().backend(backend).cache(null).build();
           StandardServer service = StandardServer.builder().engine(engine).apiKey("bench").signingSecret(secret)
               .port(0).build().start();
           RegionalProxy proxy = RegionalProxy.builder().upstream("127.0.0.1", service.port()).signingSecret(secret)
               .rateLimit(1e9, 1e9).port(0).build().start()) {
        String token = service.issueToken();
        Stats s = new Stats();
        Stats roundTrip = new Stats();
        H2TestClient client = null;
        try {
          for (int i = 0; i < n + WARM_UP; i++) {
            if (i % PER_CONNECTION == 0) {
              // A new connection now and then: HTTP/2 servers cut off a connection that resets too many
              // streams in a short window (Netty's default: 200 in 30 s), as a rapid-reset defence.
              if (client != null) {
                client.close();
              }
              client = new H2TestClient(proxy.port());
            }
            H2TestClient.Stream st = client.request("POST", "/v1/complete", token,
                "{\"prefix\":\"void f() {\\n\",\"suffix\":\"\\n}\",\"stream\":\"sse\",\"max_tokens\":4000}");
            String e;
            while ((e = st.next()) != null && !e.startsWith("data:")) {
              // Wait for the first streamed token.
            }
            long called = System.nanoTime();
            long reset = st.reset();
            long seen = ollama.awaitCancellationNanos(Duration.ofSeconds(10));
            long told = System.nanoTime();
            if (seen < 0) {
              throw new IllegalStateException("the model server never saw cancel " + i);
            }
            if (i >= WARM_UP) {
              s.add(seen - reset);
              roundTrip.add(told - called);
            }
          }
        } finally {
          if (client != null) {
            client.close();
          }
        }
        o.put("samples", s.count()).put("p50", ms(s.percentile(50))).put("p99", ms(s.percentile(99)))
            .put("round_trip_p50", ms(roundTrip.percentile(50))).put("round_trip_p99", ms(roundTrip.percentile(99)));
      }
    }
    return o;
  }

  private static double ms(double nanos) {
    return Math.round(nanos / 1e3) / 1e3;
  }
}
