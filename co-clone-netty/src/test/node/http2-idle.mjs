// Opens an HTTP/2 connection with Node's own client (nghttp2 underneath, which treats an unexpected
// SETTINGS acknowledgement or a malformed frame as a connection error), lets it sit idle through the
// SETTINGS exchange and a few PINGs, then sends requests on it, and prints one JSON line per step.
// Usage: node http2-idle.mjs BASE_URL PATH REQUESTS   (https:// is ALPN h2 with any certificate)
import http2 from 'node:http2';

const [url, path, requests] = process.argv.slice(2);
const session = http2.connect(url, { rejectUnauthorized: false });
let failed = false;
session.on('error', (e) => {
  failed = true;
  console.log(JSON.stringify({ sessionError: String(e) }));
});
session.on('goaway', (code) => console.log(JSON.stringify({ goaway: code })));
await new Promise((resolve) => session.once('remoteSettings', resolve));
console.log(JSON.stringify({ remoteSettings: true }));
for (let i = 0; i < 3; i++) {
  await new Promise((resolve, reject) => session.ping((err) => (err ? reject(err) : resolve())));
}
console.log(JSON.stringify({ pings: 3 }));
for (let i = 0; i < Number(requests); i++) {
  const status = await new Promise((resolve, reject) => {
    const req = session.request({ ':path': path });
    let answer = 0;
    req.on('response', (headers) => { answer = headers[':status']; });
    req.on('data', () => {});
    req.on('end', () => resolve(answer));
    req.on('error', reject);
    req.end();
  });
  console.log(JSON.stringify({ status }));
}
session.close();
await new Promise((resolve) => session.once('close', resolve));
console.log(JSON.stringify({ closed: true, failed }));
