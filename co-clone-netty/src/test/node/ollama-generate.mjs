// Streams one completion through the published ollama-js client and prints each part it shows.
// Usage: node ollama-generate.mjs BASE_URL TOKEN MODEL PROMPT
import { Ollama } from 'ollama';

const [url, token, model, prompt] = process.argv.slice(2);
const ollama = new Ollama({ host: url, headers: { Authorization: `Bearer ${token}` } });
try {
  const stream = await ollama.generate({ model, prompt, stream: true });
  for await (const part of stream) {
    console.log(JSON.stringify({ response: part.response, done: part.done }));
  }
} catch (e) {
  console.log(JSON.stringify({ error: e.message, status: e.status_code }));
}
