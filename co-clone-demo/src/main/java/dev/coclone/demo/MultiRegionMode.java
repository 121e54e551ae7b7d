package dev.coclone.demo;

import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.route.MultiRegionStack;
import dev.coclone.netty.route.Region;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code --multi-region}: the app on {@code --port} (pages, tokens, completion service, router) and
 * proxies for us-west, us-east, eu-west and ap-east on {@code --base-port}..+3.
 */
final class MultiRegionMode {
  private MultiRegionMode() {}

  static int run(LaunchOptions o, CompletionEngine completions, String apiKey, byte[] secret,
      dev.coclone.netty.Routes appRoutes) throws Exception {
    MultiRegionStack stack = MultiRegionStack.builder().engine(completions).apiKey(apiKey).signingSecret(secret)
        .ports(o.port(), o.basePort()).checkInterval(Duration.ofSeconds(1)).addAppRoutes(appRoutes).build().start();
    System.out.println("co-clone: multi-region mode; app (pages, tokens, service, router) on port "
        + stack.app().port());
    for (Region r : stack.regions()) {
      System.out.printf("  %-8s proxy %s%n", r.name(), r.url());
    }
    System.out.println("  editor routed to eu-west: http://localhost:" + stack.app().port() + "/ide?location=eu");
    System.out.println("  route lookup:             http://localhost:" + stack.app().port() + "/v1/route?location=JP");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stack.close();
      completions.close();
      stopped.countDown();
    }, "co-clone-shutdown"));
    stopped.await();
    return 0;
  }
}
