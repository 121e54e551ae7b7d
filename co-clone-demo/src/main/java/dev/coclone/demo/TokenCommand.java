package dev.coclone.demo;

import dev.coclone.demo.cli.VersionProvider;
import dev.coclone.netty.auth.PluginTokens;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code token create|list|revoke}: long-lived plugin tokens for editor plugins that keep a fixed
 * token in their settings ({@link PluginTokens}). A running server sees changes at its next request.
 */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class},
    description = {"Manages long-lived plugin tokens: the bearer token an editor plugin keeps in its settings "
        + "(Tabby's server.token, llama.vscode's API key, an OpenAI or Ollama client's key).",
        "Tokens are stored as SHA-256 hashes in the key folder (owner-only); a running server accepts a new one and "
            + "refuses a revoked one from its next request on, without a restart."})
final class TokenCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "the server's key folder (default: ~/.co-clone, where the server keeps its API key)")
  Path home;

  /** Made by picocli. */
  TokenCommand() {}

  PluginTokens tokens() {
    return new PluginTokens(home != null ? home : ServerCommand.home());
  }

  /**
   * Without a subcommand: says which there are.
   *
   * @throws ParameterException always, so the exit code is 2
   */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "token needs a subcommand: create NAME, list or revoke NAME");
  }

  /** {@code token create NAME}: prints the new token once. */
  @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Creates a plugin token and prints it (only this once: the server keeps only its hash).")
  static final class Create implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "a name for the plugin or machine, e.g. vscode-laptop")
    String name;

    @Override
    public Integer call() throws Exception {
      TokenCommand parent = (TokenCommand) spec.parent().userObject();
      PluginTokens.Created c = parent.tokens().create(name);
      PrintWriter out = spec.commandLine().getOut();
      out.println("co-clone: created plugin token '" + c.name() + "' (shown once; its hash is stored in "
          + c.file() + "):");
      out.println("  " + c.token());
      out.println("Put it in the plugin's token or API key setting (see docs/clients.md); revoke it with "
          + "'java -jar co-clone-demo.jar token revoke " + c.name() + "'.");
      out.flush();
      return 0;
    }
  }

  /** {@code token list}: names and dates, never the tokens. */
  @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Lists the plugin tokens: name, created, and whether revoked (the tokens themselves are not kept).")
  static final class ListTokens implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      TokenCommand parent = (TokenCommand) spec.parent().userObject();
      List<PluginTokens.Entry> entries = parent.tokens().list();
      PrintWriter out = spec.commandLine().getOut();
      if (entries.isEmpty()) {
        out.println("co-clone: no plugin tokens; create one with 'java -jar co-clone-demo.jar token create NAME'");
      }
      for (PluginTokens.Entry e : entries) {
        out.printf("%-24s created %s  %s%n", e.name(), e.created(), e.valid() ? "valid" : "revoked " + e.revoked());
      }
      out.flush();
      return 0;
    }
  }

  /** {@code token revoke NAME}: refused from the next request on. */
  @Command(name = "revoke", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Revokes a plugin token; a running server refuses it from its next request on.")
  static final class Revoke implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "the token's name (see token list)")
    String name;

    @Override
    public Integer call() throws Exception {
      TokenCommand parent = (TokenCommand) spec.parent().userObject();
      if (!parent.tokens().revoke(name)) {
        throw new IllegalArgumentException("no valid plugin token is named '" + name + "'; 'token list' shows them");
      }
      spec.commandLine().getOut().println("co-clone: revoked plugin token '" + name + "'; requests carrying it are "
          + "refused from now on");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
