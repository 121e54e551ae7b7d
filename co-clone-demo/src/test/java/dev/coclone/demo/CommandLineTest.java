package dev.coclone.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.netty.app.BackendKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class CommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir
  Path dir;

  private CommandLine commandLine() {
    return Main.commandLine(Map.<String, String>of()::get).setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true));
  }

  private int run(String... args) {
    return commandLine().execute(args);
  }

  private ServerCommand parse(String... args) {
    CommandLine cl = commandLine();
    cl.parseArgs(args);
    return cl.getCommand();
  }

  static List<Object[]> helpOfEveryCommand() {
    return List.of(
        new Object[] {List.of(), List.of("--port", "--backend", "--ollama-url", "--openai-url", "--model",
            "--workspace", "--api-key", "--api-key-file", "--host", "--allow-host", "--no-login", "--read-only", "--multi-region", "--base-port", "--tls-cert", "--tls-key", "--index-cache",
            "--learn-from", "default: all", "--help", "--version", "proxy", "token", "bench", "deepseek-coder:6.7b", "5000", "8000", "http://localhost:11434")},
        new Object[] {List.of("proxy"), List.of("--upstream", "--region", "--secret-file", "--port", "--help",
            "--version", "default: local")},
        new Object[] {List.of("bench"), List.of("engine", "context", "proxy", "routing", "signatures")},
        new Object[] {List.of("token"), List.of("create", "list", "revoke", "--home")},
        new Object[] {List.of("token", "create"), List.of("NAME", "--home", "only this once")},
        new Object[] {List.of("bench", "engine"), List.of("--corpus", "--npm", "--npm-dir", "--under", "--lang", "--limit-files", "--seed",
            "--dev-split", "--max-eval-tokens", "--completions", "--json", "default: 42", "default: 100000", "default: 500")},
        new Object[] {List.of("bench", "context"), List.of("--corpus", "--under", "--lang", "--limit-files", "--lines",
            "--seed", "--budget", "--prefix-tokens", "--json", "default: 1000", "default: 1024")},
        new Object[] {List.of("bench", "proxy"), List.of("--rounds", "--requests", "--concurrency", "--streams",
            "--edge", "--sequential", "--cancels", "--idle", "--jfr", "--baseline", "--json", "default: 5",
            "default: 20000", "default: 16", "default: 8", "default: both", "default: 1000", "default: 200",
            "default: 10000",
            "apt-get install -y haproxy nghttp2-client")},
        new Object[] {List.of("bench", "routing"), List.of("--requests", "--json", "default: 50")},
        new Object[] {List.of("bench", "signatures"), List.of("--corpus", "--changes", "--seed", "--warmup", "--json",
            "default: 50", "default: 1", "default: 10")},
        new Object[] {List.of("bench", "soak"), List.of("--minutes", "--cancels-per-second", "--flood-rate",
            "--readers", "--heap", "default: 10", "default: 20", "default: 5000", "default: 256m")});
  }

  @ParameterizedTest
  @MethodSource("helpOfEveryCommand")
  void helpExitsZeroAndListsTheOptionsWithTheirDefaults(List<String> command, List<String> listed) {
    for (String help : List.of("--help", "-h")) {
      out.getBuffer().setLength(0);
      String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of(help))
          .toArray(String[]::new);
      assertEquals(0, run(args), err.toString());
      String usage = out.toString().replaceAll("\\s+", " ");
      assertTrue(usage.startsWith("Usage: java -jar co-clone-demo.jar"), usage);
      for (String s : listed) {
        assertTrue(usage.contains(s), s + " is missing from:\n" + usage);
      }
      assertFalse(usage.contains("${"), "an unresolved variable in:\n" + usage);
    }
  }

  @Test
  void tokenCreateShowsTheTokenOnceListShowsNamesAndRevokeRefusesAnUnknownName() throws Exception {
    Path home = dir.resolve("home");
    assertEquals(0, run("token", "create", "vscode-laptop", "--home", home.toString()), err.toString());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\n  (ccp_\\S+)\\n").matcher(out.toString());
    assertTrue(m.find(), out.toString());
    String token = m.group(1);
    assertEquals("plugin:vscode-laptop", new dev.coclone.netty.auth.PluginTokens(home).verify(token));
    out.getBuffer().setLength(0);
    assertEquals(0, run("token", "list", "--home", home.toString()), err.toString());
    assertTrue(out.toString().startsWith("vscode-laptop"), out.toString());
    assertTrue(out.toString().contains("valid"), out.toString());
    assertFalse(out.toString().contains(token), "list never shows a token");
    assertEquals(2, run("token", "create", "vscode-laptop", "--home", home.toString()), "a name is taken once");
    assertTrue(err.toString().contains("revoke it first"), err.toString());
    assertEquals(0, run("token", "revoke", "vscode-laptop", "--home", home.toString()), err.toString());
    assertEquals("token_revoked", org.junit.jupiter.api.Assertions.assertThrows(
        dev.coclone.netty.auth.InvalidTokenException.class,
        () -> new dev.coclone.netty.auth.PluginTokens(home).verify(token)).code());
    assertEquals(2, run("token", "revoke", "nobody", "--home", home.toString()));
    assertTrue(err.toString().contains("no valid plugin token is named 'nobody'"), err.toString());
    assertEquals(2, run("token"), "token without a subcommand");
  }

  @Test
  void versionIsTheProjectVersionOnEveryCommand() {
    assertEquals(0, run("--version"));
    String version = out.toString().strip();
    assertTrue(version.matches("co-clone \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), version);
    out.getBuffer().setLength(0);
    assertEquals(0, run("bench", "engine", "--version"));
    assertEquals(version, out.toString().strip());
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    ServerCommand c = parse();
    assertEquals(5000, c.port);
    assertEquals(BackendKind.AUTO, c.backend);
    assertEquals("deepseek-coder:6.7b", c.model);
    assertEquals(8000, c.basePort);
    assertEquals(List.of("http://localhost:11434"), c.ollamaUrls);
    assertEquals(List.of("http://localhost:8080"), c.openaiUrls);
    assertEquals(Path.of("").toAbsolutePath(), c.workspace());
    assertFalse(c.multiRegion);
  }

  @Test
  void equalsAndSpaceSeparatedValuesParseTheSame() {
    assertEquals(5001, parse("--port=5001").port);
    assertEquals(5001, parse("--port", "5001").port);
    ServerCommand a = parse("--backend=ollama", "--model=qwen2.5-coder:1.5b", "--ollama-url=http://h:1/");
    ServerCommand b = parse("--backend", "ollama", "--model", "qwen2.5-coder:1.5b", "--ollama-url", "http://h:1/");
    assertEquals(BackendKind.OLLAMA, a.backend);
    assertEquals(a.backend, b.backend);
    assertEquals(a.model, b.model);
    assertEquals(List.of("http://h:1"), a.ollamaUrls, "the trailing slash is dropped");
    assertEquals(a.ollamaUrls, b.ollamaUrls);
  }

  @Test
  void repeatedModelServerUrlsAreKeptInOrderInsteadOfTheDefault() {
    ServerCommand c = parse("--ollama-url", "http://gpu1:11434", "--ollama-url=http://gpu2:11434/",
        "--openai-url", "http://vllm1:8000", "--openai-url", "http://vllm2:8000");
    assertEquals(List.of("http://gpu1:11434", "http://gpu2:11434"), c.ollamaUrls);
    assertEquals(List.of("http://vllm1:8000", "http://vllm2:8000"), c.openaiUrls);
  }

  @Test
  void subcommandOptionsParseInBothForms() {
    CommandLine cl = commandLine();
    CommandLine.ParseResult r = cl.parseArgs("--port", "6000", "proxy", "--upstream=127.0.0.1:5000", "--region",
        "eu");
    ProxyCommand p = (ProxyCommand) r.subcommand().commandSpec().userObject();
    assertEquals(List.of("127.0.0.1:5000"), p.upstreams);
    assertEquals("eu", p.region);
    assertEquals(6000, p.port(), "without its own --port the proxy takes the top-level one");
    assertEquals("127.0.0.1", p.parent.host, "binds this machine only unless --host says otherwise");
    r = commandLine().parseArgs("--host", "0.0.0.0", "proxy", "--upstream", "h:1");
    assertEquals("0.0.0.0", ((ProxyCommand) r.subcommand().commandSpec().userObject()).parent.host);
    r = commandLine().parseArgs("proxy", "--upstream", "h:1", "--port=7000");
    assertEquals(7000, ((ProxyCommand) r.subcommand().commandSpec().userObject()).port());
    r = commandLine().parseArgs("proxy", "--upstream", "svc1:5000", "--upstream", "http://svc2:5001/");
    assertEquals(List.of("svc1:5000", "svc2:5001"), ((ProxyCommand) r.subcommand().commandSpec().userObject())
        .upstreams, "--upstream repeats, as HOST:PORT or http://HOST:PORT");
  }

  /** The lines a started server prints: the login link, or with --no-login no "log in" line at all. */
  @Test
  void theReadyMessageGivesTheLoginLinkOrSaysThereIsNoLogin() {
    ServerCommand.printReady(new PrintWriter(out, true), 5000, "http://localhost:5000/?login=abc");
    assertTrue(out.toString().contains("  log in:    http://localhost:5000/?login=abc   (opens the pages; the link "
        + "works once)\n"), out.toString());
    out.getBuffer().setLength(0);
    ServerCommand.printReady(new PrintWriter(out, true), 5000, null);
    assertFalse(out.toString().contains("log in"), out.toString());
    assertTrue(out.toString().contains("--no-login") && out.toString().contains("  editor:    http://localhost:5000/ide"),
        out.toString());
  }

  /** README's command line lists every command and bench, so a newcomer finds each one there. */
  @Test
  void theReadmesCommandLineListsEveryCommandAndBench() throws Exception {
    String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
    String block = readme.substring(readme.indexOf("## Command line"), readme.indexOf("| flag |"));
    CommandLine cl = commandLine();
    List<String> missing = new java.util.ArrayList<>();
    for (String name : cl.getSubcommands().keySet()) {
      if (!block.contains("co-clone-demo.jar " + name + " ")) {
        missing.add(name);
      }
    }
    for (var e : cl.getSubcommands().get("bench").getSubcommands().entrySet()) {
      List<String> inner = List.copyOf(e.getValue().getSubcommands().keySet());
      for (String name : inner.isEmpty() ? List.of(e.getKey()) : inner.stream().map(i -> e.getKey() + " " + i).toList()) {
        if (!block.contains("co-clone-demo.jar bench " + name + " ")) {
          missing.add("bench " + name);
        }
      }
    }
    assertEquals(List.of(), missing, "commands missing from README's command line");
  }

  /** A file or folder named on the command line that is not there: what is wrong, and exit code 2. */
  @Test
  void aMissingKeyFileOrCorpusIsABadCommandLineNamingTheOption() throws Exception {
    String missing = dir.resolve("missing").toString();
    java.util.Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
    cases.put(List.of("--api-key-file", missing), "--api-key-file " + missing + " cannot be read (no such file)");
    cases.put(List.of("--api-key-file", dir.toString()), "--api-key-file " + dir + " cannot be read (a folder)");
    cases.put(List.of("bench", "engine", "--corpus", missing), "--corpus " + missing + " does not exist");
    cases.put(List.of("bench", "context", "--corpus", missing), "--corpus " + missing + " does not exist");
    cases.put(List.of("bench", "signatures", "--corpus", missing), "--corpus " + missing + " is not a folder");
    cases.put(List.of("bench", "signatures", "python", "--corpus", missing), "--corpus " + missing + " is not a folder");
    for (var c : cases.entrySet()) {
      err.getBuffer().setLength(0);
      assertEquals(2, run(c.getKey().toArray(String[]::new)), c.getKey() + ": " + err);
      assertTrue(err.toString().contains(c.getValue()), c.getKey() + ": " + err);
    }
  }

  @Test
  void anUnknownOptionExitsTwoNamingIt() {
    assertEquals(2, run("--frobnicate"));
    assertTrue(err.toString().contains("--frobnicate"), err.toString());
    assertTrue(err.toString().contains("--help"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, run("bench", "engine", "--corpus", "x", "--frobnicate=1"));
    assertTrue(err.toString().contains("--frobnicate"), err.toString());
    assertTrue(err.toString().contains("bench engine --help"), err.toString());
  }

  @Test
  void learnFromChoosesTheBackgroundCorporaAndRefusesUnknownOnesNamingTheKnown() {
    assertEquals(java.util.EnumSet.allOf(dev.coclone.corpora.CorpusKind.class), parse().learnFrom);
    assertEquals(java.util.EnumSet.of(dev.coclone.corpora.CorpusKind.MAVEN, dev.coclone.corpora.CorpusKind.NODE),
        parse("--learn-from", "maven,node").learnFrom);
    assertEquals(java.util.Set.of(), parse("--learn-from=none").learnFrom);
    assertEquals(2, run("--learn-from", "jdk,gradle"));
    String e = err.toString();
    assertTrue(e.contains("--learn-from") && e.contains("'gradle'") && e.contains("jdk, maven, python, node"), e);
  }

  @Test
  void anUnknownBackendSaysWhichAreAccepted() {
    assertEquals(2, run("--backend", "mars"));
    String e = err.toString();
    assertTrue(e.contains("--backend") && e.contains("mars"), e);
    assertTrue(e.contains("auto, embedded, ollama, openai"), e);
  }

  @Test
  void badValuesNameTheOptionAndWhatItTakes() {
    assertEquals(2, run("--port", "http"));
    assertTrue(err.toString().contains("--port") && err.toString().contains("0 to 65535"), err.toString());
    assertEquals(2, run("--ollama-url", "localhost"));
    assertTrue(err.toString().contains("http://"), err.toString());
    assertEquals(2, run("--model"));
    assertTrue(err.toString().contains("--model"), err.toString());
    assertEquals(2, run("proxy"));
    assertTrue(err.toString().contains("--upstream"), err.toString());
    assertEquals(2, run("proxy", "--upstream", "nohostport"));
    assertTrue(err.toString().contains("HOST:PORT"), err.toString());
    assertEquals(2, run("proxy", "--upstream", "h:"));
    assertTrue(err.toString().contains("HOST:PORT"), err.toString());
    assertEquals(2, run("proxy", "--upstream", "https://svc:5000"));
    assertTrue(err.toString().contains("h2c"), err.toString());
    assertEquals(2, run("bench", "engine"));
    assertTrue(err.toString().contains("--corpus") && err.toString().contains("--npm"), err.toString());
    assertEquals(2, run("bench", "engine", "--npm", "rxjs"));
    assertTrue(err.toString().contains("NAME@VERSION with an exact version"), err.toString());
    assertEquals(2, run("bench", "seti"));
    assertTrue(err.toString().contains("seti"), err.toString());
  }

  @Test
  void multiRegionOnFreePortsIsAccepted() {
    ServerCommand c = parse("--multi-region", "--port", "0", "--base-port=0");
    c.validate();
    assertTrue(c.multiRegion);
    assertEquals(0, c.basePort);
  }

  @Test
  void theApiKeyComesFromTheFlagElseTheEnvironment() throws Exception {
    CommandLine cl = Main.commandLine(Map.of("COCLONE_API_KEY", "from-env")::get);
    cl.parseArgs("--backend", "embedded");
    ServerCommand c = cl.getCommand();
    assertEquals("from-env", c.apiKey());
    cl = Main.commandLine(Map.of("COCLONE_API_KEY", "from-env")::get);
    cl.parseArgs("--api-key=from-flag");
    assertEquals("from-flag", ((ServerCommand) cl.getCommand()).apiKey());
  }

  @Test
  void theApiKeyFileKeepsTheKeyOutOfTheCommandLine() throws Exception {
    Path key = Files.writeString(dir.resolve("key"), "ccl-from-file\n");
    ServerCommand c = parse("--api-key-file", key.toString(), "--allow-host", "dev.example:5000", "--allow-host=box",
        "--no-login");
    assertEquals("ccl-from-file", c.apiKey());
    assertEquals(List.of("dev.example:5000", "box"), c.allowHosts);
    assertTrue(c.noLogin);
    assertEquals(2, run("--api-key", "k", "--api-key-file", key.toString()));
    assertTrue(err.toString().contains("not both"), err.toString());
  }

  @Test
  void benchWithoutANameListsTheBenchmarks() {
    assertEquals(2, run("bench"));
    assertTrue(err.toString().contains("engine, context, proxy, routing, signatures, soak, signatures-ts"),
        err.toString());
  }

  @Test
  void optionsThatConflictAreRefusedBeforeAnythingStarts() throws Exception {
    assertEquals(2, run("--multi-region", "--port", "8001"));
    assertTrue(err.toString().contains("overlaps"), err.toString());
    assertEquals(2, run("--tls-cert", "a.pem"));
    assertTrue(err.toString().contains("--tls-key"), err.toString());
    Path file = Files.writeString(dir.resolve("file.txt"), "x");
    assertEquals(2, run("--workspace", file.toString()));
    assertTrue(err.toString().contains("is not a folder"), err.toString());
    assertEquals(2, run("--tls-key", "k.pem", "proxy", "--upstream", "h:1"));
    assertTrue(err.toString().contains("go together"), err.toString());
  }
}
