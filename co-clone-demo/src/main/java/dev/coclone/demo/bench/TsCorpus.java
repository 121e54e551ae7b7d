package dev.coclone.demo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A TypeScript or JavaScript corpus of {@code bench signatures-ts}: an npm package that ships its
 * sources, at a pinned version, installed with the pinned TypeScript into the bench's own folder,
 * and checked with a tsconfig of the bench's (the package's own ones extend files it does not ship).
 *
 * @param name     the name on the command line
 * @param pkg      the npm package
 * @param version  its pinned version
 * @param src      the folder of sources inside the package
 * @param tsconfig the compiler options the corpus is checked with
 * @param note     why these options, for the report
 * @param exclude  a pattern of the source paths (relative to the corpus root) that are no part of
 *                 the library, its tests and benchmarks, which the tsconfig excludes too; empty for none
 */
record TsCorpus(String name, String pkg, String version, String src, String tsconfig, String note, String exclude) {
  /** TypeScript, the ground truth, pinned. */
  static final String TYPESCRIPT = "5.9.3";
  /** Node's types (the corpora read {@code process.env}), pinned. */
  static final String TYPES_NODE = "22.18.6";
  /** yjs's one dependency, pinned to the version its range resolved to when the figures were taken. */
  static final String LIB0 = "0.2.120";
  /** {@code @effect/printer}'s peer dependencies, pinned to the versions its ranges resolved to when it was added. */
  static final String EFFECT = "3.22.4";
  static final String EFFECT_TYPECLASS = "0.41.0";
  /**
   * {@code @tanstack/form-core}'s dependencies, pinned to the versions its ranges resolved to when it
   * was added (the corpus imports their types).
   */
  static final Map<String, String> FORM_CORE_DEPENDENCIES = new TreeMap<>(Map.of("@tanstack/store", "0.11.2",
      "@tanstack/pacer-lite", "0.1.1", "@tanstack/devtools-event-client", "0.4.4"));

  private static final String STRICT_TS = """
      {"compilerOptions": {"strict": true, "noEmit": true, "target": "es2022", "module": "esnext",
        "moduleResolution": "bundler", "lib": ["esnext", "dom"], "skipLibCheck": true, "types": ["node"]},
       "include": ["src"]}
      """;

  /** The tsconfig's exclusions for trpc: its adapters for servers whose packages the bench does not install. */
  private static final String TRPC_EXTERNAL = "\"src/adapters/aws-lambda/**\", \"src/adapters/express.ts\","
      + " \"src/adapters/fastify/**\", \"src/adapters/next.ts\", \"src/adapters/next-app-dir/**\","
      + " \"src/adapters/next-app-dir.ts\", \"src/adapters/ws.ts\"";

  /** A corpus all of whose sources are checked. */
  TsCorpus(String name, String pkg, String version, String src, String tsconfig, String note) {
    this(name, pkg, version, src, tsconfig, note, "");
  }

  /** The corpora the bench knows, by name. */
  static final Map<String, TsCorpus> ALL = Map.ofEntries(
      Map.entry("query-core", new TsCorpus("query-core", "@tanstack/query-core", "5.90.2", "src", STRICT_TS,
          "strict; tsc clean")),
      Map.entry("mobx", new TsCorpus("mobx", "mobx", "6.13.7", "src", STRICT_TS.replace("\"strict\": true",
          "\"strict\": true, \"noImplicitAny\": false, \"noImplicitThis\": false"),
          "strict without noImplicitAny/noImplicitThis (mobx's own setting); tsc clean")),
      Map.entry("rxjs", new TsCorpus("rxjs", "rxjs", "7.8.2", "src", STRICT_TS, "strict; tsc clean; tuning (held out in the"
          + " first two rounds)")),
      Map.entry("zod", new TsCorpus("zod", "zod", "4.1.12", "src", STRICT_TS.replace("\"include\": [\"src\"]",
          "\"include\": [\"src\"], \"exclude\": [\"src/**/tests/**\", \"src/v3/benchmarks/**\", \"src/**/*.test.ts\"]"),
          "strict; its tests and benchmarks excluded; tsc clean; held out in the third round, tuning since",
          ".*/(tests|benchmarks)/.*|.*\\.test\\.ts")),
      Map.entry("noble-curves", new TsCorpus("noble-curves", "@noble/curves", "2.4.0", "src", STRICT_TS.replace(
          "\"types\": [\"node\"]", "\"types\": [\"node\"], \"allowImportingTsExtensions\": true"),
          "strict; its imports name the .ts files (allowImportingTsExtensions); tsc clean; held out in the fourth"
          + " round, tuning since")),
      Map.entry("noble-hashes", new TsCorpus("noble-hashes", "@noble/hashes", "2.4.0", "src", STRICT_TS.replace(
          "\"types\": [\"node\"]", "\"types\": [\"node\"], \"allowImportingTsExtensions\": true"),
          "strict; its imports name the .ts files (allowImportingTsExtensions); tsc clean; held out in the fifth"
          + " round, tuning since")),
      Map.entry("trpc", new TsCorpus("trpc", "@trpc/server", "11.25.2", "src", STRICT_TS.replace("\"dom\"]", "\"dom\", \"dom.iterable\"]")
          .replace("\"types\": [\"node\"]", "\"types\": [\"node\"], \"paths\": {\"@trpc/server/*\": [\"./src/*\"]}")
          .replace("\"include\": [\"src\"]", "\"include\": [\"src\"], \"exclude\": [" + TRPC_EXTERNAL + "]"),
          "strict; dom.iterable (Headers.entries), its own path mapping of @trpc/server/*; the adapters for"
          + " packages the bench does not install (aws-lambda, express, fastify, next, ws) excluded; tsc clean;"
          + " held out (sixth round)",
          "src/adapters/(aws-lambda/.*|express\\.ts|fastify/.*|next\\.ts|next-app-dir(/.*|\\.ts)|ws\\.ts)")),
      Map.entry("chevrotain", new TsCorpus("chevrotain", "chevrotain", "13.2.0", "src", STRICT_TS.replace("\"strict\": true",
          "\"strict\": true, \"noImplicitThis\": false, \"strictPropertyInitialization\": false,"
          + " \"useUnknownInCatchVariables\": false, \"strictBindCallApply\": false"),
          "strict without noImplicitThis, strictPropertyInitialization, useUnknownInCatchVariables and"
          + " strictBindCallApply (its mixin traits' `this`, fields set in init methods, `apply` with optional"
          + " arguments); tsc clean; held out in the seventh round, tuning since")),
      Map.entry("msgpack", new TsCorpus("msgpack", "@msgpack/msgpack", "3.1.3", "src", STRICT_TS.replace(
          "\"types\": [\"node\"]", "\"types\": [\"node\"], \"allowImportingTsExtensions\": true"),
          "strict; its imports name the .ts files (allowImportingTsExtensions); tsc clean; held out (eighth round)")),
      Map.entry("yjs", new TsCorpus("yjs", "yjs", "13.6.27", "src", """
          {"compilerOptions": {"allowJs": true, "checkJs": true, "noEmit": true, "target": "es2022",
            "module": "esnext", "moduleResolution": "bundler", "lib": ["esnext", "dom"], "skipLibCheck": true,
            "types": ["node"]},
           "include": ["src"]}
          """, "JavaScript with JSDoc types, checkJs; 2 errors before any change (the baseline)")),
      Map.entry("printer", new TsCorpus("printer", "@effect/printer", "0.51.0", "src", STRICT_TS,
          "strict; tsc clean; its peer dependencies effect " + EFFECT + " and @effect/typeclass " + EFFECT_TYPECLASS
          + " installed beside it; held out in the ninth round, tuning since")),
      Map.entry("typeclass", new TsCorpus("typeclass", "@effect/typeclass", EFFECT_TYPECLASS, "src", STRICT_TS,
          "strict; tsc clean; its peer dependency effect " + EFFECT + " installed beside it; held out (ninth round,"
          + " second part)")),
      Map.entry("immer", new TsCorpus("immer", "immer", "11.2.13", "src", STRICT_TS.replace("\"lib\": [\"esnext\", \"dom\"]",
          "\"lib\": [\"es2020\", \"dom\"]"),
          "strict with the ES2020 library (its Map and Set drafts declare the iterators of before ES2025's iterator"
          + " helpers, which esnext's Set and Map types require: 9 errors in mapset.ts); tsc clean; held out (tenth"
          + " round), tuning since its second part")),
      Map.entry("form-core", new TsCorpus("form-core", "@tanstack/form-core", "1.33.5", "src", STRICT_TS,
          "strict; tsc clean; its dependencies " + FORM_CORE_DEPENDENCIES + " installed beside it; held out (tenth"
          + " round, second part), tuning since its third part")),
      Map.entry("table-core", new TsCorpus("table-core", "@tanstack/table-core", "8.21.3", "src", STRICT_TS,
          "strict; tsc clean; no dependencies; held out (tenth round, third part)")));

  /** True for a JavaScript corpus. */
  boolean javascript() {
    return tsconfig.contains("\"checkJs\"");
  }

  /**
   * Installs TypeScript and every corpus package (pinned) into {@code dir} with npm, unless they are
   * there at those versions, and writes the checker script beside them.
   *
   * @param dir the bench's folder
   * @throws IOException if npm fails
   */
  static void install(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    StringBuilder deps = new StringBuilder();
    deps.append("\"typescript\": \"").append(TYPESCRIPT).append("\", \"@types/node\": \"").append(TYPES_NODE)
        .append("\", \"lib0\": \"").append(LIB0).append("\", \"effect\": \"").append(EFFECT)
        .append("\", \"@effect/typeclass\": \"").append(EFFECT_TYPECLASS).append('"');
    boolean current = installed(dir, "typescript", TYPESCRIPT) && installed(dir, "@types/node", TYPES_NODE)
        && installed(dir, "lib0", LIB0) && installed(dir, "effect", EFFECT)
        && installed(dir, "@effect/typeclass", EFFECT_TYPECLASS);
    for (Map.Entry<String, String> e : FORM_CORE_DEPENDENCIES.entrySet()) {
      deps.append(", \"").append(e.getKey()).append("\": \"").append(e.getValue()).append('"');
      current &= installed(dir, e.getKey(), e.getValue());
    }
    for (TsCorpus c : new TreeMap<>(ALL).values()) {
      if (c.pkg().equals("@effect/typeclass")) {
        continue; // printer's peer dependency, listed above
      }
      deps.append(", \"").append(c.pkg()).append("\": \"").append(c.version()).append('"');
      current &= installed(dir, c.pkg(), c.version());
    }
    Files.writeString(dir.resolve("package.json"), "{\"name\": \"co-clone-bench-signatures-ts\", \"private\": true,"
        + " \"dependencies\": {" + deps + "}}\n");
    if (!current) {
      System.err.println("signatures-ts: npm install (pinned: typescript " + TYPESCRIPT + " and the corpora)");
      Process p = new ProcessBuilder("npm", "install", "--ignore-scripts", "--no-audit", "--no-fund")
          .directory(dir.toFile()).inheritIO().redirectOutput(ProcessBuilder.Redirect.to(dir.resolve("npm.log")
              .toFile())).start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("npm install failed in " + dir + " (see npm.log there); the bench needs npm and the"
            + " npm registry");
      }
    }
    try (InputStream in = TsCorpus.class.getResourceAsStream("tsc-check.cjs")) {
      if (in == null) {
        throw new IOException("tsc-check.cjs is missing from the jar");
      }
      Files.write(dir.resolve("tsc-check.cjs"), in.readAllBytes());
    }
  }

  private static boolean installed(Path dir, String pkg, String version) throws IOException {
    Path pj = dir.resolve("node_modules").resolve(pkg).resolve("package.json");
    return Files.isRegularFile(pj) && Files.readString(pj).contains("\"version\": \"" + version + "\"");
  }

  /**
   * A fresh working copy of the corpus's sources under {@code dir/corpora/NAME}, with its tsconfig.
   *
   * @return the working copy's root (the tsconfig's folder)
   */
  Path copy(Path dir) throws IOException {
    Path root = dir.resolve("corpora").resolve(name);
    ScratchFolders.delete(root);
    Path from = dir.resolve("node_modules").resolve(pkg).resolve(src);
    Path to = root.resolve("src");
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    Files.writeString(root.resolve("tsconfig.json"), tsconfig);
    return root;
  }

  /** The corpus's sources (.ts but not .d.ts, or .js) by path relative to its root, sorted. */
  Map<String, String> load(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    String ext = javascript() ? ".js" : ".ts";
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root.resolve("src"))) {
      s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(ext) && !p.toString().endsWith(".d.ts"))
          .filter(p -> exclude.isEmpty() || !root.relativize(p).toString().replace('\\', '/').matches(exclude))
          .forEach(files::add);
    }
    files.sort(null);
    for (Path p : files) {
      out.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
    }
    return out;
  }
}
