import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRefusedAddress } from './outbound-address';
import { OUTBOUND_FAILED, OutboundError, fetchText, type Resolver } from './outbound';

/**
 * The outbound check. Only 127.0.0.1 is ever contacted: every other refused address is
 * refused before any connection (literal addresses, or DNS answers from an injected
 * resolver), which is what these tests prove by giving no server to reach.
 */
describe('isRefusedAddress', () => {
  it.each([
    '127.0.0.1', '127.255.0.9', '0.0.0.0', '0.1.2.3', '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.1.1',
    '169.254.169.254', '100.64.0.1', '100.127.255.255', '224.0.0.1', '255.255.255.255', '198.18.0.1',
    '::', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0',
    'febf::1', 'ff02::1', '2001:db8::1', '64:ff9b::a00:1', '2002:7f00:1::1', '::127.0.0.1', 'not-an-ip', '',
  ])('refuses %s', (address) => expect(isRefusedAddress(address)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.0', '192.169.0.1', '2a00:1450:4009:81f::200e', '::ffff:8.8.8.8', '2606:4700::1111'])(
    'allows the public address %s',
    (address) => expect(isRefusedAddress(address)).toBe(false),
  );
});

type Local = { url: string; hits: () => number; close: () => Promise<void> };
async function localServer(handler: http.RequestListener): Promise<Local> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const reason = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(OutboundError);
  expect((err as Error).message).toBe(OUTBOUND_FAILED);
  return (err as OutboundError).reason;
};
const LIMITS = { maxBytes: 1000, timeoutMs: 5000 };

describe('fetchText', () => {
  let server: Local;
  let port: string;
  beforeAll(async () => {
    server = await localServer((req, res) => {
      if (req.url === '/feed') return res.writeHead(200, { 'Content-Type': 'application/json' }).end('\uFEFF[1]');
      if (req.url?.startsWith('/to?')) return res.writeHead(302, { Location: decodeURIComponent(req.url.slice(4)) }).end();
      if (req.url === '/loop') return res.writeHead(302, { Location: '/loop' }).end();
      if (req.url === '/secret') return res.writeHead(500).end('token=abc');
      if (req.url === '/endless') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(400, 'x');
        const more = (): void => void (res.write(chunk) && setImmediate(more));
        res.on('drain', more);
        return more();
      }
      // /silent: never answers.
    });
    port = new URL(server.url).port;
  });
  afterAll(() => server.close());

  it('refuses loopback by default, in every spelling, without connecting', async () => {
    const before = server.hits();
    for (const host of ['127.0.0.1', '2130706433', '0x7f.1', '017700000001', '127.1', '[::1]', '[::ffff:127.0.0.1]', 'localhost']) {
      expect(await reason(fetchText(`http://${host}:${port}/feed`, LIMITS))).toBe('refused_address');
    }
    expect(server.hits()).toBe(before);
  });

  it('refuses a name whose DNS answer is private, before connecting', async () => {
    for (const address of ['10.0.0.5', '192.168.0.10', '169.254.169.254', 'fd00::5', '172.20.1.1', '100.64.3.3']) {
      const resolve: Resolver = async () => [{ address, family: address.includes(':') ? 6 : 4 }];
      expect(await reason(fetchText('http://feed.example.org/meetings.json', { ...LIMITS, resolve }))).toBe('refused_address');
    }
    // One private address among public ones is enough to refuse the name.
    const mixed: Resolver = async () => [{ address: '8.8.8.8', family: 4 }, { address: '10.1.1.1', family: 4 }];
    expect(await reason(fetchText('http://feed.example.org/', { ...LIMITS, resolve: mixed }))).toBe('refused_address');
  });

  it('an allowed host is fetched from the address it was checked at (the resolution is pinned)', async () => {
    // feed.invalid does not exist in DNS: the connection can only have gone to the pinned 127.0.0.1.
    const resolve: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    expect(await fetchText(`http://feed.invalid:${port}/feed`, { ...LIMITS, resolve, allowHosts: ['feed.invalid'] })).toBe('[1]');
    expect(await fetchText(`${server.url}/feed`, { ...LIMITS, allowHosts: ['127.0.0.1'] })).toBe('[1]');
  });

  it('checks every redirect hop: to a private address, to loopback spelled in decimal, and too many hops', async () => {
    const allow = { ...LIMITS, allowHosts: ['127.0.0.1'] };
    expect(await fetchText(`${server.url}/to?${encodeURIComponent('/feed')}`, allow)).toBe('[1]');
    for (const target of ['http://10.0.0.1/x', 'http://169.254.169.254/latest/meta-data/', 'http://[fd00::1]/', 'http://192.168.1.1:8080/']) {
      expect(await reason(fetchText(`${server.url}/to?${encodeURIComponent(target)}`, allow))).toBe('refused_address');
    }
    // Allowed only as 127.0.0.1; a redirect to 2130706433 is that address again (same rule), and to a name that resolves privately is not.
    const resolve: Resolver = async () => [{ address: '10.9.9.9', family: 4 }];
    expect(await reason(fetchText(`${server.url}/to?${encodeURIComponent('http://internal.example/')}`, { ...allow, resolve }))).toBe('refused_address');
    expect(await reason(fetchText(`${server.url}/loop`, allow))).toBe('too_many_redirects');
  });

  it('stops reading at the byte limit, and at the deadline, with one generic message', async () => {
    const allow = { allowHosts: ['127.0.0.1'] };
    expect(await reason(fetchText(`${server.url}/endless`, { ...allow, maxBytes: 100_000, timeoutMs: 30_000 }))).toBe('too_large');
    expect(await reason(fetchText(`${server.url}/silent`, { ...allow, maxBytes: 1000, timeoutMs: 200 }))).toBe('timeout');
    expect(await reason(fetchText(`${server.url}/secret`, { ...allow, ...LIMITS }))).toBe('http_status');
    expect(await reason(fetchText('ftp://127.0.0.1/feed', { ...allow, ...LIMITS }))).toBe('bad_url');
    expect(await reason(fetchText(`http://user:pw@127.0.0.1:${port}/feed`, { ...allow, ...LIMITS }))).toBe('bad_url');
  });
});

describe('the standing outbound check', () => {
  it('no server code but outbound.ts opens an outbound connection (a new one must go through it and be listed there)', () => {
    const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
    const path = jest.requireActual<typeof import('node:path')>('node:path');
    const root = path.resolve(__dirname, '..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) files.push(p);
      }
    };
    walk(root);
    const OPENS = /\bhttps?\.(request|get)\(|\b(net|tls)\.connect\(|\bfrom '(undici|axios|node-fetch|got)'|\bnew WebSocket\(|\bXMLHttpRequest\b/;
    const offenders = files.filter((f) => {
      if (f.endsWith(path.join('http', 'outbound.ts'))) return false;
      // Code only: comments may mention fetch(…).
      const text = fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      // The global fetch, unless the file binds its own `fetch` (a parameter or a variable).
      const globalFetch = /(?<![\w.])fetch\(/.test(text) && !/(?<![\w.])fetch\s*[:=]|\(\s*fetch\s*[,)]/.test(text);
      return globalFetch || OPENS.test(text);
    });
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
    expect(files.length).toBeGreaterThan(100);
  });
});
