// Calls Co-Clone through the published ollama-js client, one call per run, and prints what the
// client gives its user as JSON lines (an error as {"error": e.message, "status": e.status_code}).
// Usage: node ollama-calls.mjs CALL BASE_URL TOKEN MODEL [PROMPT]
//   CALL: list | show | ps | version | generate | stream | abort | abort-all | chat
//   TOKEN "-" sends no Authorization header.
import { Ollama } from 'ollama';

const [call, url, token, model, prompt = 'def add(a, b):\n    '] = process.argv.slice(2);
const headers = token === '-' ? {} : { Authorization: `Bearer ${token}` };
const ollama = new Ollama({ host: url, headers });
const print = (value) => console.log(JSON.stringify(value));

try {
  switch (call) {
    case 'list':
      print((await ollama.list()).models.map((m) => m.name));
      break;
    case 'show':
      print(await ollama.show({ model }));
      break;
    case 'ps':
      print((await ollama.ps()).models.map((m) => m.name));
      break;
    case 'version':
      print(await ollama.version());
      break;
    case 'chat':
      print(await ollama.chat({ model, messages: [{ role: 'user', content: prompt }], stream: false }));
      break;
    case 'generate':
      print(await ollama.generate({ model, prompt, stream: false }));
      break;
    case 'stream': {
      for await (const part of await ollama.generate({ model, prompt, stream: true })) {
        print({ response: part.response, done: part.done, done_reason: part.done_reason });
      }
      break;
    }
    case 'abort':
    case 'abort-all': {
      // Stops after the first part: the iterator's own abort(), or the client's abort() of every stream.
      const stream = await ollama.generate({ model, prompt, stream: true });
      for await (const part of stream) {
        print({ response: part.response });
        if (call === 'abort') {
          stream.abort();
        } else {
          ollama.abort();
        }
      }
      print({ finished: true });
      break;
    }
    default:
      throw new Error(`unknown call ${call}`);
  }
} catch (e) {
  print({ error: e.message, status: e.status_code, name: e.name });
}
