// The ground truth of `bench signatures-ts`: TypeScript's own checker (the `typescript` package
// installed beside this script), run like `tsc --noEmit -p <corpus>` but kept alive between checks.
// Reads one JSON request per line on stdin: {"files": {"<path relative to the corpus>": "<text>" | null}}
// (null puts the file back as it is on disk) and answers one JSON line on stdout:
// {"diagnostics": [{"file", "line", "column", "code", "message"}], "millis": n}.
// A builder program (what `tsc --incremental` uses) re-checks only the files a change can affect.
'use strict';
const path = require('path');
const readline = require('readline');
const ts = require(require.resolve('typescript', { paths: [__dirname] }));

const corpus = path.resolve(process.argv[2]);
const configPath = path.join(corpus, 'tsconfig.json');
const config = ts.readConfigFile(configPath, ts.sys.readFile);
if (config.error) {
  process.stderr.write(ts.flattenDiagnosticMessageText(config.error.messageText, '\n') + '\n');
  process.exit(2);
}
const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, corpus, undefined, configPath);
const options = parsed.options;
const overrides = new Map();
const cache = new Map();
const host = ts.createCompilerHost(options);
const readFile = host.readFile.bind(host);

function key(fileName) {
  return path.resolve(fileName);
}

host.readFile = (fileName) => (overrides.has(key(fileName)) ? overrides.get(key(fileName)) : readFile(fileName));
host.getSourceFile = (fileName, languageVersion) => {
  const text = host.readFile(fileName);
  if (text === undefined) {
    return undefined;
  }
  const k = key(fileName);
  const hit = cache.get(k);
  if (hit && hit.text === text) {
    return hit.file;
  }
  const file = ts.createSourceFile(fileName, text, languageVersion, true);
  file.version = ts.sys.createHash ? ts.sys.createHash(text) : String(text.length) + ':' + text;
  cache.set(k, { text, file });
  return file;
};

let builder;

function check() {
  const started = Date.now();
  builder = ts.createSemanticDiagnosticsBuilderProgram(parsed.fileNames, options, host, builder);
  const all = [
    ...builder.getConfigFileParsingDiagnostics(),
    ...builder.getOptionsDiagnostics(),
    ...builder.getGlobalDiagnostics(),
    ...builder.getSyntacticDiagnostics(),
    ...builder.getSemanticDiagnostics(),
  ];
  const diagnostics = all.filter((d) => d.category === ts.DiagnosticCategory.Error).map((d) => {
    const out = { file: '', line: 0, column: 0, code: d.code,
      message: ts.flattenDiagnosticMessageText(d.messageText, ' ') };
    if (d.file && d.start !== undefined) {
      const lc = d.file.getLineAndCharacterOfPosition(d.start);
      out.file = path.relative(corpus, d.file.fileName).split(path.sep).join('/');
      out.line = lc.line + 1;
      out.column = lc.character + 1;
    }
    return out;
  });
  return { diagnostics, millis: Date.now() - started };
}

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on('line', (line) => {
  if (!line.trim()) {
    return;
  }
  let reply;
  try {
    const request = JSON.parse(line);
    for (const [file, text] of Object.entries(request.files || {})) {
      const k = key(path.join(corpus, file));
      if (text === null) {
        overrides.delete(k);
      } else {
        overrides.set(k, text);
      }
    }
    reply = check();
  } catch (e) {
    reply = { error: String(e && e.stack || e) };
  }
  process.stdout.write(JSON.stringify(reply) + '\n');
});
