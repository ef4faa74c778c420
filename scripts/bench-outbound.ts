/**
 * What the outbound fetch (server/http/outbound.ts) costs against hostile feeds, on
 * 127.0.0.1 only: an endless chunked answer with no length (stopped at the byte limit),
 * a feed that trickles a byte every 50 ms (stopped at the deadline while reading) and one
 * that never answers. Prints resident memory growth and how long each took to give up.
 *
 *   npx tsx scripts/bench-outbound.ts
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchText, OutboundError } from '../server/http/outbound';

const MAX_BYTES = 20_000_000; // the Meeting Guide import's limit
const DEADLINE_MS = 20_000; // WAYMARK_OUTBOUND_TIMEOUT_MS default

async function main() {
  let served = 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/endless') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const more = (): void => {
        while (served < 400_000_000) {
          served += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      return more();
    }
    if (req.url === '/trickle') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 50);
      return void res.on('close', () => clearInterval(timer));
    }
    // /silent: never answers
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const opts = { maxBytes: MAX_BYTES, timeoutMs: DEADLINE_MS, allowHosts: ['127.0.0.1'] };
  for (const path of ['/endless', '/trickle', '/silent']) {
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const outcome = await fetchText(base + path, opts).then(() => 'read', (e: unknown) => (e instanceof OutboundError ? e.reason : String(e)));
    const ms = Date.now() - started;
    const grew = (process.memoryUsage().rss - rssBefore) / 1e6;
    console.log(`${path.padEnd(9)} ${outcome.padEnd(10)} after ${(ms / 1000).toFixed(1)} s; RSS +${grew.toFixed(0)} MB${path === '/endless' ? `; server had sent ${(served / 1e6).toFixed(0)} MB of 400 MB` : ''}`);
  }
  server.closeAllConnections();
  server.close();
}

void main();
