import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/app';
import { tileOrigin } from '../../server/http/security';
import { createTestContext, testConfig, type TestContext } from '../harness';
import { loadConfig } from '../../server/config';

/** Issue 5, item 12: security headers, no source maps in production, the app's own 404s. */
let ctx: TestContext;
let clientDir: string;
beforeAll(async () => {
  ctx = await createTestContext();
  // A stand-in built client, so this test needs no vite build.
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-client-'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Map</title>');
  fs.writeFileSync(path.join(clientDir, '404.html'), '<!doctype html><title>Page not found · Waymark</title><a href="/">Go to the recovery map</a>');
  fs.mkdirSync(path.join(clientDir, 'assets'));
  fs.writeFileSync(path.join(clientDir, 'assets', 'map.js'), 'export {}');
  fs.writeFileSync(path.join(clientDir, 'assets', 'map.js.map'), '{"version":3}');
});
afterAll(async () => {
  fs.rmSync(clientDir, { recursive: true, force: true });
  await ctx.close();
});

const appFor = (env: 'production' | 'development', extra = {}) => createApp({ db: ctx.db, config: testConfig({ env, clientDir, ...extra }) });

test('HTML pages carry a CSP with no inline script, and the usual headers', async () => {
  const res = await request(appFor('development')).get('/');
  expect(res.status).toBe(200);
  const csp = res.headers['content-security-policy'];
  const directives = Object.fromEntries(csp.split(';').map((d: string) => d.trim().split(/\s+/)).map(([k, ...v]: string[]) => [k, v]));
  expect(directives['script-src']).toEqual(["'self'"]);
  expect(directives['script-src-attr']).toEqual(["'none'"]);
  expect(directives['object-src']).toEqual(["'none'"]);
  expect(directives['frame-ancestors']).toEqual(["'none'"]);
  expect(directives).not.toHaveProperty('upgrade-insecure-requests');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['strict-transport-security']).toBeUndefined();
  const secure = await request(appFor('production', { cookieSecure: true })).get('/');
  expect(secure.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  expect(secure.headers['strict-transport-security']).toMatch(/max-age=\d+/);
});

test('a configured basemap host is allowed for images and fetches, and nothing else', async () => {
  expect(tileOrigin('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toBe('https://*.tile.example.org');
  const res = await request(appFor('development', { basemap: { url: 'https://tiles.example.org/{z}/{x}/{y}.png', attribution: '' } })).get('/');
  expect(res.headers['content-security-policy']).toMatch(/img-src 'self' data: blob: https:\/\/tiles\.example\.org;/);
  expect(res.headers['content-security-policy']).toMatch(/connect-src 'self' https:\/\/tiles\.example\.org;/);
});

test('the default online basemap (a vector style and a raster) has both its hosts allowed', async () => {
  const online = loadConfig({ NODE_ENV: 'development', WAYMARK_DEMO: 'false', WAYMARK_BASEMAP: 'online' });
  const res = await request(appFor('development', { basemap: online.basemap, basemapStyle: online.basemapStyle })).get('/');
  const csp = String(res.headers['content-security-policy']);
  const hosts = [online.basemap!.url, online.basemapStyle!.url].map((u) => tileOrigin(u)!);
  expect(hosts.length).toBe(2);
  for (const host of hosts) {
    expect(csp).toMatch(new RegExp(`img-src [^;]*${host.replace(/[.*]/g, '\\$&')}`));
    expect(csp).toMatch(new RegExp(`connect-src [^;]*${host.replace(/[.*]/g, '\\$&')}`));
  }
});

test('source maps are not served in production', async () => {
  expect((await request(appFor('production')).get('/assets/map.js')).status).toBe(200);
  expect((await request(appFor('production')).get('/assets/map.js.map')).status).toBe(404);
  expect((await request(appFor('development')).get('/assets/map.js.map')).status).toBe(200);
});

test('unknown pages get the app’s HTML 404; unknown API paths stay JSON', async () => {
  const app = appFor('production');
  const page = await request(app).get('/no/such/page');
  expect(page.status).toBe(404);
  expect(page.headers['content-type']).toMatch(/text\/html/);
  expect(page.text).toContain('Go to the recovery map');
  const api = await request(app).get('/api/no/such/thing');
  expect(api.status).toBe(404);
  expect(api.headers['content-type']).toMatch(/application\/json/);
  expect(api.body).toEqual({ error: { code: 'not_found', message: 'Endpoint not found.' } });
  // Without a built client the fallback page is still HTML with a link home.
  const bare = await request(createApp({ db: ctx.db, config: testConfig({ clientDir: path.join(clientDir, 'none') }) })).get('/x');
  expect([bare.status, bare.headers['content-type']?.startsWith('text/html'), bare.text.includes('href="/"')]).toEqual([404, true, true]);
});
