/**
 * The public map page in a real browser: it loads without errors, draws the partnership
 * boundary and the published assets (and only those), and the list beside the map opens
 * the same card by keyboard.
 */
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, countColours, describeInBrowser, launchBrowser, startApp, type RunningApp, waitForText } from './support';

const BOUNDARY_LINE = '#00594f'; // boundary-layer.ts
// palette.ts: treatment (a square) and mutual aid (a circle) share Okabe–Ito blue.
const CATEGORY_BLUE = '#0072B2';

describeInBrowser('map page', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const coordinator = await app.ctx.as('coordinator');
    const volunteer = await app.ctx.as('volunteer');
    // Two published assets well apart inside the test boundary (-1.91..-1.81, 53.69..53.75), and one pending.
    const created = await Promise.all([
      coordinator.post('/api/assets', {
        name: 'Halifax Drug and Alcohol Service', category: 'treatment', publish: true, selfReferral: true, wheelchairAccess: true,
        schedule: [{ day: 1, start: '09:00', end: '17:00' }, { day: 2, start: '09:00', end: '17:00' }, { day: 3, start: '09:00', end: '17:00' }],
        sites: [{ lat: 53.727, lng: -1.885, venueName: 'Horton Street clinic' }],
      }),
      coordinator.post('/api/assets', {
        name: 'Tuesday Women’s Mutual Aid', category: 'mutual_aid', publish: true, peerLed: true, whoFor: ['women'],
        schedule: [{ day: 2, start: '19:00', end: '20:30' }],
        sites: [{ lat: 53.705, lng: -1.835, venueName: 'Church hall' }],
      }),
      volunteer.post('/api/assets', { name: 'Unreviewed Drop-in', category: 'advice', sites: [{ lat: 53.74, lng: -1.86 }] }),
    ]);
    for (const res of created) expect(res.status).toBe(201);

    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = collectPageErrors(page);
    await page.goto(app.baseUrl + '/');
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('loads with no console errors or uncaught exceptions', () => {
    expect(errors).toEqual([]);
  });

  it('names the partnership and shows its OGL attribution', async () => {
    expect(await waitForText(page.locator('#partnership-name'), 'Test Partnership: recovery map')).toBe('Test Partnership: recovery map');
    const attribution = await page.locator('.maplibregl-ctrl-attrib').textContent();
    expect(attribution).toContain('Crown copyright');
  });

  it('draws the boundary line and the asset markers on the map canvas', async () => {
    const counts = await countColours(page, '#map', { boundary: BOUNDARY_LINE, markers: CATEGORY_BLUE }, 12);
    // A 6 km square outline, dashed, 2.5 px wide, is thousands of pixels; two 24 px markers are hundreds.
    expect(counts.boundary).toBeGreaterThan(1000);
    expect(counts.markers).toBeGreaterThan(200);
  });

  it('lists the published assets in view, and not the pending one', async () => {
    expect(await waitForText(page.locator('#asset-list-heading'), '2 assets in view')).toBe('2 assets in view');
    const names = await page.locator('#asset-list .item-name').allTextContents();
    expect(names).toEqual(['Halifax Drug and Alcohol Service', 'Tuesday Women’s Mutual Aid']);
  });

  it('opens a card from the list by keyboard, with the schedule in words, and closes back to the list', async () => {
    const item = page.locator('#asset-list .item-button', { hasText: 'Tuesday Women’s Mutual Aid' });
    await item.focus();
    await page.keyboard.press('Enter');
    const heading = page.locator('#details-heading');
    expect(await waitForText(heading, 'Tuesday Women’s Mutual Aid')).toBe('Tuesday Women’s Mutual Aid');
    await page.waitForFunction(() => document.activeElement?.id === 'details-heading');
    const card = await page.locator('#details').innerText();
    expect(card).toContain('Tuesdays 19:00–20:30');
    expect(card).toContain('Women');
    expect(card).toContain('Peer-led');
    await page.keyboard.press('Escape');
    await expect(page.locator('#details').isHidden()).resolves.toBe(true);
    // The list item itself (the list was redrawn meanwhile), not the page body, which also holds the name.
    await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.matches('#asset-list .item-button') && document.activeElement!.textContent!.includes('Tuesday Women’s Mutual Aid'));
  });

  it('reads a Monday-to-Wednesday schedule as a range', async () => {
    await page.locator('#asset-list .item-button', { hasText: 'Halifax Drug and Alcohol Service' }).click();
    await page.waitForSelector('#details-heading');
    const card = await page.locator('#details').innerText();
    expect(card).toContain('Monday to Wednesday 09:00–17:00');
    expect(card).toContain('You can refer yourself');
    expect(card).toContain('Wheelchair accessible');
  });

  it('filters by category: unticking treatment leaves one asset', async () => {
    // The key (categories) is open by default on desktop.
    await page.getByRole('checkbox', { name: 'Treatment', exact: true }).uncheck();
    expect(await waitForText(page.locator('#asset-list-heading'), '1 asset in view')).toBe('1 asset in view');
    await page.getByRole('checkbox', { name: 'Treatment', exact: true }).check();
    expect(await waitForText(page.locator('#asset-list-heading'), '2 assets in view')).toBe('2 assets in view');
  });

  it('says the deprivation layer has no data when the partnership has no areas loaded', async () => {
    await expect(page.getByLabel('Shade areas by deprivation (IMD 2019)').isDisabled()).resolves.toBe(true);
    await expect(page.locator('#filters').innerText()).resolves.toContain('No area statistics are loaded');
  });
});
