/**
 * Issue 5, item 12: every page works under the Content-Security-Policy (no inline script):
 * no CSP violation and no console error on any page, maps drawn; the 404 page is the app's own.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, describeInBrowser, launchBrowser, signInThroughPage, startApp, type RunningApp } from './support';

describeInBrowser('pages under the Content-Security-Policy', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const coordinator = await app.ctx.as('coordinator');
    const res = await coordinator.post('/api/assets', { name: 'CSP Café', category: 'social_leisure_arts', publish: true, sites: [{ lat: 53.72, lng: -1.86 }] });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Records CSP violations the page itself sees, besides console errors. */
  async function watch(page: Page): Promise<string[]> {
    const errors = collectPageErrors(page);
    await page.exposeFunction('reportViolation', (v: string) => errors.push(`csp: ${v}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
    });
    return errors;
  }

  it('the built client carries no source maps', () => {
    const dist = path.resolve(__dirname, '../../client/dist');
    const files = fs.readdirSync(dist, { recursive: true }).map(String);
    expect(files.length).toBeGreaterThan(4);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.js')).filter((f) => fs.readFileSync(path.join(dist, f), 'utf8').includes('sourceMappingURL'))).toEqual([]);
  });

  it('the map page draws its map with no violations', async () => {
    const page = await browser.newPage();
    const errors = await watch(page);
    const res = await page.goto(app.baseUrl + '/');
    expect(res!.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the capture page (Leaflet) and the review page load with no violations', async () => {
    const context = await browser.newContext();
    const page = await signInThroughPage(context, app.baseUrl, 'coordinator', '/capture.html');
    const errors = await watch(page);
    await page.reload();
    await page.waitForSelector('.leaflet-container', { timeout: 30_000 });
    await page.goto(app.baseUrl + '/review.html');
    await page.getByText('CSP Café').or(page.locator('main')).first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an unknown page is the friendly 404 page, styled, with a link home', async () => {
    const page = await browser.newPage();
    const errors = await watch(page);
    const res = await page.goto(app.baseUrl + '/no/such/page');
    expect(res!.status()).toBe(404);
    expect(res!.headers()['content-type']).toMatch(/text\/html/);
    expect(await page.locator('h1').textContent()).toBe('We can’t find that page');
    expect(await page.getByRole('link', { name: 'Go to the recovery map' }).getAttribute('href')).toBe('/');
    // The shared stylesheet applied (body font is not the browser default serif).
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).not.toMatch(/^"?Times/);
    // Chromium logs the page's own 404 status as a console error; nothing else may appear.
    expect(errors.filter((e) => !e.includes('status of 404 (Not Found) (' + app.baseUrl + '/no/such/page)'))).toEqual([]);
    await page.close();
  });
});
