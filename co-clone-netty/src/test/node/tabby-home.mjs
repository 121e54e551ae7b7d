// A temporary HOME with tabby-agent's config file (~/.tabby-client/agent/config.toml) pointing
// the agent at a server with a token; shared by the tabby-*.mjs scripts.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tabbyHome(endpoint, token) {
  const home = mkdtempSync(join(tmpdir(), 'tabby-home-'));
  const dir = join(home, '.tabby-client', 'agent');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.toml'), [
    '[server]',
    `endpoint = ${JSON.stringify(endpoint)}`,
    `token = ${JSON.stringify(token)}`,
    '',
    '[completion.debounce]',
    'mode = "fixed"',
    'interval = 0',
    '',
    '[anonymousUsageTracking]',
    'disable = true',
    '',
  ].join('\n'));
  return { home, remove: () => rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }) };
}

// Stops the agent and waits for its exit, so that it writes nothing more into the HOME removed
// next (removing it while the agent still wrote its state there failed with ENOTEMPTY).
export async function stopAgent(agent) {
  if (agent.exitCode === null && agent.signalCode === null) {
    const exited = new Promise((resolve) => agent.once('exit', resolve));
    agent.kill();
    await exited;
  }
}
