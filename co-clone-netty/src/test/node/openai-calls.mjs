// Calls Co-Clone through the published openai SDK, one call per run, and prints what the SDK gives
// its user as JSON lines (an error as {"error": e.error?.message, "status", "code", "message"}).
// Usage: node openai-calls.mjs CALL BASE_URL TOKEN MODEL [PROMPT]
//   CALL: models | retrieve | complete | complete-n2 | stream | stream-n2 | abort | chat
import OpenAI from 'openai';

const [call, url, token, model, prompt = 'def add(a, b):\n    '] = process.argv.slice(2);
const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: token, maxRetries: 0 });
const print = (value) => console.log(JSON.stringify(value));

try {
  switch (call) {
    case 'models': {
      const ids = [];
      for await (const m of client.models.list()) {
        ids.push(m.id);
      }
      print(ids);
      break;
    }
    case 'retrieve':
      print(await client.models.retrieve(model));
      break;
    case 'complete':
    case 'complete-n2':
      print(await client.completions.create({ model, prompt, max_tokens: 32, n: call === 'complete' ? 1 : 2 }));
      break;
    case 'stream':
    case 'stream-n2': {
      const stream = await client.completions.create({ model, prompt, max_tokens: 32, stream: true,
        n: call === 'stream' ? 1 : 2 });
      for await (const chunk of stream) {
        for (const c of chunk.choices) {
          print({ index: c.index, text: c.text, finish_reason: c.finish_reason });
        }
      }
      break;
    }
    case 'chat':
      print(await client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] }));
      break;
    case 'abort': {
      const controller = new AbortController();
      const stream = await client.completions.create({ model, prompt, max_tokens: 512, stream: true },
        { signal: controller.signal });
      for await (const chunk of stream) {
        print({ text: chunk.choices[0].text });
        controller.abort();
      }
      print({ finished: true });
      break;
    }
    default:
      throw new Error(`unknown call ${call}`);
  }
} catch (e) {
  print({ error: e.error?.message, status: e.status, code: e.code, message: e.message, name: e.name });
}
