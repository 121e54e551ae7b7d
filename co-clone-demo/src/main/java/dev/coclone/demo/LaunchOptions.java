package dev.coclone.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The launcher's command line, parsed. Unknown flags and bad values are errors that name the flag
 * and say what it takes.
 *
 * @param port         port of the standard-mode server (pages, token issuance, completion service)
 * @param backend      auto, embedded, ollama or openai
 * @param ollamaUrl    Ollama's base URL
 * @param openaiUrl    base URL of an OpenAI-compatible server
 * @param model        model name
 * @param workspace    workspace directory to index
 * @param apiKey       long-lived API key, or null to use COCLONE_API_KEY or a generated one
 * @param multiRegion  whether to start the four regional proxies too
 * @param basePort     first port of the regional proxies
 * @param tlsCert      PEM certificate chain for TLS, or null for a self-signed one
 * @param tlsKey       PEM PKCS#8 private key for TLS, or null
 * @param indexCache   where the engine's index is saved between runs: null for the default under
 *                     {@code ~/.co-clone/index}, {@code none} to not save it
 * @param help         whether --help was given
 * @param command      subcommand and its arguments (e.g. {@code bench engine --corpus DIR}); empty for the server
 */
public record LaunchOptions(int port, String backend, String ollamaUrl, String openaiUrl, String model,
    Path workspace, String apiKey, boolean multiRegion, int basePort, Path tlsCert, Path tlsKey, String indexCache,
    boolean help, List<String> command) {

  /** The default model, as the seed names it. */
  public static final String DEFAULT_MODEL = "deepseek-coder:6.7b";

  /** Validates and copies the components. */
  public LaunchOptions {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(workspace, "workspace");
    command = List.copyOf(command);
  }

  /** The text printed by {@code --help}. */
  public static String usage() {
    return String.join("\n",
        "Co-Clone: a local code completion server.",
        "",
        "Usage: java -jar co-clone-demo.jar [options]",
        "       java -jar co-clone-demo.jar proxy --upstream HOST:PORT [--region NAME] [--secret-file F] [--port N]",
        "       java -jar co-clone-demo.jar bench <engine|context|proxy|routing|signatures> [bench options]",
        "",
        "Options:",
        "  --port N            port of the server: pages, token issuance, completion (default 5000)",
        "  --backend B         auto | embedded | ollama | openai (default auto: Ollama when it answers",
        "                      and has the model, otherwise the embedded engine)",
        "  --ollama-url URL    Ollama's base URL (default http://localhost:11434)",
        "  --openai-url URL    base URL of an OpenAI-compatible server, e.g. llama.cpp's",
        "                      http://localhost:8080 (default http://localhost:8080)",
        "  --model NAME        model name (default " + DEFAULT_MODEL + ")",
        "  --workspace DIR     folder whose code is indexed for context (default: current folder)",
        "  --api-key KEY       long-lived API key exchanged for tokens at POST /v1/token",
        "                      (default: $COCLONE_API_KEY, else generated at first start)",
        "  --multi-region      also start regional proxies us-west, us-east, eu-west, ap-east",
        "  --base-port N       first proxy port in multi-region mode (default 8000)",
        "  --tls-cert FILE     PEM certificate chain for HTTP/2 over TLS (default: self-signed for localhost)",
        "  --tls-key FILE      PEM (PKCS#8) private key that goes with --tls-cert",
        "  --index-cache FILE  where the engine's index is kept between runs for a fast restart",
        "                      (default ~/.co-clone/index/<workspace>.idx; 'none' to not keep it)",
        "  --help              print this help",
        "",
        "GET /healthz answers once the server is ready.");
  }

  /**
   * Parses the command line.
   *
   * @param args the arguments
   * @return the options
   * @throws IllegalArgumentException naming the flag and what it takes
   */
  public static LaunchOptions parse(String... args) {
    int port = 5000;
    String backend = "auto";
    String ollamaUrl = "http://localhost:11434";
    String openaiUrl = "http://localhost:8080";
    String model = DEFAULT_MODEL;
    Path workspace = Path.of("").toAbsolutePath();
    String apiKey = null;
    boolean multiRegion = false;
    int basePort = 8000;
    boolean help = false;
    Path tlsCert = null;
    Path tlsKey = null;
    String indexCache = null;
    List<String> command = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!command.isEmpty()) {
        command.add(a);
        continue;
      }
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        value = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      switch (a) {
        case "--help", "-h" -> help = true;
        case "--multi-region" -> multiRegion = true;
        case "--port" -> port = port(a, value != null ? value : next(args, ++i, a));
        case "--base-port" -> basePort = port(a, value != null ? value : next(args, ++i, a));
        case "--backend" -> {
          backend = (value != null ? value : next(args, ++i, a)).toLowerCase(Locale.ROOT);
          if (!List.of("auto", "embedded", "ollama", "openai").contains(backend)) {
            throw new IllegalArgumentException("--backend takes auto, embedded, ollama or openai, not '" + backend + "'");
          }
        }
        case "--ollama-url" -> ollamaUrl = url(a, value != null ? value : next(args, ++i, a));
        case "--openai-url" -> openaiUrl = url(a, value != null ? value : next(args, ++i, a));
        case "--model" -> model = nonEmpty(a, value != null ? value : next(args, ++i, a));
        case "--workspace" -> workspace = Path.of(nonEmpty(a, value != null ? value : next(args, ++i, a))).toAbsolutePath();
        case "--api-key" -> apiKey = nonEmpty(a, value != null ? value : next(args, ++i, a));
        case "--tls-cert" -> tlsCert = Path.of(nonEmpty(a, value != null ? value : next(args, ++i, a)));
        case "--index-cache" -> indexCache = nonEmpty(a, value != null ? value : next(args, ++i, a));
        case "--tls-key" -> tlsKey = Path.of(nonEmpty(a, value != null ? value : next(args, ++i, a)));
        default -> {
          if (a.startsWith("-")) {
            throw new IllegalArgumentException("unknown option '" + a + "'; run with --help to list the options");
          }
          command.add(a);
        }
      }
    }
    if (multiRegion && basePort <= port && port < basePort + 4) {
      throw new IllegalArgumentException("--port " + port + " overlaps the proxy ports " + basePort + "-" + (basePort + 3)
          + "; choose another --port or --base-port");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both, or neither for a "
          + "self-signed certificate");
    }
    if (basePort > 65532) {
      throw new IllegalArgumentException("--base-port must leave room for four ports (at most 65532), was " + basePort);
    }
    return new LaunchOptions(port, backend, ollamaUrl, openaiUrl, model, workspace, apiKey, multiRegion, basePort,
        tlsCert, tlsKey, indexCache, help, command);
  }

  private static String next(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value; run with --help to see what it takes");
    }
    return args[i];
  }

  private static int port(String flag, String v) {
    try {
      int p = Integer.parseInt(v);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a port number from 0 to 65535, not '" + v + "'");
    }
  }

  private static String url(String flag, String v) {
    if (!v.startsWith("http://") && !v.startsWith("https://")) {
      throw new IllegalArgumentException(flag + " takes an http:// or https:// URL, not '" + v + "'");
    }
    return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
  }

  private static String nonEmpty(String flag, String v) {
    if (v.isBlank()) {
      throw new IllegalArgumentException(flag + " needs a non-empty value");
    }
    return v;
  }
}
