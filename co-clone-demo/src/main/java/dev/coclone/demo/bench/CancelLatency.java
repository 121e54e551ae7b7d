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
   * @return {@code samples}, {@code p50}, {@code p99} in ms
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
            long t0 = System.nanoTime();
            st.reset();
            if (ollama.awaitCancellation(Duration.ofSeconds(10)) == null) {
              throw new IllegalStateException("the model server never saw cancel " + i);
            }
            if (i >= WARM_UP) {
              s.add(System.nanoTime() - t0);
            }
          }
        } finally {
          if (client != null) {
            client.close();
          }
        }
        o.put("samples", s.count()).put("p50", Math.round(s.percentile(50) / 1e3) / 1e3)
            .put("p99", Math.round(s.percentile(99) / 1e3) / 1e3);
      }
    }
    return o;
  }
}
