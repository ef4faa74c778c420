import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestContext, type TestContext } from '../harness';
import { OUTBOUND_FAILED } from '../../server/http/outbound';

/**
 * The standing outbound check at the HTTP level (issue 22, items 6–8), for the one path
 * that fetches a URL (server/http/outbound.ts lists it): the Meeting Guide import by URL.
 * Only 127.0.0.1 is contacted: every other address is refused before any connection.
 *
 * - By default, loopback in any spelling is refused and the local server sees no request.
 * - With 127.0.0.1 explicitly allowed (WAYMARK_OUTBOUND_ALLOW_HOSTS), feeds import, and
 *   redirects to private, link-local and unique-local addresses are still refused; an
 *   internal error page is never shown; every failure is one generic message.
 * - A feed that never answers holds no write slot: a volunteer's write goes through
 *   while the import waits (the fetch happens before the write gate and any transaction).
 */
type Local = { url: string; hits: () => number; requested: Promise<void>; close: () => Promise<void> };
const FEED = [{ slug: 'url-1', name: 'Halifax Tuesday', day: 2, time: '20:00', latitude: 53.7213, longitude: -1.8601, location: 'Halifax Hall' }];

async function localServer(): Promise<Local> {
  let hits = 0;
  let markRequested = () => {};
  const requested = new Promise<void>((resolve) => (markRequested = resolve));
  const server = http.createServer((req, res) => {
    hits++;
    markRequested();
    if (req.url === '/feed.json') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(FEED));
    if (req.url?.startsWith('/to?')) return void res.writeHead(302, { Location: decodeURIComponent(req.url.slice(4)) }).end();
    if (req.url === '/internal') return void res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"token":"s3cr3t-token","password":"hunter2"}');
    // /silent never answers.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    requested,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const importUrl = (url: string, source = 'url-feed') => `/api/imports/meeting-guide?source=${source}&url=${encodeURIComponent(url)}`;
const GENERIC = [{ field: 'query.url', message: OUTBOUND_FAILED }];

describe('default settings: loopback is refused', () => {
  let ctx: TestContext;
  let server: Local;
  beforeAll(async () => {
    ctx = await createTestContext();
    server = await localServer();
  });
  afterAll(async () => {
    await server.close();
    await ctx.close();
  });

  test('127.0.0.1, 2130706433, 0x7f.0.0.1, [::1] and [::ffff:127.0.0.1] are refused without a connection, with one generic error', async () => {
    const coord = await ctx.as('coordinator');
    const port = new URL(server.url).port;
    for (const host of ['127.0.0.1', '2130706433', '0x7f.0.0.1', '[::1]', '[::ffff:127.0.0.1]', 'localhost']) {
      const res = await coord.post(importUrl(`http://${host}:${port}/feed.json`));
      expect({ host, status: res.status, details: res.body.error.details }).toEqual({ host, status: 422, details: GENERIC });
    }
    expect(server.hits()).toBe(0);
    expect(await ctx.db.knex('asset').count('* as n')).toEqual([{ n: 0 }]);
  });

  test('a volunteer cannot make the server fetch anything', async () => {
    const vol = await ctx.as('volunteer');
    expect((await vol.post(importUrl(`${server.url}/feed.json`))).status).toBe(403);
    expect(server.hits()).toBe(0);
  });
});

describe('127.0.0.1 allowed explicitly (as a test or an intranet feed would be)', () => {
  let ctx: TestContext;
  let server: Local;
  beforeAll(async () => {
    server = await localServer();
    ctx = await createTestContext({
      outbound: { allowHosts: ['127.0.0.1'], timeoutMs: 60_000 },
      writeGate: { slots: 1, maxQueue: 10, maxWaitMs: 120_000 },
    });
  });
  afterAll(async () => {
    await server.close();
    await ctx.close();
  });

  test('a feed fetched from its URL imports like an upload', async () => {
    const coord = await ctx.as('coordinator');
    const res = await coord.post(importUrl(`${server.url}/feed.json`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ meetings: 1, created: 1, imported: { inPerson: 1, online: 0 } });
    expect((await coord.post(importUrl(`${server.url}/feed.json`))).body).toMatchObject({ created: 0, unchanged: 1 });
  });

  test('redirects to private, link-local and unique-local addresses are refused at the hop', async () => {
    const coord = await ctx.as('coordinator');
    for (const target of ['http://10.0.0.1/feed.json', 'http://169.254.169.254/latest/meta-data/', 'http://192.168.1.1/', 'http://[fd00::1]/', 'http://[fe80::1]/', 'http://100.64.0.1/', 'http://0.0.0.0/']) {
      const res = await coord.post(importUrl(`${server.url}/to?${encodeURIComponent(target)}`, 'redirected'));
      expect({ target, status: res.status, details: res.body.error.details }).toEqual({ target, status: 422, details: GENERIC });
    }
  });

  test("an internal service's error answer is not imported and its status and body are not told", async () => {
    const coord = await ctx.as('coordinator');
    const res = await coord.post(importUrl(`${server.url}/internal`, 'internal'));
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual(GENERIC);
    expect(JSON.stringify(res.body)).not.toMatch(/500|s3cr3t|hunter2/);
    expect(await ctx.db.knex('external_ref').where({ source_key: 'internal' }).count('* as n')).toEqual([{ n: 0 }]);
  });

  test('a feed that never answers holds no write slot: a volunteer write goes through meanwhile', async () => {
    const coord = await ctx.as('coordinator');
    const vol = await ctx.as('volunteer');
    const silent = await localServer();
    try {
      let importDone = false;
      const pending = coord.post(importUrl(`${silent.url}/silent`, 'silent')).then((r) => {
        importDone = true;
        return r;
      });
      await silent.requested; // the import is now waiting on the feed
      const write = await vol.post('/api/assets', { name: 'Written While Waiting', category: 'recovery_community', sites: [{ lat: 53.7245, lng: -1.862 }] });
      expect(write.status).toBe(201);
      expect(importDone).toBe(false);
      await silent.close(); // the feed goes away: the import fails with the generic error
      const res = await pending;
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual(GENERIC);
    } finally {
      await silent.close();
    }
  });
});
