package dev.coclone.demo;

import dev.coclone.netty.CoCloneServer;
import dev.coclone.netty.auth.ApiKeyStore;
import dev.coclone.netty.proxy.RegionalProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code proxy --upstream HOST:PORT}: a regional proxy on its own, in front of a completion
 * service that may run on another host. Tokens are checked with the signing secret the service
 * uses: by default the one in {@code ~/.co-clone/token-secret}; on another host, copy that file or
 * pass {@code --secret-file}.
 */
final class ProxyMode {
  private ProxyMode() {}

  static int run(LaunchOptions o, List<String> args) throws Exception {
    String upstream = null;
    String region = "local";
    Path secretFile = null;
    int port = o.port();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(a + " needs a value; usage: proxy --upstream HOST:PORT [--region NAME]"
            + " [--secret-file FILE] (the port is --port)");
      }
      switch (a) {
        case "--upstream" -> upstream = args.get(++i);
        case "--region" -> region = args.get(++i);
        case "--secret-file" -> secretFile = Path.of(args.get(++i));
        case "--port" -> port = LaunchOptions.parse("--port", args.get(++i)).port();
        default -> throw new IllegalArgumentException("unknown proxy option '" + a + "'; use --upstream, --region, "
            + "--secret-file or --port");
      }
    }
    if (upstream == null || !upstream.matches("[^:]+:\\d+")) {
      throw new IllegalArgumentException("proxy needs --upstream HOST:PORT (the completion service's address)");
    }
    byte[] secret = secretFile != null ? HexFormat.of().parseHex(Files.readString(secretFile).strip())
        : new ApiKeyStore(Path.of(System.getProperty("user.home"), ".co-clone")).signingSecret();
    String[] hp = upstream.split(":");
    RegionalProxy proxy = RegionalProxy.builder().upstream(hp[0], Integer.parseInt(hp[1])).signingSecret(secret)
        .region(region).port(port).tls(tls(o)).build().start();
    System.out.println("co-clone: proxy for region " + region + " on port " + proxy.port() + ", relaying to "
        + upstream + " over pooled h2c connections");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      proxy.close();
      stopped.countDown();
    }, "co-clone-proxy-shutdown"));
    stopped.await();
    return 0;
  }

  private static io.netty.handler.ssl.SslContext tls(LaunchOptions o) throws Exception {
    return StandardMode.tls(o);
  }
}
