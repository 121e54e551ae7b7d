// Runs the published tabby-agent as Tabby's Vim and IntelliJ plugins of its time do
// (`tabby-agent --stdio`: one JSON array a line, [id, {func, args}] calls to the agent), configured
// through its config file to a Co-Clone server, and asks for a completion with the declarations,
// snippets of recently changed files and clipboard an editor collects, then reports that the
// user saw and accepted it. Prints one JSON line: {status, completion, viewed, selected}.
// Usage: node tabby-agent-stdio.mjs ENDPOINT TOKEN
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { tabbyHome, stopAgent } from './tabby-home.mjs';

const [endpoint, token] = process.argv.slice(2);
const { home, remove } = tabbyHome(endpoint, token);
const agent = spawn(process.execPath, ['node_modules/tabby-agent/dist/cli.js', '--stdio'], {
  env: { ...process.env, HOME: home, USERPROFILE: home },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const pending = new Map();
let nextId = 1;
createInterface({ input: agent.stdout }).on('line', (line) => {
  const [id, result] = JSON.parse(line);
  if (id !== 0 && pending.has(id)) { // id 0 carries the agent's events (status changes)
    pending.get(id)(result);
    pending.delete(id);
  }
});

function call(func, ...args) {
  const id = nextId++;
  agent.stdin.write(JSON.stringify([id, { func, args }]) + '\n');
  return new Promise((resolve) => pending.set(id, resolve));
}

const text = 'def area(shape):\n    ';
try {
  await call('initialize', { clientProperties: { session: { client: 'co-clone-test' } } });
  const status = await call('getStatus');
  const completion = await call('provideCompletions', {
    filepath: '/project/geometry.py',
    language: 'python',
    text,
    position: text.length,
    clipboard: 'PI = 3.14159',
    workspace: '/project',
    declarations: [{ filepath: '/project/shapes.py', offset: 0, text: 'class Circle:\n    radius: float' }],
    relevantSnippetsFromChangedFiles: [
      { filepath: '/project/perimeter.py', offset: 0, text: 'def perimeter(circle):\n    return 2 * PI * circle.radius', score: 0.9 },
    ],
  });
  const event = (type) => ({ type, completion_id: completion?.id, choice_index: 0 });
  const viewed = await call('postEvent', event('view'));
  const selected = await call('postEvent', event('select'));
  console.log(JSON.stringify({ status, completion, viewed, selected }));
} catch (e) {
  console.log(JSON.stringify({ error: e.message }));
} finally {
  await stopAgent(agent);
  remove();
}
