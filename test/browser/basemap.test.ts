/**
 * Maps people can read, offline (tests have no network; offline is the test default):
 * town names from GeoNames on both maps, the key open on desktop, and a postcode or
 * place name in the search box moving the map there; "cafe" finds "Café".
 */
import type { Browser } from 'playwright-core';
import { collectPageErrors, describeInBrowser, launchBrowser, signInThroughPage, startApp, type RunningApp, waitForText } from './support';

describeInBrowser('basemap, offline', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const coord = await app.ctx.as('coordinator');
    expect((await coord.post('/api/assets', { name: 'Café Calder Recovery', category: 'social_leisure_arts', publish: true, sites: [{ lat: 53.722, lng: -1.86 }] })).status).toBe(201);
    expect((await coord.post('/api/assets', { name: 'Elland Mutual Aid', category: 'mutual_aid', publish: true, sites: [{ lat: 53.70, lng: -1.84 }] })).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
    it(`the main map names towns with no network, and credits GeoNames (${label})`, async () => {
      const page = await browser.newPage({ viewport });
      const errors = collectPageErrors(page);
      const external: string[] = [];
      page.on('request', (r) => { if (!r.url().startsWith(app.baseUrl) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url()); });
      await page.goto(app.baseUrl + '/');
      await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
      await page.waitForFunction(() => (document.body.dataset.placeLabels ?? '').includes('Halifax'), undefined, { timeout: 20_000 });
      const labels = (await page.evaluate(() => document.body.dataset.placeLabels ?? '')).split('|');
      expect(labels).toEqual(expect.arrayContaining(['Halifax']));
      expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('GeoNames');
      // The key is open on desktop and folded on a phone.
      const keyOpen = await page.locator('details', { hasText: 'Categories and map key' }).evaluate((d) => (d as HTMLDetailsElement).open);
      expect(keyOpen).toBe(label === 'desktop');
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('a place name or postcode in the search box moves the map there; "cafe" finds "Café"', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.baseUrl + '/');
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await page.getByLabel('Search').fill('cafe');
    expect(await waitForText(page.locator('#status'), /1 assets? match/)).toMatch(/1 assets? match/);
    await expect(page.locator('#asset-list').textContent()).resolves.toContain('Café Calder Recovery');
    await page.getByLabel('Search').fill('elland');
    expect(await waitForText(page.locator('#status'), 'Moved the map to Elland.')).toBe('Moved the map to Elland.');
    await page.waitForFunction(() => (document.body.dataset.placeLabels ?? '').includes('Elland'), undefined, { timeout: 20_000 });
    // Everything is shown again (a place is not a filter), and the list holds what is in view there.
    await page.waitForFunction(() => document.getElementById('asset-list')?.textContent?.includes('Elland Mutual Aid'));
    await page.close();
  });

  it('on a phone, map and list are tabs (the page is one screen tall) and the card opens in view', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(app.baseUrl + '/');
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    const height = () => page.evaluate(() => document.documentElement.scrollHeight);
    expect(await height()).toBeLessThanOrEqual(844);
    await expect(page.locator('#asset-list-section').isVisible()).resolves.toBe(false);
    await page.getByRole('tab', { name: 'List and filters' }).click();
    await expect(page.locator('#map').isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: /Elland Mutual Aid/ }).click();
    await page.waitForSelector('#details-heading');
    const box = (await page.locator('#details').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(844 + 1);
    expect(await height()).toBeLessThanOrEqual(844);
    // Back to the map: the card stays over it, where the user is looking.
    await page.getByRole('tab', { name: 'Map' }).click();
    await expect(page.locator('#details').isVisible()).resolves.toBe(true);
    await expect(page.locator('#map').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('a failed load offers "Try again", which then loads the map; "Skip to the map" reaches it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.route('**/api/partnership', (r) => r.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"Down for a moment."}}' }));
    await page.goto(app.baseUrl + '/');
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    await page.unroute('**/api/partnership');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to the map');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('map-wrap');
    await page.close();
  });

  it('the capture map (Leaflet) shows town names offline too', async () => {
    const page = await signInThroughPage(await browser.newContext({ viewport: { width: 390, height: 844 } }), app.baseUrl, 'volunteer', '/capture.html');
    await page.waitForSelector('.leaflet-container');
    await page.waitForSelector('.place-label', { state: 'attached', timeout: 20_000 });
    const names = await page.locator('.place-label').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['Halifax']));
    await expect(page.locator('.leaflet-control-attribution').textContent()).resolves.toContain('GeoNames');
    await page.context().close();
  });
});
