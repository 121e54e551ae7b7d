package dev.coclone.demo;

import dev.coclone.demo.cli.VersionProvider;
import dev.coclone.netty.auth.ApiKeyStore;
import dev.coclone.netty.proxy.RegionalProxy;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code proxy --upstream HOST:PORT [--upstream HOST:PORT ...]}: a regional proxy on its own, in
 * front of one or several completion services that may run on other hosts (least busy healthy
 * one first, failover of requests not yet answered). Tokens are checked with the signing secret the service
 * uses: by default the one in {@code ~/.co-clone/token-secret}; on another host, copy that file or
 * pass {@code --secret-file}.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {"A regional proxy on its own, in front of one or several completion services that may run on "
        + "other hosts: each request goes to the least busy healthy one, and to another if one drops it unanswered.",
        "Tokens are checked with the service's signing secret (~/.co-clone/token-secret, or --secret-file). "
            + "TLS is set by the top-level --tls-cert and --tls-key, the address it binds by the top-level "
            + "--host, and the names it answers to by the top-level --allow-host, given before 'proxy'."})
final class ProxyCommand implements Callable<Integer> {
  @ParentCommand
  ServerCommand parent;

  @Option(names = "--upstream", paramLabel = "HOST:PORT", required = true, converter = Converters.HostPort.class,
      description = "a completion service's address (or http://HOST:PORT); repeat it for several services "
          + "(each is health-checked at GET /healthz every 2 s)")
  java.util.List<String> upstreams;

  @Option(names = "--region", paramLabel = "NAME", defaultValue = "local", converter = Converters.NonBlank.class,
      description = "region name it reports (default: ${DEFAULT-VALUE})")
  String region;

  @Option(names = "--secret-file", paramLabel = "FILE",
      description = "the service's token signing secret (hex), e.g. a copy of its "
          + "~/.co-clone/token-secret (default: that file on this host)")
  Path secretFile;

  @Option(names = "--port", paramLabel = "N", converter = Converters.Port.class,
      description = "port of the proxy (default: the top-level --port, 5000)")
  Integer port;

  /** The proxy's port: its own --port, else the top-level one. */
  int port() {
    return port != null ? port : parent.port;
  }

  private static byte[] readSecret(Path file) throws java.io.IOException {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("--secret-file " + file + " cannot be read; copy the service's "
          + "~/.co-clone/token-secret");
    }
    try {
      return HexFormat.of().parseHex(Files.readString(file).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--secret-file " + file + " does not hold a hex secret (" + e.getMessage()
          + "); copy the service's ~/.co-clone/token-secret", e);
    }
  }

  @Override
  public Integer call() throws Exception {
    RegionalProxy.processDefaults();
    parent.checkTlsPair();
    byte[] secret = secretFile != null ? readSecret(secretFile) : new ApiKeyStore(ServerCommand.home()).signingSecret();
    RegionalProxy.Builder builder = RegionalProxy.builder().signingSecret(secret).region(region).host(parent.host)
        .port(port())
        .tls(parent.tls());
    for (String upstream : new java.util.LinkedHashSet<>(upstreams)) {
      int colon = upstream.lastIndexOf(':');
      builder.upstream(upstream.substring(0, colon), Integer.parseInt(upstream.substring(colon + 1)));
    }
    parent.allowHosts.forEach(builder::allowHost);
    RegionalProxy proxy = builder.build().start();
    PrintWriter out = parent.spec.commandLine().getOut();
    out.println("co-clone: proxy for region " + region + " on port " + proxy.port() + ", relaying to "
        + String.join(", ", new java.util.LinkedHashSet<>(upstreams)) + " over pooled h2c connections ("
        + proxy.healthyUpstreams() + " of " + new java.util.LinkedHashSet<>(upstreams).size()
        + " answering now; see GET /healthz)");
    out.flush();
    ServerCommand.awaitShutdown(proxy, "co-clone-proxy-shutdown");
    return 0;
  }
}
