// Calls POST /infill with the request llama.vscode sends (its createRequestPayload: the lines above
// the cursor as input_prefix, the cursor line so far as prompt, the rest as input_suffix, its ring
// buffer of chunks {text, time, filename} as input_extra, and its sampling defaults), with its
// API key as a bearer header, and prints what a plugin would read, one JSON line per event.
// Usage: node llama-infill.mjs BASE_URL TOKEN MODE   (MODE: whole | stream | abort)
const [url, token, mode] = process.argv.slice(2);
const body = {
  input_prefix: 'import math\n\ndef area(r):\n',
  input_suffix: '\n\nprint(area(2))\n',
  input_extra: [{ text: 'def circumference(r):\n    return 2 * math.pi * r\n', time: Date.now(), filename: '/project/circle.py' }],
  prompt: '    return ',
  n_predict: 128,
  top_k: 40,
  top_p: 0.99,
  stream: mode !== 'whole',
  samplers: ['top_k', 'top_p', 'infill'],
  cache_prompt: true,
  n_indent: 4,
  t_max_prompt_ms: 500,
  t_max_predict_ms: 1000,
};
const controller = new AbortController();
try {
  const response = await fetch(`${url}/infill`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  if (mode === 'whole' || !response.ok) {
    console.log(JSON.stringify({ status: response.status, type: response.headers.get('content-type'), body: await response.json() }));
  } else {
    // llama.cpp's stream: "data: {json}" events separated by blank lines.
    const decoder = new TextDecoder();
    let pending = '';
    for await (const bytes of response.body) {
      pending += decoder.decode(bytes, { stream: true });
      let end;
      while ((end = pending.indexOf('\n\n')) >= 0) {
        const event = pending.slice(0, end);
        pending = pending.slice(end + 2);
        console.log(JSON.stringify(JSON.parse(event.replace(/^data: /, ''))));
        if (mode === 'abort') {
          controller.abort(); // the editor moved on: the request is dropped after the first piece
          process.exit(0);
        }
      }
    }
  }
} catch (e) {
  console.log(JSON.stringify({ error: e.message }));
}
