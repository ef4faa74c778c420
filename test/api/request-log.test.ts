import request from 'supertest';
import { createTestContext, type TestContext } from '../harness';

/**
 * With WAYMARK_LOG_REQUESTS on, each request is logged with its URL. An access token a GIS
 * client sends as a query key is a credential: the log keeps the key's name, never its value.
 */
let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext({ logRequests: true }); });
afterAll(async () => { await ctx.close(); });

test('the request log redacts an access token in the query, and keeps the rest of the URL', async () => {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { lines.push(args.join(' ')); });
  try {
    const coord = await ctx.as('coordinator');
    const { token } = (await coord.post('/api/auth/tokens', { name: 'QGIS' })).body as { token: string };
    expect(token).toMatch(/^wmk_/);
    const res = await request(ctx.app).get(`/ogc/collections?access_token=${encodeURIComponent(token)}&f=json`);
    expect(res.status).toBe(200);
    // The log line is written when the answer finishes.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    spy.mockRestore();
  }
  const logged = lines.filter((l) => l.startsWith('GET /ogc/collections'));
  expect(logged).toEqual([expect.stringMatching(/^GET \/ogc\/collections\?access_token=\[redacted\]&f=json 200 [\d.]+ms$/)]);
  expect(lines.join('\n')).not.toContain('wmk_');
});
