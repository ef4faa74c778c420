/**
 * The registry's records table at desktop and phone widths: sorted by name at first, a
 * header button sorts the other way (aria-sort says so), the words and category filters
 * keep the matching records, the page never scrolls sideways at 390 px, and axe is clean.
 */
import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser, seriousViolations, signInThroughPage, startApp, type RunningApp, waitForText } from './support';

const NAMES = ['Brighouse Mutual Aid', 'Elland Recovery Café', 'Todmorden Treatment Service', 'halifax mutual aid (evenings)'];

describeInBrowser('registry table', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const coord = await app.ctx.as('coordinator');
    const categories = ['mutual_aid', 'recovery_community', 'treatment', 'mutual_aid'];
    for (const [i, name] of NAMES.entries()) {
      const res = await coord.post('/api/assets', { name, category: categories[i], publish: true, sites: [{ lat: 53.7 + i / 100, lng: -1.86 }] });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it.each([['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const)('sorts, filters and fits the screen (%s)', async (_label, viewport) => {
    const page = await signInThroughPage(await browser.newContext({ viewport }), app.baseUrl, 'commissioner', '/registry.html');
    await page.waitForSelector('.registry-table tbody tr');
    const names = () => page.locator('.registry-table tbody th').allTextContents();
    const published = (await (await app.ctx.as('coordinator')).get('/api/assets?limit=5000')).body.items as { name: string; category: string }[];
    const byName = published.map((a) => a.name).sort((a, b) => a.localeCompare(b, 'en-GB', { sensitivity: 'base', numeric: true }));
    expect(await names()).toEqual(byName);
    const nameHeader = page.locator('.registry-table thead th').first();
    expect(await nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await page.getByRole('button', { name: 'name', exact: true }).click();
    expect(await nameHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await names()).toEqual([...byName].reverse());

    await page.getByLabel('Filter by any words').fill('mutual AID');
    expect(await waitForText(page.locator('#registry-shown'), /^Showing 2 of/)).toBe(`Showing 2 of ${published.length} records.`);
    expect(await names()).toEqual(['halifax mutual aid (evenings)', 'Brighouse Mutual Aid']);
    await page.getByLabel('Filter by any words').fill('');
    await page.getByLabel('Category').selectOption({ label: 'Treatment' });
    const treatment = published.filter((a) => a.category === 'treatment').map((a) => a.name).sort((a, b) => b.localeCompare(a, 'en-GB', { sensitivity: 'base' }));
    expect(await names()).toEqual(treatment);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
