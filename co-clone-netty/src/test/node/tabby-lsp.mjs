// Runs the published tabby-agent as the language server its editor plugins start
// (`tabby-agent --lsp --stdio`), configured through its config file to a Co-Clone server, and
// asks it for a completion the way an editor does: initialize, initialized, didOpen, then
// textDocument/completion (tabby-agent 1.5's LSP server offers completion items; inline
// completion came in later versions). Prints the completion list as one JSON line.
// Usage: node tabby-lsp.mjs ENDPOINT TOKEN
import { spawn } from 'node:child_process';
import { tabbyHome, stopAgent } from './tabby-home.mjs';

const [endpoint, token] = process.argv.slice(2);
const { home, remove } = tabbyHome(endpoint, token);
const agent = spawn(process.execPath, ['node_modules/tabby-agent/dist/cli.js', '--lsp', '--stdio'], {
  env: { ...process.env, HOME: home, USERPROFILE: home },
  stdio: ['pipe', 'pipe', 'inherit'],
});

// vscode-jsonrpc's framing: "Content-Length: N\r\n\r\n" and N bytes of JSON.
let buffer = Buffer.alloc(0);
const pending = new Map();
let nextId = 1;
agent.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
    if (buffer.length < headerEnd + 4 + length) return;
    const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
    buffer = buffer.subarray(headerEnd + 4 + length);
    handle(message);
  }
});

function write(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
  agent.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  agent.stdin.write(body);
}

function handle(message) {
  if (message.id !== undefined && message.method) {
    write({ id: message.id, result: null }); // a request from the server (configuration, progress): none here
  } else if (message.id !== undefined && pending.has(message.id)) {
    const { resolve, reject } = pending.get(message.id);
    pending.delete(message.id);
    message.error ? reject(new Error(message.error.message)) : resolve(message.result);
  } else if (message.method === 'window/showMessage') {
    console.error(`agent says: ${message.params.message}`);
  }
}

function request(method, params) {
  const id = nextId++;
  write({ id, method, params });
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

const uri = 'file:///project/calc.py';
const text = 'def add(a, b):\n    \n';
try {
  await request('initialize', {
    processId: process.pid,
    clientInfo: { name: 'co-clone-test', version: '1.0' },
    rootUri: 'file:///project',
    capabilities: { textDocument: { completion: {} } },
  });
  write({ method: 'initialized', params: {} });
  write({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'python', version: 1, text } } });
  const list = await request('textDocument/completion', {
    textDocument: { uri },
    position: { line: 1, character: 4 },
    context: { triggerKind: 1 },
  });
  console.log(JSON.stringify(list));
  await request('shutdown', null);
  write({ method: 'exit' });
} catch (e) {
  console.log(JSON.stringify({ error: e.message }));
} finally {
  await stopAgent(agent);
  remove();
}
